// Small facts the sync agent keeps in SQLite (last upload, offline since…), so a restarted till knows them too.
import type Database from 'better-sqlite3';

export type SyncStateKey =
  | 'last_upload_at' | 'last_cloud_ok_at' | 'offline_since' | 'last_pass_at' | 'last_error'
  // The clock guard of delegated signing (delegated/clock-guard.ts).
  | 'clock_offset_ms' | 'clock_observed_at' | 'clock_high_water'
  // The fiscal extension's last word on its credentials, for the status screen.
  | 'credential_note' | 'credential_paused_at' | 'credential_request_key';

export function readSyncState(db: Database.Database, key: SyncStateKey): string | null {
  return (db.prepare('SELECT value FROM sync_state WHERE key = ?').pluck().get(key) as string | undefined) ?? null;
}

/** null deletes the fact. */
export function writeSyncState(db: Database.Database, key: SyncStateKey, value: string | null): void {
  if (value === null) db.prepare('DELETE FROM sync_state WHERE key = ?').run(key);
  else db.prepare('INSERT INTO sync_state(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value);
}

export function readAllSyncState(db: Database.Database): Partial<Record<SyncStateKey, string>> {
  const rows = db.prepare('SELECT key, value FROM sync_state').all() as { key: SyncStateKey; value: string }[];
  return Object.fromEntries(rows.map((r) => [r.key, r.value]));
}
