// Encodings under the security elements: RFC 4648 base32 and base64url, hex, UTF-8 and SHA-256, against RFC vectors and Node.
import { createHash, randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { base32Decode, base32Encode } from '../../fiscal/base32';
import {
  base64urlDecode,
  base64urlEncode,
  bytesEqual,
  concatBytes,
  EncodingError,
  hexDecode,
  hexEncode,
  sha256Hex,
  utf8Decode,
  utf8Encode,
} from '../../fiscal/bytes';

const ascii = (s: string): Uint8Array => new TextEncoder().encode(s);

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof EncodingError) return e.code;
    throw e;
  }
  return 'no error';
}

describe('base32 (RFC 4648 §6, without padding)', () => {
  // RFC 4648 §10 test vectors, with the "=" padding removed.
  it.each([
    ['', ''],
    ['f', 'MY'],
    ['fo', 'MZXQ'],
    ['foo', 'MZXW6'],
    ['foob', 'MZXW6YQ'],
    ['fooba', 'MZXW6YTB'],
    ['foobar', 'MZXW6YTBOI'],
  ])('encodes "%s" as "%s" and decodes it back', (text, b32) => {
    expect(base32Encode(ascii(text))).toBe(b32);
    expect(new TextDecoder().decode(base32Decode(b32))).toBe(text);
  });

  it('round-trips any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), (bytes) => {
        const text = base32Encode(bytes);
        expect(text).toMatch(/^[A-Z2-7]*$/);
        expect(bytesEqual(base32Decode(text), bytes)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it.each([['MZXW6Y=='], ['mzxw6'], ['M'], ['MZX'], ['MZ1'], ['MZ']])('refuses "%s" as invalid_base32', (text) => {
    // 'MZ' has non-zero trailing bits: the canonical one-byte form of 'f' is 'MY'.
    expect(codeOf(() => base32Decode(text))).toBe('invalid_base32');
  });
});

describe('base64url (RFC 4648 §5, without padding)', () => {
  it('matches Node on random lengths 0–100', () => {
    for (let n = 0; n <= 100; n++) {
      const bytes = randomBytes(n);
      const text = base64urlEncode(bytes);
      expect(text).toBe(bytes.toString('base64url'));
      expect(Buffer.from(base64urlDecode(text)).equals(bytes)).toBe(true);
    }
  });

  it('uses - and _ where standard base64 has + and /', () => {
    expect(base64urlEncode(new Uint8Array([0xfb, 0xff, 0xbf]))).toBe('-_-_');
  });

  it.each([
    ['padding', 'AQ=='],
    ['standard alphabet', 'ab+/'],
    ['whitespace', 'AQ AB'],
    ['impossible length', 'AAAAA'],
    ['non-zero trailing bits', 'AR'],
    ['non-ASCII', 'AQ€A'],
  ])('refuses %s', (_label, text) => {
    expect(codeOf(() => base64urlDecode(text))).toBe('invalid_base64url');
  });
});

describe('hex', () => {
  it('encodes lowercase and decodes either case', () => {
    expect(hexEncode(new Uint8Array([0, 1, 0xab, 0xff]))).toBe('0001abff');
    expect(Array.from(hexDecode('0001ABff'))).toEqual([0, 1, 0xab, 0xff]);
  });

  it.each([['abc'], ['zz'], ['0x00']])('refuses "%s" as invalid_hex', (text) => {
    expect(codeOf(() => hexDecode(text))).toBe('invalid_hex');
  });
});

describe('UTF-8, SHA-256 and byte utilities', () => {
  it('refuses invalid UTF-8 instead of replacing it', () => {
    expect(codeOf(() => utf8Decode(new Uint8Array([0x61, 0xff])))).toBe('invalid_utf8');
    expect(utf8Decode(utf8Encode('Kinshasa – 😀'))).toBe('Kinshasa – 😀');
  });

  it('computes SHA-256 like node:crypto, including the empty input (FIPS 180-4 "abc" vector)', async () => {
    expect(await sha256Hex(ascii('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(await sha256Hex(new Uint8Array(0))).toBe(createHash('sha256').update('').digest('hex'));
  });

  it('hashes exactly the viewed bytes of a subarray', async () => {
    const big = ascii('xxabcxx');
    expect(await sha256Hex(big.subarray(2, 5))).toBe(await sha256Hex(ascii('abc')));
  });

  it('concatenates and compares', () => {
    const joined = concatBytes(ascii('ab'), new Uint8Array(0), ascii('c'));
    expect(bytesEqual(joined, ascii('abc'))).toBe(true);
    expect(bytesEqual(joined, ascii('abd'))).toBe(false);
    expect(bytesEqual(joined, ascii('ab'))).toBe(false);
  });
});
