// The till's settings (merchant profile, outlet, terminal id, cloud url/key): typed reads and writes.
import type Database from 'better-sqlite3';
import { ID_RE, NIF_RE } from '../../../fiscal/invoice';
import { CoreError } from '../errors';

/** The seller as printed on every invoice (DOMAIN.md, "What a normalized invoice carries"). */
export type MerchantProfile = {
  nif: string;
  name: string;
  rccm?: string;
  address?: string;
  city?: string;
  phone?: string;
  email?: string;
};

export type OutletSettings = {
  id: string;
  name: string;
  /** The fiscal authority id (NIM-like) the cloud gave the outlet, once known. */
  authority_id?: string;
  /** The billing software's id printed as ISF. */
  isf?: string;
};

export type CloudSettings = { url: string; api_key: string };

export type TillSettings = {
  merchant: MerchantProfile;
  outlet: OutletSettings;
  terminal_id: string;
  cloud: CloudSettings | null;
};

type SettingKey = keyof TillSettings;

function read<K extends SettingKey>(db: Database.Database, key: K): TillSettings[K] | undefined {
  const row = db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined;
  return row === undefined ? undefined : (JSON.parse(row.value) as TillSettings[K]);
}

function check(ok: boolean, message: string): void {
  if (!ok) throw new CoreError('invalid_argument', message);
}

const nonEmpty = (s: unknown): boolean => typeof s === 'string' && s.trim().length > 0;

function validate(patch: Partial<TillSettings>): void {
  if (patch.merchant !== undefined) {
    check(NIF_RE.test(patch.merchant.nif), `The merchant NIF "${patch.merchant.nif}" is not a DGI NIF (like A9000011T).`);
    check(nonEmpty(patch.merchant.name), 'The merchant name is required.');
  }
  if (patch.outlet !== undefined) {
    check(ID_RE.test(patch.outlet.id), `The outlet id "${patch.outlet.id}" must be 1 to 64 of A-Z a-z 0-9 _ . : -.`);
    check(nonEmpty(patch.outlet.name), 'The outlet needs a name.');
  }
  if (patch.terminal_id !== undefined) {
    check(ID_RE.test(patch.terminal_id), `The terminal id "${patch.terminal_id}" must be 1 to 64 of A-Z a-z 0-9 _ . : -.`);
  }
  if (patch.cloud !== undefined && patch.cloud !== null) {
    check(/^https?:\/\/\S+$/.test(patch.cloud.url), `The cloud URL "${patch.cloud.url}" is not an http(s) URL.`);
    check(nonEmpty(patch.cloud.api_key), 'The cloud API key must not be empty.');
  }
}

/** Writes the given settings together; nothing is written when one of them is invalid. */
export function saveSettings(db: Database.Database, patch: Partial<TillSettings>): void {
  validate(patch);
  const put = db.prepare('INSERT INTO settings(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value');
  db.transaction(() => {
    for (const [key, value] of Object.entries(patch)) {
      if (value !== undefined) put.run(key, JSON.stringify(value));
    }
  })();
}

/** What is set so far; a fresh till has nothing. */
export function readSettings(db: Database.Database): Partial<TillSettings> {
  const out: Partial<TillSettings> = {};
  const merchant = read(db, 'merchant');
  if (merchant !== undefined) out.merchant = merchant;
  const outlet = read(db, 'outlet');
  if (outlet !== undefined) out.outlet = outlet;
  const terminal = read(db, 'terminal_id');
  if (terminal !== undefined) out.terminal_id = terminal;
  const cloud = read(db, 'cloud');
  if (cloud !== undefined) out.cloud = cloud;
  return out;
}

/** The settings a sale needs; refuses with the list of what is missing, so setup can say what to fill in. */
export function requireSettings(db: Database.Database): TillSettings {
  const s = readSettings(db);
  const missing = (['merchant', 'outlet', 'terminal_id'] as const).filter((k) => s[k] === undefined);
  if (missing.length > 0 || s.merchant === undefined || s.outlet === undefined || s.terminal_id === undefined) {
    throw new CoreError('settings_missing', `The till is not set up yet: ${missing.join(', ')} missing.`, { missing });
  }
  return { merchant: s.merchant, outlet: s.outlet, terminal_id: s.terminal_id, cloud: s.cloud ?? null };
}
