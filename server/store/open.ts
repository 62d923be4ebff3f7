// Opens the store a `--db` value names: a postgres:// URL, else a SQLite file path.
import { openPostgresStore, type PostgresStoreOptions } from './postgres';
import { openSqliteStore, type SqliteStoreOptions } from './sqlite';
import type { Store } from './store';

export function isPostgresUrl(target: string): boolean {
  return /^postgres(ql)?:\/\//i.test(target);
}

export async function openStore(target: string, options: SqliteStoreOptions & PostgresStoreOptions = {}): Promise<Store> {
  return isPostgresUrl(target) ? openPostgresStore(target, options) : openSqliteStore(target, options);
}
