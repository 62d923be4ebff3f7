// Check 'entry': each ledger entry's payload has its kind's documented shape and agrees with its own header and the export's.
import { LEDGER_KINDS, MAX_NUMBER_RANGE, type AuditExport } from './audit-export';
import { dgiTimestampToEpochMs } from './dgi-time';
import type { SealCounters, SealedInvoice } from './invoice-types';
import type { SealedZ } from './report-seal';
import { COUNTER_TYPES, NIM_RE } from './security-elements';
import { isInstant, isNonEmptyText, isObject, isWholeFrom } from './verify-format';
import { failure, type VerifyFailure } from './verify-types';

export type ParsedEntry =
  | { kind: 'invoice'; seq: number; number: number; invoice: SealedInvoice; timestampMs: number }
  | { kind: 'void'; seq: number; numbers: number[]; reason: unknown; credentialId: string | null; recordedAt: string }
  | { kind: 'mirror'; seq: number; invoice: SealedInvoice; nim: string; counters: SealCounters; deviceRates: Record<string, string> | null; timestampMs: number }
  | { kind: 'z'; seq: number; z: SealedZ; timestampMs: number };

type Parse<T> = { ok: true; value: T } | VerifyFailure;

const RATE_RE = /^\d{1,3}\.\d{2}$/;

function sameCounters(a: unknown, b: unknown): boolean {
  return isObject(a) && isObject(b) && a['fc'] === b['fc'] && a['tc'] === b['tc'] && a['type'] === b['type'];
}

/** The parts every sealed invoice shares: security, counters, outlet and taxpayer, and a readable trusted time. */
function readSecurity(seq: number, fn: number | null, payload: unknown, exp: AuditExport): Parse<{ invoice: SealedInvoice; timestampMs: number }> {
  const bad = (detail: string) => failure('entry', seq, detail, fn);
  if (!isObject(payload) || !isObject(payload['security'])) return bad('The invoice is not an object with a security object.');
  const security = payload['security'];
  const counters = security['counters'];
  if (!isObject(counters) || !isWholeFrom(counters['fc'], 1) || !isWholeFrom(counters['tc'], 1)) {
    return bad('security.counters must hold whole numbers fc and tc from 1.');
  }
  if (!(COUNTER_TYPES as readonly string[]).includes(counters['type'] as string) || counters['type'] !== payload['type']) {
    return bad(`security.counters.type "${String(counters['type'])}" is not the invoice's type "${String(payload['type'])}".`);
  }
  if (payload['outlet_id'] !== exp.outlet.id) return bad(`The invoice names outlet ${String(payload['outlet_id'])}, not ${exp.outlet.id}.`);
  if (payload['merchant_nif'] !== exp.merchant.nif) return bad(`The invoice names taxpayer ${String(payload['merchant_nif'])}, not ${exp.merchant.nif}.`);
  let timestampMs: number;
  try {
    timestampMs = dgiTimestampToEpochMs(security['timestamp'] as string);
  } catch (e) {
    return bad(`security.timestamp: ${(e as Error).message}`);
  }
  return { ok: true, value: { invoice: payload as SealedInvoice, timestampMs } };
}

function readInvoice(seq: number, fn: number | null, payload: unknown, exp: AuditExport): Parse<ParsedEntry> {
  const bad = (detail: string) => failure('entry', seq, detail, fn);
  const read = readSecurity(seq, fn, payload, exp);
  if (!read.ok) return read;
  const security = read.value.invoice.security as unknown as Record<string, unknown>;
  const mode = security['mode'];
  if (mode !== 'cloud' && mode !== 'delegated') return bad(`An 'invoice' entry holds mode cloud or delegated, not ${String(mode)}.`);
  if (!isWholeFrom(fn, 1)) return bad("An 'invoice' entry's fiscal_number must be a whole number from 1.");
  if (security['fiscal_number'] !== fn) return bad(`The entry says fiscal number ${fn} but the invoice says ${String(security['fiscal_number'])}.`);
  if ((security['counters'] as Record<string, unknown>)['tc'] !== fn) {
    return bad(`counters.tc is ${String((security['counters'] as Record<string, unknown>)['tc'])}; it must be the fiscal number ${fn}.`);
  }
  if (mode === 'cloud' && security['authority_id'] !== exp.outlet.authority_id) {
    return bad(`A cloud invoice carries the outlet's authority id ${exp.outlet.authority_id}, not ${String(security['authority_id'])}.`);
  }
  if (mode === 'delegated' && !isNonEmptyText(security['credential_id'])) return bad('A delegated invoice must name its credential_id.');
  if (mode === 'cloud' && security['credential_id'] !== undefined) return bad('A cloud invoice carries no credential_id.');
  return { ok: true, value: { kind: 'invoice', seq, number: fn, ...read.value } };
}

function readVoid(seq: number, fn: number | null, payload: unknown, recordedAt: string): Parse<ParsedEntry> {
  const bad = (detail: string) => failure('entry', seq, detail, fn);
  if (!isObject(payload)) return bad('A void payload must be an object.');
  const hasList = payload['fiscal_numbers'] !== undefined;
  const hasRange = payload['first'] !== undefined || payload['last'] !== undefined;
  if (hasList === hasRange) return bad('A void names its numbers as fiscal_numbers or as first/last, exactly one of the two.');
  let numbers: number[];
  if (hasList) {
    const list = payload['fiscal_numbers'];
    if (!Array.isArray(list) || list.length === 0 || list.length > MAX_NUMBER_RANGE || !list.every((n) => isWholeFrom(n, 1))) {
      return bad(`fiscal_numbers must be a non-empty list of at most ${MAX_NUMBER_RANGE} whole numbers from 1.`);
    }
    numbers = list as number[];
  } else {
    const { first, last } = payload;
    if (!isWholeFrom(first, 1) || !isWholeFrom(last, 1) || first > last || last - first + 1 > MAX_NUMBER_RANGE) {
      return bad(`first and last must be whole numbers with 1 ≤ first ≤ last, at most ${MAX_NUMBER_RANGE} apart.`);
    }
    numbers = Array.from({ length: last - first + 1 }, (_, i) => first + i);
  }
  const lowest = numbers.reduce((a, b) => (b < a ? b : a));
  if (fn !== lowest) return bad(`A void entry's fiscal_number is the lowest number it voids, ${lowest}, not ${String(fn)}.`);
  const credentialId = payload['credential_id'];
  if (credentialId !== undefined && !isNonEmptyText(credentialId)) return bad('credential_id, when present, names a credential.');
  return { ok: true, value: { kind: 'void', seq, numbers, reason: payload['reason'], credentialId: credentialId ?? null, recordedAt } };
}

function readMirror(seq: number, fn: number | null, payload: unknown, exp: AuditExport): Parse<ParsedEntry> {
  const bad = (detail: string) => failure('entry', seq, detail, fn);
  if (fn !== null) return bad("A 'mirror' entry takes no outlet number: its fiscal_number is null.");
  if (!isObject(payload)) return bad('A mirror payload must be an object.');
  const read = readSecurity(seq, fn, payload['invoice'], exp);
  if (!read.ok) return read;
  const security = read.value.invoice.security as unknown as Record<string, unknown>;
  if (security['mode'] !== 'device') return bad(`A mirrored invoice has mode device, not ${String(security['mode'])}.`);
  if (security['fiscal_number'] !== undefined) return bad('A device invoice carries no outlet fiscal_number; its numbering is per NIM.');
  const nim = payload['nim'];
  if (typeof nim !== 'string' || !NIM_RE.test(nim) || nim !== security['authority_id']) {
    return bad(`The mirror's nim "${String(nim)}" must be the invoice's authority_id "${String(security['authority_id'])}".`);
  }
  if (!sameCounters(payload['counters'], security['counters'])) return bad("The mirror's counters differ from the invoice's.");
  const rates = payload['device_rates'];
  if (rates !== undefined && (!isObject(rates) || !Object.values(rates).every((r) => typeof r === 'string' && RATE_RE.test(r)))) {
    return bad('device_rates, when present, maps group letters to rates like "8.00".');
  }
  return {
    ok: true,
    value: { kind: 'mirror', seq, nim, counters: security['counters'] as SealCounters, deviceRates: (rates as Record<string, string>) ?? null, ...read.value },
  };
}

function readZ(seq: number, fn: number | null, payload: unknown, exp: AuditExport): Parse<ParsedEntry> {
  const bad = (detail: string) => failure('entry', seq, detail, fn);
  if (fn !== null) return bad("A 'z' entry takes no outlet number: its fiscal_number is null.");
  if (!isObject(payload) || !isObject(payload['record']) || !isObject(payload['seal'])) return bad('A Z entry holds {record, seal}.');
  const { record, seal } = payload;
  if (!isWholeFrom(record['z_number'], 1)) return bad('record.z_number must be a whole number from 1.');
  if (record['outlet_id'] !== exp.outlet.id) return bad(`The Z names outlet ${String(record['outlet_id'])}, not ${exp.outlet.id}.`);
  const period = record['period'];
  if (!isObject(period) || !isInstant(period['from']) || !isInstant(period['to'])) return bad('record.period must hold ISO instants from and to.');
  if (!isNonEmptyText(seal['kid']) || typeof seal['signature'] !== 'string' || typeof seal['code'] !== 'string') {
    return bad('A Z is sealed: seal.kid, seal.signature and seal.code.');
  }
  if (seal['authority_id'] !== exp.outlet.authority_id) {
    return bad(`The Z is sealed for authority ${String(seal['authority_id'])}, not the outlet's ${exp.outlet.authority_id}.`);
  }
  let timestampMs: number;
  try {
    timestampMs = dgiTimestampToEpochMs(seal['timestamp'] as string);
  } catch (e) {
    return bad(`seal.timestamp: ${(e as Error).message}`);
  }
  return { ok: true, value: { kind: 'z', seq, z: payload as unknown as SealedZ, timestampMs } };
}

/** Reads one entry (already known to be chained) into its kind's typed form, or names what is wrong with it. */
export function readEntry(entry: Record<string, unknown>, exp: AuditExport): Parse<ParsedEntry> {
  const seq = entry['seq'] as number;
  const rawFn = entry['fiscal_number'];
  const fn = isWholeFrom(rawFn, 1) ? rawFn : null;
  const bad = (detail: string) => failure('entry', seq, detail, fn);
  if (rawFn !== null && fn === null) return bad(`fiscal_number ${String(rawFn)} is neither null nor a whole number from 1.`);
  if (entry['outlet_id'] !== exp.outlet.id) return bad(`The entry belongs to outlet ${String(entry['outlet_id'])}, not ${exp.outlet.id}.`);
  if (!isInstant(entry['recorded_at'])) return bad('recorded_at is not an ISO 8601 instant with an offset.');
  const kind = entry['kind'];
  if (!(LEDGER_KINDS as readonly unknown[]).includes(kind)) return bad(`kind "${String(kind)}" is not one of ${LEDGER_KINDS.join(', ')}.`);
  const payload = entry['payload'];
  if (kind === 'invoice') return readInvoice(seq, fn, payload, exp);
  if (kind === 'void') return readVoid(seq, fn, payload, entry['recorded_at'] as string);
  if (kind === 'mirror') return readMirror(seq, fn, payload, exp);
  return readZ(seq, fn, payload, exp);
}
