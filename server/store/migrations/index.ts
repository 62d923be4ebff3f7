// Numbered, forward-only schema migrations; each holds its SQLite and PostgreSQL text. Append, never edit.
import { migration001 } from './001-initial';
import { migration002 } from './002-reconciliation';

export type Migration = {
  version: number;
  name: string;
  sqlite: string;
  postgres: string;
};

export const MIGRATIONS: readonly Migration[] = [migration001, migration002];

/** The schema version this build of the service knows; a database above it is refused. */
export const LATEST_VERSION: number = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;
