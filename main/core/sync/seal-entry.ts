// Sealing one outbox entry, shared by checkout and the sync agent: claimed in-process so two callers never send it at once.
import type Database from 'better-sqlite3';
import type { SignerKind } from '../../api/pos-types';
import type { Clock } from '../clock';
import { isCoreError } from '../errors';
import { recordOutcome, storedDraft } from '../outbox';
import type { SealOutcome, Sealer } from '../sealer';
import { writeSyncState } from './sync-state';

const claims = new WeakMap<Database.Database, Set<string>>();

function claimSet(db: Database.Database): Set<string> {
  let set = claims.get(db);
  if (set === undefined) {
    set = new Set();
    claims.set(db, set);
  }
  return set;
}

/** True when this caller now owns the entry; false when another caller is already sealing it. Synchronous on purpose. */
export function claimEntry(db: Database.Database, id: string): boolean {
  const set = claimSet(db);
  if (set.has(id)) return false;
  set.add(id);
  return true;
}

export function releaseEntry(db: Database.Database, id: string): void {
  claimSet(db).delete(id);
}

export function isClaimed(db: Database.Database, id: string): boolean {
  return claimSet(db).has(id);
}

/**
 * awaiting_seal → sealing, written BEFORE anything is sent: after a crash the entry says "ask before sending again".
 * False when the entry was not waiting any more.
 */
export function beginSealing(db: Database.Database, id: string, signer: Exclude<SignerKind, 'none'>, now: Date): boolean {
  return db
    .prepare(`UPDATE outbox SET status = 'sealing', signer = ?, reason = ?, next_attempt_at = NULL, updated_at = ?
              WHERE client_invoice_id = ? AND status = 'awaiting_seal'`)
    .run(signer, `Signature en cours (${signer}).`, now.toISOString(), id).changes === 1;
}

export type EntryResult = SealOutcome['status'] | 'busy' | 'mismatch';

/**
 * Runs the sealer on a claimed entry and records what came of it. `how`: 'seal' for a draft never sent, 'resolve'
 * for one left in 'sealing' (ask first). A sealer that throws may have sent the draft: that is "unknown". A sealed
 * answer that differs from the stored draft is not stored; the entry stays 'sealing' with the reason.
 */
export async function runSealer(db: Database.Database, clock: Clock, id: string, sealer: Sealer, how: 'seal' | 'resolve'): Promise<EntryResult> {
  if (!claimEntry(db, id)) return 'busy';
  return runClaimedSealer(db, clock, id, sealer, how);
}

// Serial sealers (delegated) seal and record one entry at a time per database.
const serialQueues = new WeakMap<Database.Database, Promise<unknown>>();

/** runSealer for a caller that claimed the entry itself (checkout claims in the same tick as its commit); releases it. */
export async function runClaimedSealer(db: Database.Database, clock: Clock, id: string, sealer: Sealer, how: 'seal' | 'resolve'): Promise<EntryResult> {
  if (sealer.serial !== true) return sealAndRecord(db, clock, id, sealer, how);
  const previous = serialQueues.get(db) ?? Promise.resolve();
  const run = previous.then(() => sealAndRecord(db, clock, id, sealer, how));
  serialQueues.set(db, run.catch(() => undefined));
  return run;
}

async function sealAndRecord(db: Database.Database, clock: Clock, id: string, sealer: Sealer, how: 'seal' | 'resolve'): Promise<EntryResult> {
  try {
    const draft = storedDraft(db, id);
    if (draft === null) return 'unknown';
    let outcome: SealOutcome;
    try {
      outcome = how === 'resolve' && sealer.resolve !== undefined ? await sealer.resolve(draft) : await sealer.seal(draft);
    } catch (e) {
      outcome = { status: 'unknown', message: e instanceof Error ? e.message : String(e) };
    }
    try {
      await recordOutcome(db, id, outcome, clock.now());
    } catch (e) {
      if (!isCoreError(e) || e.code !== 'seal_mismatch') throw e;
      await recordOutcome(db, id, { status: 'unknown', message: e.message }, clock.now());
      return 'mismatch';
    }
    if (outcome.status === 'sealed' && outcome.invoice.security.mode === 'cloud') writeSyncState(db, 'last_upload_at', clock.now().toISOString());
    return outcome.status;
  } finally {
    releaseEntry(db, id);
  }
}
