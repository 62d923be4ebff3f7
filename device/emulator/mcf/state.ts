// What the emulated MCF keeps across power loss (its fiscal memory), and how it is written: JSON, atomically.
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { TAX_GROUP_LABELS, type InvoiceType, type TaxGroupLabel } from '../../../fiscal/invoice-types';
import { TABLE_2026 } from '../../../fiscal/tax-groups';
import { DeviceError } from '../../errors';

/** One sealed invoice in the device's memory (amounts as decimal strings: JSON has no bigint). */
export type JournalEntry = {
  tc: number;
  fc: number;
  type: InvoiceType;
  number: string;
  timestamp: string;
  code: string;
  total: string;
  vat: string;
  /** With an ES256 code signer: the signature (base64url r‖s) the code was derived from, and its key's id. */
  signature?: string;
  kid?: string;
};

export type TaxpayerInfo = { name: string; address: string; city: string; phone: string; email: string };

export type DurableState = {
  version: 1;
  mid: string;
  nif: string;
  taxpayer: TaxpayerInfo;
  /** Rates by group, "16.00". */
  rates: Record<TaxGroupLabel, string>;
  counters: { total: number; sale: number; credit: number };
  journal: JournalEntry[];
  upload: { sent: number; lastSuccess: string | null };
  memoryCapacity: number;
  dailyReportDue: boolean;
};

/** Rates of "FACNO_Groupes_de_Taxation_v1.2" (the 2026 table of fiscal/tax-groups), 0.00 for groups without VAT. */
export function defaultRates(): Record<TaxGroupLabel, string> {
  const rates = {} as Record<TaxGroupLabel, string>;
  for (const g of TAX_GROUP_LABELS) {
    const found = TABLE_2026.groups.find((x) => x.letter === g);
    const r = found?.rate ?? 0n;
    rates[g] = `${r / 100n}.${(r % 100n).toString().padStart(2, '0')}`;
  }
  return rates;
}

export function freshState(init: Partial<Pick<DurableState, 'mid' | 'nif' | 'taxpayer' | 'rates' | 'memoryCapacity'>> = {}): DurableState {
  return {
    version: 1,
    mid: init.mid ?? 'EM01000001-1',
    nif: init.nif ?? 'A9000011T',
    taxpayer: init.taxpayer ?? {
      name: 'SUPERMARCHÉ CENTRAL',
      address: 'BOULEVARD 30 JUIN',
      city: 'KINSHASA',
      phone: '012345678',
      email: 'info@test.cd',
    },
    rates: init.rates ?? defaultRates(),
    counters: { total: 0, sale: 0, credit: 0 },
    journal: [],
    upload: { sent: 0, lastSuccess: null },
    memoryCapacity: init.memoryCapacity ?? 100_000,
    dailyReportDue: false,
  };
}

/** Reads a state file; a missing file is null, a damaged one is a typed error (never silently reset). */
export function loadState(path: string): DurableState | null {
  if (!existsSync(path)) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new DeviceError('EMULATOR_STATE_INVALID', `The emulator state file ${path} is not valid JSON.`, { cause: err });
  }
  const s = parsed as Partial<DurableState>;
  if (s.version !== 1 || typeof s.mid !== 'string' || !Array.isArray(s.journal) || typeof s.counters !== 'object') {
    throw new DeviceError('EMULATOR_STATE_INVALID', `The emulator state file ${path} is not a version 1 MCF state.`);
  }
  return s as DurableState;
}

/** Write to a temporary file, flush it to disk, then rename over the old one: a crash leaves the old or the new, never half. */
export function saveState(path: string, state: DurableState): void {
  const tmp = `${path}.tmp-${process.pid}`;
  const fd = openSync(tmp, 'w');
  try {
    writeSync(fd, JSON.stringify(state));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
}
