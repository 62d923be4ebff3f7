// Proves the store's schema handling: fresh database, re-open, a newer database refused, a failing migration rolled back.
import { describe, it, expect, afterEach } from 'vitest';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { openStore } from '../../main/core/store/open-store';
import { MIGRATIONS, LATEST_SCHEMA_VERSION } from '../../main/core/store/migrations/index';
import { checkMigrationList } from '../../main/core/store/migrate';
import { CoreError } from '../../main/core/errors';
import { readSettings, requireSettings, saveSettings } from '../../main/core/store/settings';
import { tempDir, DEMO_SETTINGS, type TempDir } from '../support/core-fixtures';

let dir: TempDir;
afterEach(() => dir?.remove());

function tables(db: Database.Database): string[] {
  return (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'products_fts_%' ORDER BY name").pluck().all() as string[]);
}

describe('store migrations', () => {
  it('creates every table on a fresh file, records the version and turns on WAL and synchronous=FULL', () => {
    dir = tempDir();
    const store = openStore(join(dir.path, 'till.db'));
    expect(store.migration).toEqual({ from: 0, to: LATEST_SCHEMA_VERSION, applied: MIGRATIONS.map((m) => `${m.version}-${m.name}`) });
    expect(tables(store.db)).toEqual([
      'cashiers', 'counters', 'delegated_credentials', 'delegated_uses', 'devices', 'drafts', 'local_chain', 'outbox', 'products', 'products_fts', 'receipt_prints', 'sealed_invoices',
      'sessions', 'settings', 'sync_state', 'till_keys', 'z_reports',
    ]);
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.db.pragma('synchronous', { simple: true })).toBe(2);
    expect(store.db.pragma('foreign_keys', { simple: true })).toBe(1);
    store.close();
  });

  it('makes every ordinary table STRICT', () => {
    dir = tempDir();
    const store = openStore(join(dir.path, 'till.db'));
    const list = store.db.prepare('PRAGMA table_list').all() as { name: string; type: string; strict: number }[];
    const ordinary = list.filter((t) => t.type === 'table' && !t.name.startsWith('sqlite_') && !t.name.startsWith('products_fts'));
    expect(ordinary.length).toBeGreaterThan(5);
    for (const t of ordinary) expect({ name: t.name, strict: t.strict }).toEqual({ name: t.name, strict: 1 });
    store.close();
  });

  it('re-opens an up-to-date file without applying anything and keeps its data', () => {
    dir = tempDir();
    const path = join(dir.path, 'till.db');
    const first = openStore(path);
    saveSettings(first.db, DEMO_SETTINGS);
    first.close();
    const again = openStore(path);
    expect(again.migration).toEqual({ from: LATEST_SCHEMA_VERSION, to: LATEST_SCHEMA_VERSION, applied: [] });
    expect(requireSettings(again.db).merchant.nif).toBe('A9000011T');
    again.close();
  });

  it('refuses a database written by a newer app with database_newer_than_app and leaves it untouched', () => {
    dir = tempDir();
    const path = join(dir.path, 'till.db');
    openStore(path).close();
    const raw = new Database(path);
    raw.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 1}`);
    raw.close();
    let caught: unknown;
    try {
      openStore(path);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(CoreError);
    expect((caught as CoreError).code).toBe('database_newer_than_app');
    const check = new Database(path);
    expect(check.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION + 1);
    check.close();
  });

  it('rolls a failing migration back whole: neither its tables nor its version remain', () => {
    dir = tempDir();
    const path = join(dir.path, 'till.db');
    const broken = [...MIGRATIONS, { version: MIGRATIONS.length + 1, name: 'broken', sql: 'CREATE TABLE half_done (x INTEGER) STRICT; INSERT INTO nowhere VALUES (1);' }];
    expect(() => openStore(path, { migrations: broken })).toThrow(expect.objectContaining({ code: 'migration_failed' }));
    const raw = new Database(path);
    expect(raw.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
    expect(tables(raw)).not.toContain('half_done');
    raw.close();
  });

  it('applies a later migration on top of an existing database', () => {
    dir = tempDir();
    const path = join(dir.path, 'till.db');
    openStore(path).close();
    const next = [...MIGRATIONS, { version: MIGRATIONS.length + 1, name: 'extra', sql: 'CREATE TABLE extra (x INTEGER) STRICT;' }];
    const store = openStore(path, { migrations: next });
    expect(store.migration.applied).toEqual([`${MIGRATIONS.length + 1}-extra`]);
    expect(store.db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length + 1);
    store.close();
  });

  it('refuses a migration list with a gap or a wrong number', () => {
    expect(() => checkMigrationList([{ version: 2, name: 'skips-one', sql: '' }])).toThrow(expect.objectContaining({ code: 'migration_failed' }));
    expect(() => checkMigrationList(MIGRATIONS)).not.toThrow();
  });
});

describe('settings', () => {
  it('says which settings are missing on a fresh till', () => {
    dir = tempDir();
    const store = openStore(join(dir.path, 'till.db'));
    expect(readSettings(store.db)).toEqual({});
    expect(() => requireSettings(store.db)).toThrow(expect.objectContaining({ code: 'settings_missing', details: { missing: ['merchant', 'outlet', 'terminal_id'] } }));
    store.close();
  });

  it('refuses an invalid NIF and writes nothing of the batch', () => {
    dir = tempDir();
    const store = openStore(join(dir.path, 'till.db'));
    expect(() => saveSettings(store.db, { ...DEMO_SETTINGS, merchant: { nif: 'nif?', name: 'X' } })).toThrow(expect.objectContaining({ code: 'invalid_argument' }));
    expect(readSettings(store.db)).toEqual({});
    store.close();
  });
});
