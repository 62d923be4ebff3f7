// DGI time formats, always in Kinshasa time (UTC+1, no daylight saving): yyyyMMddHHmmss, dd/MM/yyyy HH:mm:ss, ISO +01:00.

/** Kinshasa keeps West Africa Time all year, so a fixed offset is exact and needs no time-zone database. */
export const KINSHASA_OFFSET_MINUTES = 60;
const OFFSET_MS = KINSHASA_OFFSET_MINUTES * 60_000;

export type DgiTimeErrorCode = 'invalid_date' | 'invalid_iso' | 'invalid_dgi_timestamp' | 'year_out_of_range';

export class DgiTimeError extends Error {
  override readonly name = 'DgiTimeError';
  readonly code: DgiTimeErrorCode;
  constructor(code: DgiTimeErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

/** An instant: a Date, or an ISO 8601 date-time that says its offset (Z or ±HH:MM). */
export type Instant = string | Date;

// A timestamp without an offset is refused: on a till whose clock zone is unknown it names no instant at all.
const ISO_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/;
const DGI_TIMESTAMP_RE = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/;

/** Milliseconds since the epoch of an Instant, after checking every field of an ISO string. */
export function instantToEpochMs(input: Instant): number {
  if (input instanceof Date) {
    const ms = input.getTime();
    if (Number.isNaN(ms)) throw new DgiTimeError('invalid_date', 'The date is invalid (NaN).');
    return ms;
  }
  if (typeof input !== 'string') {
    throw new DgiTimeError('invalid_iso', 'An instant must be a Date or an ISO 8601 string with an offset.');
  }
  const m = ISO_RE.exec(input);
  if (m === null) {
    throw new DgiTimeError('invalid_iso', `"${input}" is not an ISO 8601 date-time with an offset, like 2026-11-25T14:03:11+01:00.`);
  }
  const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4], m[5], m[6]].map(Number) as [number, number, number, number, number, number];
  checkFields(input, y, mo, d, h, mi, s, 'invalid_iso');
  const ms = Number((m[7] ?? '').padEnd(3, '0').slice(0, 3));
  const zone = m[8]!;
  let offsetMinutes = 0;
  if (zone !== 'Z') {
    const oh = Number(zone.slice(1, 3));
    const om = Number(zone.slice(4, 6));
    if (oh > 23 || om > 59) throw new DgiTimeError('invalid_iso', `"${input}" has an impossible offset ${zone}.`);
    offsetMinutes = (zone[0] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  return utcMs(y, mo, d, h, mi, s, ms) - offsetMinutes * 60_000;
}

/** yyyyMMddHHmmss in Kinshasa time: the DT of the MCF protocol, the QR code's last field and `security.timestamp`. */
export function dgiTimestamp(input: Instant): string {
  const k = kinshasaFields(instantToEpochMs(input));
  return `${k.y}${k.mo}${k.d}${k.h}${k.mi}${k.s}`;
}

/**
 * dd/MM/yyyy HH:mm:ss in Kinshasa time, the printed "DEF Heure". A 14-digit DGI timestamp is accepted too and is
 * taken as already in Kinshasa time, because a device-sealed invoice carries only the MCF's DT.
 */
export function dgiDisplayTime(input: Instant): string {
  const epoch = typeof input === 'string' && DGI_TIMESTAMP_RE.test(input) ? dgiTimestampToEpochMs(input) : instantToEpochMs(input);
  const k = kinshasaFields(epoch);
  return `${k.d}/${k.mo}/${k.y} ${k.h}:${k.mi}:${k.s}`;
}

/** "20250301122547" → "2025-03-01T12:25:47+01:00"; every field is range-checked. */
export function parseDgiTimestamp(text: string): string {
  return toKinshasaIso(new Date(dgiTimestampToEpochMs(text)));
}

/** Milliseconds since the epoch of a DGI timestamp, which is Kinshasa wall time. */
export function dgiTimestampToEpochMs(text: string): number {
  const m = typeof text === 'string' ? DGI_TIMESTAMP_RE.exec(text) : null;
  if (m === null) {
    throw new DgiTimeError('invalid_dgi_timestamp', `"${String(text)}" is not a DGI timestamp (14 digits, yyyyMMddHHmmss).`);
  }
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  checkFields(text, y, mo, d, h, mi, s, 'invalid_dgi_timestamp');
  return utcMs(y, mo, d, h, mi, s, 0) - OFFSET_MS;
}

/** The instant in Kinshasa time, to the second: "2026-11-25T14:03:11+01:00" (milliseconds are dropped, not rounded). */
export function toKinshasaIso(input: Instant): string {
  const k = kinshasaFields(instantToEpochMs(input));
  return `${k.y}-${k.mo}-${k.d}T${k.h}:${k.mi}:${k.s}+01:00`;
}

type Fields = { y: string; mo: string; d: string; h: string; mi: string; s: string };

function kinshasaFields(epochMs: number): Fields {
  const t = new Date(Math.floor(epochMs / 1000) * 1000 + OFFSET_MS);
  const year = t.getUTCFullYear();
  if (Number.isNaN(year) || year < 0 || year > 9999) {
    throw new DgiTimeError('year_out_of_range', 'The instant falls outside the years 0000–9999 that the DGI formats can write.');
  }
  return {
    y: String(year).padStart(4, '0'),
    mo: two(t.getUTCMonth() + 1),
    d: two(t.getUTCDate()),
    h: two(t.getUTCHours()),
    mi: two(t.getUTCMinutes()),
    s: two(t.getUTCSeconds()),
  };
}

function two(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function checkFields(text: string, y: number, mo: number, d: number, h: number, mi: number, s: number, code: DgiTimeErrorCode): void {
  // Seconds stop at 59: neither the MCF nor JavaScript's Date represents a leap second.
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || h > 23 || mi > 59 || s > 59) {
    throw new DgiTimeError(code, `"${text}" names a date or time that does not exist.`);
  }
}

function daysInMonth(y: number, mo: number): number {
  if (mo === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(mo) ? 30 : 31;
}

// Date.UTC maps years 0–99 to 1900–1999; setUTCFullYear does not.
function utcMs(y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number): number {
  const t = new Date(0);
  t.setUTCFullYear(y, mo - 1, d);
  t.setUTCHours(h, mi, s, ms);
  return t.getTime();
}
