// Gathers what the status light needs beyond the outbox counts: offline since, last upload, oldest pending sale, device faults.
import type Database from 'better-sqlite3';
import { deviceFaults } from './devices/registry';
import type { SignerState } from './signer-choice';
import type { StatusContext } from './sync-status';
import { readAllSyncState } from './sync/sync-state';

export function statusContextFrom(db: Database.Database, state: SignerState, now: Date): StatusContext {
  const facts = readAllSyncState(db);
  const oldest = db
    .prepare("SELECT created_at FROM outbox WHERE status IN ('awaiting_seal','sealing','awaiting_upload') ORDER BY seq LIMIT 1")
    .pluck()
    .get() as string | undefined;
  return {
    now,
    isOffline: state.cloud.configured && !state.cloud.reachable,
    offlineSince: facts.offline_since ?? null,
    ...(facts.last_upload_at === undefined ? {} : { lastUploadAt: facts.last_upload_at }),
    oldestPendingAt: oldest ?? null,
    deviceFaults: deviceFaults(db),
  };
}
