// Whether the till's clock can be trusted to stamp invoices it seals itself: not gone backwards, not drifted from the cloud's.
import type Database from 'better-sqlite3';
import type { Clock } from '../clock';
import { readSyncState, writeSyncState } from '../sync/sync-state';

export type ClockTrust = { trusted: true; offset_ms: number } | { trusted: false; reason: string };

export type ClockGuardOptions = {
  db: Database.Database;
  clock: Clock;
  /** Largest difference from the cloud's clock accepted for delegated sealing (default 2 min). */
  maxDriftMs?: number;
  /** How far below the highest time it has shown the clock may read before it "went backwards" (default 2 s). */
  backwardsToleranceMs?: number;
};

export type ClockGuard = {
  /** The cloud's time from an answer (its Date header), against the till's time halfway through the exchange. */
  observeServer(serverMs: number, localMs: number): void;
  /** Judged now; a trusted reading also raises the high-water mark the next reading is held to. */
  check(): ClockTrust;
  /** Persists the high-water mark now (the sealer calls it with each number it takes). */
  commitHighWater(): void;
};

/** The Date header has whole seconds: the server's clock was somewhere in [D, D + 1 s). */
export const DATE_HEADER_SLACK_MS = 500;

/**
 * Three checks, each from what the till can know offline:
 * - drift: the last offset measured against the cloud (kept across restarts) is within `maxDriftMs`;
 * - backwards: the clock never reads below the highest time it showed before (kept in SQLite), beyond a tolerance;
 * - jumps while running: since the last measurement, wall time moved like the monotonic clock (a person changing the
 *   system time while the cloud is unreachable shows up here).
 * Never measured against the cloud: untrusted. A new measurement within the bound trusts the clock again.
 */
export function createClockGuard(options: ClockGuardOptions): ClockGuard {
  const { db, clock } = options;
  const maxDriftMs = options.maxDriftMs ?? 120_000;
  const toleranceMs = options.backwardsToleranceMs ?? 2_000;
  let anchor: { wallMs: number; monoMs: number } | null = null;
  let highWater = Number(readSyncState(db, 'clock_high_water') ?? '0');
  let savedHighWater = highWater;
  let backwardsFrom: number | null = null;

  const readOffset = (): number | null => {
    const v = readSyncState(db, 'clock_offset_ms');
    return v === null ? null : Number(v);
  };

  const commitHighWater = (): void => {
    if (highWater > savedHighWater) {
      writeSyncState(db, 'clock_high_water', String(highWater));
      savedHighWater = highWater;
    }
  };

  return {
    observeServer(serverMs, localMs) {
      const offset = Math.round(serverMs + DATE_HEADER_SLACK_MS - localMs);
      writeSyncState(db, 'clock_offset_ms', String(offset));
      writeSyncState(db, 'clock_observed_at', new Date(localMs).toISOString());
      const mono = clock.monotonicMs?.();
      anchor = mono === undefined ? null : { wallMs: localMs, monoMs: mono };
      if (Math.abs(offset) <= maxDriftMs) {
        // The cloud vouches for the clock as it reads now: a high-water mark left by a clock that ran fast is reset.
        highWater = localMs;
        savedHighWater = 0;
        backwardsFrom = null;
        commitHighWater();
      }
    },
    check() {
      const nowMs = clock.now().getTime();
      const offset = readOffset();
      if (offset === null) return { trusted: false, reason: "l'horloge de la caisse n'a jamais été comparée à celle du cloud" };
      if (Math.abs(offset) > maxDriftMs) {
        return { trusted: false, reason: `l'horloge de la caisse s'écarte de ${Math.round(Math.abs(offset) / 1000)} s de celle du cloud (au plus ${Math.round(maxDriftMs / 1000)} s)` };
      }
      if (backwardsFrom !== null || nowMs < highWater - toleranceMs) {
        backwardsFrom ??= highWater;
        return { trusted: false, reason: `l'horloge de la caisse a reculé (elle indiquait ${new Date(backwardsFrom).toISOString()})` };
      }
      const mono = clock.monotonicMs?.();
      if (anchor !== null && mono !== undefined) {
        const jump = nowMs - anchor.wallMs - (mono - anchor.monoMs);
        if (Math.abs(jump) > maxDriftMs) {
          return { trusted: false, reason: `l'horloge de la caisse a été changée de ${Math.round(jump / 1000)} s depuis le dernier contact avec le cloud` };
        }
      }
      highWater = Math.max(highWater, nowMs);
      if (highWater - savedHighWater > 10_000) commitHighWater();
      return { trusted: true, offset_ms: offset };
    },
    commitHighWater,
  };
}
