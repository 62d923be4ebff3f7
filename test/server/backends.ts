// Test helper: the two store backends every server suite runs against, each on a fresh real database.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPostgresStore } from '../../server/store/postgres';
import { openSqliteStore } from '../../server/store/sqlite';
import type { Store } from '../../server/store/store';
import { freshDatabase } from '../support/postgres';

export type Backend = {
  /** What the store was opened from: a SQLite file path or a postgres:// URL. */
  target: string;
  open: () => Promise<Store>;
  cleanup: () => Promise<void>;
};

export type BackendName = 'sqlite' | 'postgres';

export const BACKENDS: BackendName[] = ['sqlite', 'postgres'];

/** A fresh empty database of the given kind (a temp SQLite file, or a new PostgreSQL database). */
export async function makeBackend(name: BackendName): Promise<Backend> {
  if (name === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'stalela-store-'));
    const target = join(dir, 'service.sqlite');
    return {
      target,
      open: async () => openSqliteStore(target),
      cleanup: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const db = await freshDatabase();
  return { target: db.url, open: () => openPostgresStore(db.url), cleanup: db.drop };
}
