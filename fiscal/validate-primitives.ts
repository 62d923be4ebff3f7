// Readers for untrusted JSON: each checks one value, records errors at its path, and never throws.
import { validationError, pathKey, type ValidationError } from './errors';
import { INVOICE_LIMITS, utf8ByteLength } from './invoice';
import type { MessageCode, MessageParams } from './messages';
import { formatAmount, parseAmount, parseQuantity, parseRate } from './money';

/** Past this many errors the rest are dropped: a hostile draft must not cost more than a bad one. */
export const MAX_ERRORS = 100;

/** Collected errors of one validation run. */
export type Ctx = { errors: ValidationError[]; isFull: boolean };

export type Obj = Record<string, unknown>;

export function newCtx(): Ctx {
  return { errors: [], isFull: false };
}

export function report(ctx: Ctx, path: string, code: MessageCode, params?: MessageParams): void {
  if (ctx.isFull) return;
  if (ctx.errors.length >= MAX_ERRORS) {
    ctx.errors.push(validationError('', 'too_many_errors', { max: MAX_ERRORS }));
    ctx.isFull = true;
    return;
  }
  ctx.errors.push(validationError(path, code, params));
}

/** An own property only: a polluted Object.prototype must not supply a missing field. */
export function own(obj: Obj, key: string): unknown {
  return Object.hasOwn(obj, key) ? obj[key] : undefined;
}

/** A plain JSON object (not an array, not a class instance), else an error at `path`. */
export function asObject(ctx: Ctx, value: unknown, path: string): Obj | null {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto === Object.prototype || proto === null) return value as Obj;
  }
  report(ctx, path, value === undefined ? 'required' : 'expected_object');
  return null;
}

const KEY_SHOWN_MAX = 64;

/**
 * Refuses every own key not in `allowed`, naming it. A key longer than 64 characters is reported on its
 * object with a shortened name, so a hostile key cannot blow up the error list.
 */
export function checkKeys(ctx: Ctx, obj: Obj, path: string, allowed: readonly string[]): void {
  for (const key of Object.keys(obj)) {
    if (ctx.isFull) return;
    if (allowed.includes(key)) continue;
    if (key.length > KEY_SHOWN_MAX) {
      report(ctx, path, 'unknown_field', { field: `${key.slice(0, KEY_SHOWN_MAX)}…` });
    } else {
      report(ctx, pathKey(path, key), 'unknown_field', { field: key });
    }
  }
}

/** An array of `min`..`max` elements, else an error at `path`. */
export function asArray(ctx: Ctx, value: unknown, path: string, min: number, max: number): unknown[] | null {
  if (!Array.isArray(value)) {
    report(ctx, path, value === undefined ? 'required' : 'expected_array');
    return null;
  }
  if (value.length < min) {
    report(ctx, path, 'too_few', { min });
    return null;
  }
  if (value.length > max) {
    report(ctx, path, 'too_many', { max, actual: value.length });
    return null;
  }
  return value;
}

/** True when `s` holds a control character (C0 or DEL) or a lone surrogate. */
export function hasBadText(s: string): boolean {
  for (let i = 0; i < s.length; i += 1) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return true;
  }
  return utf8ByteLength(s) === null;
}

export type TextRule = {
  /** Maximum length in UTF-16 code units, the unit "caractères" of the protocol is read in. */
  max: number;
  /** Maximum length in UTF-8 bytes, where the protocol counts bytes (31h NOM). */
  maxBytes?: number;
  pattern?: RegExp;
  patternCode?: MessageCode;
  patternParams?: MessageParams;
};

/** The string at `key` with its path; reports `required` (when required) or `expected_string`, then undefined. */
function ownString(ctx: Ctx, obj: Obj, key: string, base: string, isRequired: boolean): { path: string; value: string } | undefined {
  const path = pathKey(base, key);
  const value = own(obj, key);
  if (value === undefined) {
    if (isRequired) report(ctx, path, 'required');
    return undefined;
  }
  if (typeof value !== 'string') {
    report(ctx, path, 'expected_string');
    return undefined;
  }
  return { path, value };
}

/** A string field. Required fields reject blank values; optional ones are undefined when absent. */
export function readText(ctx: Ctx, obj: Obj, key: string, base: string, isRequired: boolean, rule: TextRule): string | undefined {
  const field = ownString(ctx, obj, key, base, isRequired);
  if (field === undefined) return undefined;
  const { path, value } = field;
  if (value.length > rule.max) {
    report(ctx, path, 'too_long', { max: rule.max, actual: value.length });
    return undefined;
  }
  if (hasBadText(value)) {
    report(ctx, path, 'bad_text');
    return undefined;
  }
  if (value.trim() === '') {
    report(ctx, path, 'empty');
    return undefined;
  }
  if (rule.maxBytes !== undefined) {
    const bytes = utf8ByteLength(value) ?? Infinity;
    if (bytes > rule.maxBytes) {
      report(ctx, path, 'too_long_bytes', { max: rule.maxBytes, actual: bytes });
      return undefined;
    }
  }
  if (rule.pattern && !rule.pattern.test(value)) {
    report(ctx, path, rule.patternCode ?? 'bad_text', rule.patternParams);
    return undefined;
  }
  return value;
}

/** One of the values of `list`. */
export function readEnum<T extends string>(
  ctx: Ctx, obj: Obj, key: string, base: string, list: readonly T[], isRequired: boolean,
): T | undefined {
  const field = ownString(ctx, obj, key, base, isRequired);
  if (field === undefined) return undefined;
  const { path, value } = field;
  if (!(list as readonly string[]).includes(value)) {
    report(ctx, path, 'not_in_list', { allowed: list.join(', ') });
    return undefined;
  }
  return value as T;
}

/** A raw string of at most `max` code units, for the numeric readers below. */
function readShortString(ctx: Ctx, obj: Obj, key: string, base: string, isRequired: boolean, badCode: MessageCode): string | undefined {
  const field = ownString(ctx, obj, key, base, isRequired);
  if (field === undefined) return undefined;
  const { path, value } = field;
  if (value.length > 32) {
    report(ctx, path, badCode);
    return undefined;
  }
  return value;
}

/** A wire amount ("4064.00"), within the product's ceiling; `isPositive` also refuses zero. */
export function readAmount(ctx: Ctx, obj: Obj, key: string, base: string, isRequired: boolean, isPositive = false): string | undefined {
  const s = readShortString(ctx, obj, key, base, isRequired, 'bad_amount');
  if (s === undefined) return undefined;
  const path = pathKey(base, key);
  const m = parseAmount(s);
  if (m === null) {
    report(ctx, path, 'bad_amount');
    return undefined;
  }
  if (m > INVOICE_LIMITS.maxAmountMinor) {
    report(ctx, path, 'amount_too_large', { max: formatAmount(INVOICE_LIMITS.maxAmountMinor) });
    return undefined;
  }
  if (isPositive && m === 0n) {
    report(ctx, path, 'not_positive');
    return undefined;
  }
  return s;
}

/** A wire quantity ("5", "1.250"), strictly positive. */
export function readQuantity(ctx: Ctx, obj: Obj, key: string, base: string): string | undefined {
  const s = readShortString(ctx, obj, key, base, true, 'bad_quantity');
  if (s === undefined) return undefined;
  const q = parseQuantity(s);
  if (q === null) {
    report(ctx, pathKey(base, key), 'bad_quantity');
    return undefined;
  }
  if (q === 0n) {
    report(ctx, pathKey(base, key), 'not_positive');
    return undefined;
  }
  return s;
}

/** A wire rate in percent ("16.00"), at most 100 %. */
export function readRate(ctx: Ctx, obj: Obj, key: string, base: string, isRequired: boolean): string | undefined {
  const s = readShortString(ctx, obj, key, base, isRequired, 'bad_rate');
  if (s === undefined) return undefined;
  const r = parseRate(s);
  if (r === null || r > 10_000n) {
    report(ctx, pathKey(base, key), 'bad_rate');
    return undefined;
  }
  return s;
}

function isValidDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];
  return d <= days;
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,3})?(?:Z|([+-])(\d{2}):(\d{2}))$/;

/** A calendar date `YYYY-MM-DD`. */
export function readDate(ctx: Ctx, obj: Obj, key: string, base: string): string | undefined {
  const s = readShortString(ctx, obj, key, base, true, 'bad_date');
  if (s === undefined) return undefined;
  const m = DATE_RE.exec(s);
  if (!m || !isValidDate(Number(m[1]), Number(m[2]), Number(m[3]))) {
    report(ctx, pathKey(base, key), 'bad_date');
    return undefined;
  }
  return s;
}

/** ISO 8601 date and time with seconds and an explicit offset (`Z` or ±hh:mm, at most ±14:00). */
export function readDateTime(ctx: Ctx, obj: Obj, key: string, base: string): string | undefined {
  const s = readShortString(ctx, obj, key, base, true, 'bad_datetime');
  if (s === undefined) return undefined;
  const m = DATETIME_RE.exec(s);
  const isValid = m !== null
    && isValidDate(Number(m[1]), Number(m[2]), Number(m[3]))
    && Number(m[4]) <= 23 && Number(m[5]) <= 59 && Number(m[6]) <= 59
    && (m[7] === undefined || (Number(m[8]) * 60 + Number(m[9]) <= 14 * 60 && Number(m[9]) <= 59));
  if (!isValid) {
    report(ctx, pathKey(base, key), 'bad_datetime');
    return undefined;
  }
  return s;
}
