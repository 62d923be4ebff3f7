// The §4.2 special-character table of "Protocoles SFE-MCF v1.0", kept exactly as printed, and UTF-8 text.
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { escapeField, fromUtf8, joinFields, splitFields, unescapeField, utf8 } from '../../device/mcf/escape';

describe('special characters (§4.2)', () => {
  it('maps \\r to ^xa; and \\n to ^xd; exactly as the spec’s table says (swapped against ASCII, kept on purpose)', () => {
    expect(escapeField('\r')).toBe('^xa;');
    expect(escapeField('\n')).toBe('^xd;');
    expect(unescapeField('^xa;')).toBe('\r');
    expect(unescapeField('^xd;')).toBe('\n');
  });
  it('maps , < > & to ^x2c; ^lt; ^gt; ^amp;', () => {
    expect(escapeField('a,b<c>d&e')).toBe('a^x2c;b^lt;c^gt;d^amp;e');
    expect(unescapeField('a^x2c;b^lt;c^gt;d^amp;e')).toBe('a,b<c>d&e');
  });
  it('leaves an unknown ^…; sequence alone', () => {
    expect(unescapeField('^zz;')).toBe('^zz;');
  });
  it('refuses a TAB or other control character, which has no escape and would break 31h', () => {
    expect(() => escapeField('a\tb', 'item name')).toThrow(expect.objectContaining({ code: 'MCF_TEXT_INVALID' }));
    expect(() => escapeField('a\u0001b')).toThrow(expect.objectContaining({ code: 'MCF_TEXT_INVALID' }));
  });
  it('property: any text without other controls round-trips, and the escaped form has no comma, CR or LF', () => {
    const text = fc.string({ unit: 'grapheme', maxLength: 60 }).map((s) => s.replace(/[\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f]/g, ''));
    fc.assert(fc.property(text, (s) => {
      const e = escapeField(s);
      expect(e).not.toMatch(/[,\r\n<>]/);
      expect(unescapeField(e)).toBe(s);
    }), { numRuns: 300 });
  });
  it('fields split on commas after escaping keep their own commas', () => {
    expect(splitFields(joinFields(['a,b', '', 'c']))).toEqual(['a,b', '', 'c']);
  });
});

describe('UTF-8', () => {
  it('writes accented text as UTF-8 bytes and reads it back', () => {
    expect([...utf8('é')]).toEqual([0xc3, 0xa9]);
    expect(fromUtf8(utf8('réduction 50%'))).toBe('réduction 50%');
  });
  it('treats invalid UTF-8 from the device as a bad answer', () => {
    expect(() => fromUtf8(Uint8Array.of(0xc3))).toThrow(expect.objectContaining({ code: 'MCF_BAD_ANSWER' }));
  });
});
