// The fiscal extension: the till's key, its credentials (asked for and renewed online, returned when spent or at day
// close), the clock guard, and the delegated sealer that uses them offline.
import type Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock';
import type { CloudClient } from '../cloud/client';
import { jsonOf, problemReason } from '../cloud/http';
import type { Sealer } from '../sealer';
import type { SignerState } from '../signer-choice';
import { readSettings } from '../store/settings';
import { readSyncState, writeSyncState } from '../sync/sync-state';
import type { ClockGuard } from './clock-guard';
import { checkCredential, type CredentialAnswer } from './credential-check';
import { heldCredential, heldCredentials, insertCredential, setCredentialStatus, unsettledUses, usableCredential, type HeldCredential } from './credential-store';
import { openDelegatedKey, type DelegatedKey, type DelegatedKeyConfig } from './key';
import { createDelegatedSealer } from './sealer';

export type FiscalExtensionConfig = {
  key: DelegatedKeyConfig;
  /** Numbers asked for per credential (default 200; the cloud allows up to 1,000). */
  blockSize?: number;
  /** Lifetime asked for (default 12 h; the cloud allows 60 s to 72 h). */
  ttlSeconds?: number;
  /** A new credential is asked for when fewer numbers than this fraction of a block are left (default 0.25)… */
  renewBelowFraction?: number;
  /** …or when the credential expires sooner than this (default a quarter of its lifetime). */
  renewBeforeMs?: number;
  /** The clock guard's bound on drift from the cloud (default 2 min). */
  maxClockDriftMs?: number;
};

export type MaintainReport = { requested: string | null; returned: string[]; note: string | null };

export type FiscalExtension = {
  sealer: Sealer & { mode: 'delegated' };
  /** What the signer probe reports: the usable credential, else the newest open one (expired or spent), else null. */
  credential(): Promise<SignerState['delegated']['credential']>;
  guard: ClockGuard;
  /** Online: returns spent credentials whose invoices the cloud has, asks for a new one when the current runs low. */
  maintain(options?: { request?: boolean }): Promise<MaintainReport>;
  /** Day close: every credential whose invoices are settled goes back to the cloud (its unused numbers voided). */
  returnAll(): Promise<MaintainReport>;
  held(): HeldCredential[];
  /** After a Z: no new credential is asked for until a sale is made after it (the day is closed). */
  pauseUntilNextSale(): void;
  close(): Promise<void>;
};

export type FiscalExtensionDeps = { db: Database.Database; clock: Clock; cloud: CloudClient; guard: ClockGuard; config: FiscalExtensionConfig };

export function createFiscalExtension(deps: FiscalExtensionDeps): FiscalExtension {
  const { db, clock, cloud, guard, config } = deps;
  const blockSize = config.blockSize ?? 200;
  const ttlSeconds = config.ttlSeconds ?? 12 * 3600;
  const renewBelow = Math.max(1, Math.ceil(blockSize * (config.renewBelowFraction ?? 0.25)));
  const renewBeforeMs = config.renewBeforeMs ?? (ttlSeconds * 1000) / 4;
  let keyPromise: Promise<DelegatedKey> | null = null;
  const key = (): Promise<DelegatedKey> => {
    keyPromise ??= openDelegatedKey(config.key);
    keyPromise.catch(() => {
      keyPromise = null;
    });
    return keyPromise;
  };
  const note = (text: string | null): string | null => {
    writeSyncState(db, 'credential_note', text);
    return text;
  };

  const isSpent = (c: HeldCredential, kid: string, nowMs: number): boolean =>
    c.status !== 'open' || c.till_kid !== kid || c.remaining <= 0 || nowMs >= Date.parse(c.expires_at);

  /** Returns every spent credential nothing is pending under; answers the ids returned and what went wrong. */
  async function returnSpent(kid: string, all: boolean, report: MaintainReport): Promise<void> {
    const nowMs = clock.now().getTime();
    for (const c of heldCredentials(db)) {
      if (!all && !isSpent(c, kid, nowMs)) continue;
      if (unsettledUses(db, c.credential_id) > 0) continue;
      const outcome = await cloud.returnCredential(c.credential_id);
      if (outcome.kind !== 'answer') {
        report.note = `Retour du credential ${c.credential_id} impossible : cloud injoignable (${outcome.message}).`;
        return;
      }
      if (outcome.status === 200 || outcome.status === 404) {
        // 404: the cloud does not hold it for this key (another outlet's, or a database reset): nothing to return.
        setCredentialStatus(db, c.credential_id, 'returned', clock.now());
        report.returned.push(c.credential_id);
      } else {
        report.note = `Retour du credential ${c.credential_id} refusé : HTTP ${outcome.status} ${problemReason(outcome.status, outcome.body).message}`;
      }
    }
  }

  async function request(k: DelegatedKey, report: MaintainReport): Promise<void> {
    const s = readSettings(db);
    if (s.outlet === undefined || s.terminal_id === undefined || s.merchant === undefined) {
      report.note = 'Caisse non configurée : pas de credential de signature déléguée.';
      return;
    }
    // The key is kept before the request: a till that crashed or lost the answer asks again with it and receives the
    // same credential, rather than leaving the cloud holding a block this till never heard of.
    let key = readSyncState(db, 'credential_request_key');
    if (key === null) {
      key = randomUUID();
      writeSyncState(db, 'credential_request_key', key);
    }
    const outcome = await cloud.requestCredential({ pos_terminal_id: s.terminal_id, public_key: k.publicJwk, block_size: blockSize, ttl_seconds: ttlSeconds }, key);
    if (outcome.kind !== 'answer') {
      report.note = `Demande de credential impossible : cloud injoignable (${outcome.message}).`;
      return;
    }
    if (outcome.status === 409 && /idempotency/i.test(outcome.body)) {
      // Asked before with other settings (block size, lifetime, key): the next request starts afresh.
      writeSyncState(db, 'credential_request_key', null);
    }
    if (outcome.status !== 201) {
      report.note = `Demande de credential refusée : HTTP ${outcome.status} ${problemReason(outcome.status, outcome.body).message}`;
      return;
    }
    const answer = jsonOf(outcome.body) as CredentialAnswer;
    const want = { kid: k.kid, outletId: s.outlet.id, terminalId: s.terminal_id, merchantNif: s.merchant.nif };
    let checked = await checkCredential(answer, await cloud.keys(), want);
    if (typeof checked === 'string') checked = await checkCredential(answer, await cloud.keys(true), want);
    if (typeof checked === 'string') {
      report.note = `Credential ${String(answer?.credential_id)} rejeté par la caisse : ${checked}.`;
      writeSyncState(db, 'credential_request_key', null);
      // Not believed, not used; handing it back voids its numbers at once instead of at expiry.
      if (typeof answer?.credential_id === 'string') await cloud.returnCredential(answer.credential_id);
      return;
    }
    const fresh = checked;
    const now = clock.now();
    db.transaction(() => {
      writeSyncState(db, 'credential_request_key', null);
      // A replayed answer the till stored already (it crashed after storing, before forgetting the key) is kept once.
      if (heldCredential(db, fresh.credential_id) === null) insertCredential(db, fresh, now);
      for (const c of heldCredentials(db)) {
        if (c.credential_id !== fresh.credential_id && c.status === 'open') setCredentialStatus(db, c.credential_id, 'superseded', now);
      }
    }).immediate();
    report.requested = fresh.credential_id;
  }

  async function maintain(options: { request?: boolean } = {}): Promise<MaintainReport> {
    const report: MaintainReport = { requested: null, returned: [], note: null };
    let k: DelegatedKey;
    try {
      k = await key();
    } catch (e) {
      note(`Clé de signature déléguée indisponible : ${e instanceof Error ? e.message : String(e)}`);
      return { ...report, note: readNote() };
    }
    await returnSpent(k.kid, false, report);
    const nowMs = clock.now().getTime();
    const usable = usableCredential(db, nowMs, k.kid);
    const isHealthy = usable !== null && usable.remaining >= renewBelow && Date.parse(usable.expires_at) - nowMs >= renewBeforeMs;
    if (!isHealthy && options.request !== false && report.note === null && !isPaused()) {
      await request(k, report);
      if (report.requested !== null) await returnSpent(k.kid, false, report);
    }
    note(report.note);
    return report;
  }

  /** Paused by a day close until a sale is made after it. */
  const isPaused = (): boolean => {
    const at = readSyncState(db, 'credential_paused_at');
    if (at === null) return false;
    const later = db.prepare('SELECT 1 FROM outbox WHERE created_at > ? LIMIT 1').get(at) !== undefined;
    if (later) writeSyncState(db, 'credential_paused_at', null);
    return !later;
  };

  const readNote = (): string | null => readSyncState(db, 'credential_note');

  return {
    sealer: createDelegatedSealer({ db, clock, guard, key }),
    guard,
    async credential() {
      const nowMs = clock.now().getTime();
      const open = heldCredentials(db).filter((c) => c.status === 'open');
      let kid: string | null = null;
      try {
        kid = (await key()).kid;
      } catch {
        kid = null;
      }
      const pick = (kid === null ? null : usableCredential(db, nowMs, kid)) ?? open[open.length - 1] ?? null;
      return pick === null ? null : { id: pick.credential_id, expires_at: pick.expires_at, remaining: kid === null || pick.till_kid !== kid ? 0 : pick.remaining };
    },
    maintain,
    async returnAll() {
      const report: MaintainReport = { requested: null, returned: [], note: null };
      const k = await key();
      await returnSpent(k.kid, true, report);
      note(report.note);
      return report;
    },
    held: () => heldCredentials(db),
    pauseUntilNextSale: () => writeSyncState(db, 'credential_paused_at', clock.now().toISOString()),
    async close() {
      if (keyPromise !== null) await (await keyPromise.catch(() => null))?.close();
    },
  };
}
