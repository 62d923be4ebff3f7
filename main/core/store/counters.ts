// The till's own counters (cashier ids, local invoice numbers): bumped inside the caller's transaction.
import type Database from 'better-sqlite3';

/** The next value of a named counter, starting at 1. Call it inside the transaction that uses the value. */
export function nextCounter(db: Database.Database, name: string): number {
  const row = db
    .prepare('INSERT INTO counters(name, value) VALUES (?, 1) ON CONFLICT(name) DO UPDATE SET value = value + 1 RETURNING value')
    .get(name) as { value: number };
  return row.value;
}
