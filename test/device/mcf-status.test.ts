// The annex's status bytes: each named flag sits on its documented bit, and every STA byte stays in 80h–FFh.
import { describe, it, expect } from 'vitest';
import { activeFlags, decodeStatus, describeStatus, encodeStatus, type McfStatusFlags } from '../../device/mcf/status';

const POSITIONS: [keyof McfStatusFlags, number, number][] = [
  ['syntaxError', 0, 0], ['invalidCommand', 0, 1], ['clockNotSet', 0, 2],
  ['dailyReportOverflow', 1, 0], ['commandForbidden', 1, 1], ['memoryReset', 1, 2], ['dailyReportDue', 1, 4],
  ['invoiceOpen', 2, 3],
  ['memoryWriteError', 4, 0], ['invalidRecord', 4, 2], ['memoryLow', 4, 3], ['memoryFull', 4, 4],
];

describe('MCF status bytes (annex)', () => {
  for (const [flag, byte, bit] of POSITIONS) {
    it(`${flag} is bit ${byte}.${bit}`, () => {
      const sta = encodeStatus({ [flag]: true });
      const expected = new Uint8Array(6).fill(0x80);
      expected[byte] = 0x80 | (1 << bit);
      expect([...sta]).toEqual([...expected]);
      expect(activeFlags(decodeStatus(sta))).toEqual([flag]);
    });
  }
  it('keeps every STA byte in 80h–FFh so status never looks like SOH/ETX/NAK/SYN', () => {
    for (const b of encodeStatus()) expect(b).toBeGreaterThanOrEqual(0x80);
  });
  it('keeps the manufacturer bytes (4 and 6) raw', () => {
    expect(decodeStatus(encodeStatus({}, [5, 9])).vendor).toEqual([5, 9]);
  });
  it('says in words what a technician must do about a full memory', () => {
    expect(describeStatus(decodeStatus(encodeStatus({ memoryFull: true })))[0]).toMatch(/memory is full/);
  });
  it('refuses a status field of the wrong size', () => {
    expect(() => decodeStatus(new Uint8Array(5))).toThrow(expect.objectContaining({ code: 'MCF_BAD_ANSWER' }));
  });
});
