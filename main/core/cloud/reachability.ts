// Whether the cloud answers now: learnt from every real exchange, and from a cached health check when there was none.
import type Database from 'better-sqlite3';
import type { Clock } from '../clock';
import { readSyncState, writeSyncState } from '../sync/sync-state';
import type { HttpOutcome } from './http';

export type Reachability = {
  /** Fresh enough knowledge, else one health check (a checkout must not wait long for a dead cloud). */
  isReachable(): Promise<boolean>;
  /** Every cloud exchange reports here: any answer means reachable, a request that did not get through means not. */
  note(kind: HttpOutcome['kind'], status: number | null): void;
  /** Why the cloud counts as unreachable, in words, when it does. */
  detail(): string | undefined;
};

export type ReachabilityOptions = {
  db: Database.Database;
  clock: Clock;
  ping: () => Promise<boolean>;
  /** How long a known state is trusted before pinging again (default 5 s). */
  ttlMs?: number;
};

export function createReachability(options: ReachabilityOptions): Reachability {
  const ttl = options.ttlMs ?? 5000;
  let known: { reachable: boolean; at: number } | null = null;
  let lastError: string | undefined;
  let inflight: Promise<boolean> | null = null;

  const set = (reachable: boolean): void => {
    const now = options.clock.now();
    known = { reachable, at: now.getTime() };
    const iso = now.toISOString();
    // Written on a change only (and the "ok" time at most once a minute): a sale must not pay for bookkeeping.
    if (reachable) {
      if (readSyncState(options.db, 'offline_since') !== null) writeSyncState(options.db, 'offline_since', null);
      const last = readSyncState(options.db, 'last_cloud_ok_at');
      if (last === null || now.getTime() - Date.parse(last) > 60_000) writeSyncState(options.db, 'last_cloud_ok_at', iso);
      lastError = undefined;
    } else if (readSyncState(options.db, 'offline_since') === null) {
      writeSyncState(options.db, 'offline_since', iso);
    }
  };

  return {
    async isReachable() {
      if (known !== null && options.clock.now().getTime() - known.at < ttl) return known.reachable;
      inflight ??= options
        .ping()
        .catch(() => false)
        .then((ok) => {
          if (!ok) lastError ??= 'pas de réponse au contrôle de santé';
          set(ok);
          return ok;
        })
        .finally(() => {
          inflight = null;
        });
      return inflight;
    },
    note(kind, status) {
      if (kind === 'answer') set(status !== null && status < 500);
      else {
        lastError = kind === 'not_sent' ? 'connexion impossible' : 'réponse perdue';
        set(false);
      }
    },
    detail: () => lastError,
  };
}
