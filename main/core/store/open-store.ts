// Opens the till's SQLite file with the pragmas durability needs and brings its schema up to date.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { migrate, type MigrationReport } from './migrate';
import { MIGRATIONS } from './migrations/index';
import type { Migration } from './migrations/types';

export type Store = {
  db: Database.Database;
  path: string;
  migration: MigrationReport;
  close(): void;
};

export type OpenStoreOptions = {
  /** Only tests pass their own list, to prove how a failing or unknown migration is handled. */
  migrations?: readonly Migration[];
};

/**
 * WAL lets the bridge read while a checkout writes; synchronous=FULL because a sale the cashier saw confirmed
 * must survive a power cut (NORMAL may lose the last commits in WAL mode).
 */
export function openStore(path: string, options: OpenStoreOptions = {}): Store {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    const migration = migrate(db, options.migrations ?? MIGRATIONS);
    return { db, path, migration, close: () => db.close() };
  } catch (e) {
    db.close();
    throw e;
  }
}
