// DGI time formats in Kinshasa time (UTC+1): the protocol's examples, day and year boundaries, and refused inputs.
import { describe, expect, it } from 'vitest';
import {
  dgiDisplayTime,
  dgiTimestamp,
  dgiTimestampToEpochMs,
  DgiTimeError,
  instantToEpochMs,
  parseDgiTimestamp,
  toKinshasaIso,
} from '../../fiscal/dgi-time';

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof DgiTimeError) return e.code;
    throw e;
  }
  return 'no error';
}

describe('dgiTimestamp (yyyyMMddHHmmss, Kinshasa time)', () => {
  it('writes the CONTRACT.md example instant as its security.timestamp', () => {
    expect(dgiTimestamp('2026-11-25T14:03:11+01:00')).toBe('20261125140311');
  });

  it('converts UTC and other offsets to Kinshasa time', () => {
    expect(dgiTimestamp('2026-11-25T13:03:11Z')).toBe('20261125140311');
    expect(dgiTimestamp('2026-11-25T15:03:11+02:00')).toBe('20261125140311');
    expect(dgiTimestamp('2026-11-25T08:33:11-04:30')).toBe('20261125140311');
    expect(dgiTimestamp(new Date(Date.UTC(2026, 10, 25, 13, 3, 11)))).toBe('20261125140311');
  });

  it('rolls over midnight, month end, a leap day and the new year in Kinshasa, not in UTC', () => {
    expect(dgiTimestamp('2025-12-31T23:30:00Z')).toBe('20260101003000');
    expect(dgiTimestamp('2028-02-28T23:59:59Z')).toBe('20280229005959');
    expect(dgiTimestamp('2026-02-28T23:00:00Z')).toBe('20260301000000');
  });

  it('has no daylight saving: July and January get the same +1 hour', () => {
    expect(dgiTimestamp('2026-07-01T12:00:00Z')).toBe('20260701130000');
    expect(dgiTimestamp('2026-01-01T12:00:00Z')).toBe('20260101130000');
  });

  it('drops fractions of a second rather than rounding into the next second', () => {
    expect(dgiTimestamp('2026-11-25T13:03:11.999Z')).toBe('20261125140311');
    expect(dgiTimestamp('2026-11-25T13:03:11.999999999Z')).toBe('20261125140311');
  });
});

describe('dgiDisplayTime (dd/MM/yyyy HH:mm:ss, the printed DEF Heure)', () => {
  it('prints the sample invoice time of Protocoles SFE-MCF v1.0 §2 (04/12/2024 12:34:56)', () => {
    expect(dgiDisplayTime('2024-12-04T11:34:56Z')).toBe('04/12/2024 12:34:56');
  });

  it('prints a device DT as it came, since it is already Kinshasa time (38h example answer, 20250301122547)', () => {
    expect(dgiDisplayTime('20250301122547')).toBe('01/03/2025 12:25:47');
  });
});

describe('parseDgiTimestamp and toKinshasaIso', () => {
  it('reads the 38h example DT as an ISO instant with the +01:00 offset', () => {
    expect(parseDgiTimestamp('20250301122547')).toBe('2025-03-01T12:25:47+01:00');
    expect(new Date(parseDgiTimestamp('20250301122547')).toISOString()).toBe('2025-03-01T11:25:47.000Z');
  });

  it('writes the CONTRACT.md issued_at form', () => {
    expect(toKinshasaIso(new Date('2026-11-25T13:03:11.250Z'))).toBe('2026-11-25T14:03:11+01:00');
    expect(toKinshasaIso('2026-11-25T14:03:11+01:00')).toBe('2026-11-25T14:03:11+01:00');
  });

  it('round-trips every second of a year boundary day through both formats', () => {
    const start = Date.UTC(2025, 11, 31, 12, 0, 0);
    for (let t = start; t < start + 86_400_000; t += 997_000) {
      const ts = dgiTimestamp(new Date(t));
      expect(dgiTimestampToEpochMs(ts)).toBe(Math.floor(t / 1000) * 1000);
      expect(instantToEpochMs(parseDgiTimestamp(ts))).toBe(Math.floor(t / 1000) * 1000);
    }
  });

  it('handles years below 100 without the Date.UTC 1900 shift', () => {
    expect(parseDgiTimestamp('00500101000000')).toBe('0050-01-01T00:00:00+01:00');
  });
});

describe('refused inputs', () => {
  it.each([
    ['no offset (local time of an unknown zone)', '2026-11-25T14:03:11'],
    ['a date only', '2026-11-25'],
    ['a space instead of T', '2026-11-25 14:03:11+01:00'],
    ['30 February', '2026-02-30T10:00:00Z'],
    ['29 February of a common year', '2026-02-29T10:00:00Z'],
    ['hour 24', '2026-11-25T24:00:00Z'],
    ['a leap second', '2026-12-31T23:59:60Z'],
    ['an offset of 25 hours', '2026-11-25T14:03:11+25:00'],
    ['garbage', 'yesterday'],
  ])('refuses %s as invalid_iso', (_label, text) => {
    expect(codeOf(() => dgiTimestamp(text))).toBe('invalid_iso');
  });

  it('refuses an invalid Date', () => {
    expect(codeOf(() => dgiTimestamp(new Date(Number.NaN)))).toBe('invalid_date');
  });

  it('refuses an instant past year 9999 in Kinshasa', () => {
    expect(codeOf(() => dgiTimestamp('9999-12-31T23:30:00Z'))).toBe('year_out_of_range');
  });

  it.each([['2025030112254'], ['202503011225470'], ['20251301122547'], ['20250230122547'], ['20250301246000'], ['2025-03-01']])(
    'refuses "%s" as a DGI timestamp',
    (text) => {
      expect(codeOf(() => parseDgiTimestamp(text))).toBe('invalid_dgi_timestamp');
    },
  );
});
