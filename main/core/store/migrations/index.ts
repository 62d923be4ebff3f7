// Every schema migration of the till, in order. Append only: a shipped migration is never edited.
import type { Migration } from './types';
import { migration001 } from './001-initial';
import { migration002 } from './002-ticket-hash';
import { migration003 } from './003-sync-devices-reports';
import { migration004 } from './004-delegated';

export const MIGRATIONS: readonly Migration[] = [migration001, migration002, migration003, migration004];

/** The schema version this build of the app knows; a database above it is refused. */
export const LATEST_SCHEMA_VERSION: number = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;
