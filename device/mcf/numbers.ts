// Numbers as the MCF writes them: amounts ("4100.00", "0", "-400"), rates ("16.00"), quantities ("2", "1.25"), counters.
import { formatAmount, formatQuantity, formatRate, type Minor } from '../../fiscal/money';
import { DeviceError } from '../errors';

/**
 * How amounts go out. The spec's own examples use both: 31h writes whole francs ("930*2", "2000"), 38h and 33h write
 * two decimals ("2500.00,500.00"). Both parse the same on either side; 'fixed' is the default.
 */
export type AmountStyle = 'fixed' | 'compact';

function invalid(field: string, text: string, expected: string): DeviceError {
  return new DeviceError('MCF_VALUE_INVALID', `${field} "${text}" is not ${expected}.`, { details: { field, text } });
}

const AMOUNT_RE = /^(-?)(\d{1,15})(?:\.(\d{1,2}))?$/;

/** "4100.00" → 410000n, "0" → 0n, "-400" → -40000n, "12.5" → 1250n. Spaces around are tolerated (PDF examples). */
export function parseDeviceAmount(text: string, field: string): Minor {
  const m = AMOUNT_RE.exec(text.trim());
  if (!m) throw invalid(field, text, 'an amount like 4100.00');
  const value = BigInt(m[2] as string) * 100n + BigInt((m[3] ?? '').padEnd(2, '0'));
  return m[1] === '-' && value !== 0n ? -value : value;
}

export function formatDeviceAmount(value: Minor, style: AmountStyle = 'fixed'): string {
  if (style === 'compact' && value % 100n === 0n) return (value / 100n).toString();
  return formatAmount(value);
}

const RATE_RE = /^(\d{1,3})(?:\.(\d{1,2}))?$/;

/** "16.00" → 1600n (hundredths of a percent). */
export function parseDeviceRate(text: string, field: string): bigint {
  const m = RATE_RE.exec(text.trim());
  if (!m) throw invalid(field, text, 'a rate like 16.00');
  return BigInt(m[1] as string) * 100n + BigInt((m[2] ?? '').padEnd(2, '0'));
}

/** 1600n → "16.00" ('fixed') or "16" ('compact', for whole percentages as in 31h "T10%"). */
export function formatDeviceRate(value: bigint, style: AmountStyle = 'fixed'): string {
  if (style === 'compact' && value % 100n === 0n) return (value / 100n).toString();
  return formatRate(value);
}

const QUANTITY_RE = /^(\d{1,9})(?:\.(\d{1,3}))?$/;

/** "2" → 2000n, "1.25" → 1250n (thousandths; 31h QT uses a decimal point). */
export function parseDeviceQuantity(text: string, field: string): bigint {
  const m = QUANTITY_RE.exec(text.trim());
  if (!m) throw invalid(field, text, 'a quantity like 2 or 1.250');
  return BigInt(m[1] as string) * 1000n + BigInt((m[2] ?? '').padEnd(3, '0'));
}

export function formatDeviceQuantity(value: bigint): string {
  return formatQuantity(value);
}

/** Non-negative decimal counter (TC, FC, EC, DC). */
export function parseCounter(text: string, field: string): number {
  const t = text.trim();
  if (!/^\d{1,15}$/.test(t)) throw invalid(field, text, 'a counter');
  return Number(t);
}

const TIMESTAMP_RE = /^\d{14}$/;

/** yyyyMMddHHmmss, or null for an empty field (no invoice yet, never connected). */
export function parseTimestampField(text: string, field: string): string | null {
  const t = text.trim();
  if (t === '') return null;
  if (!TIMESTAMP_RE.test(t)) throw invalid(field, text, 'a date and time yyyyMMddHHmmss');
  return t;
}
