// Runs the numbered migrations forward, each in its own transaction that also sets PRAGMA user_version.
import type Database from 'better-sqlite3';
import { CoreError } from '../errors';
import type { Migration } from './migrations/types';

export type MigrationReport = { from: number; to: number; applied: string[] };

export function schemaVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Checks the list is 1, 2, 3… so a mis-numbered file fails at startup, not in a shop. */
export function checkMigrationList(migrations: readonly Migration[]): void {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) {
      throw new CoreError('migration_failed', `Migration "${m.name}" is numbered ${m.version}; ${i + 1} was expected.`);
    }
  });
}

/**
 * Brings the database up to the last migration. A database whose version is above what this app knows was
 * written by a newer build: it is refused rather than guessed at, so an old till never corrupts new data.
 */
export function migrate(db: Database.Database, migrations: readonly Migration[]): MigrationReport {
  checkMigrationList(migrations);
  const latest = migrations.length;
  const from = schemaVersion(db);
  if (from > latest) {
    throw new CoreError(
      'database_newer_than_app',
      `This database is at schema version ${from}, newer than this app knows (${latest}). Update the app; the data was left untouched.`,
      { database_version: from, app_version: latest },
    );
  }
  const applied: string[] = [];
  for (const m of migrations.slice(from)) {
    const step = db.transaction(() => {
      db.exec(m.sql);
      // user_version is stored in the database header and rolls back with the transaction.
      db.pragma(`user_version = ${m.version}`);
    });
    try {
      step.immediate();
    } catch (e) {
      throw new CoreError('migration_failed', `Migration ${m.version} (${m.name}) failed and was rolled back: ${(e as Error).message}`);
    }
    applied.push(`${m.version}-${m.name}`);
  }
  return { from, to: schemaVersion(db), applied };
}
