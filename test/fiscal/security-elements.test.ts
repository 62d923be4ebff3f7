// Security elements: counters text, CODE DEF/DGI from a signature, its printed form, and the QR payload of the DGI protocol.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { base32Decode } from '../../fiscal/base32';
import {
  codeFromSignature,
  codeFromSignatureB64url,
  countersText,
  formatCodeForPrint,
  parseQrPayload,
  qrPayload,
  SecurityElementError,
} from '../../fiscal/security-elements';

async function codeOf(fn: () => unknown): Promise<string> {
  try {
    await fn();
  } catch (e) {
    if (e instanceof SecurityElementError) return e.code;
    throw e;
  }
  return 'no error';
}

describe('countersText', () => {
  it('writes the sample invoice counters of Protocoles SFE-MCF v1.0 §2 as "3/9 FV"', () => {
    expect(countersText({ fc: 3, tc: 9, type: 'FV' })).toBe('3/9 FV');
  });

  it('writes the 38h example answer (FC 42, TC 70, FT FV) as "42/70 FV"', () => {
    expect(countersText({ fc: 42, tc: 70, type: 'FV' })).toBe('42/70 FV');
  });

  it.each([
    [{ fc: 0, tc: 9, type: 'FV' }],
    [{ fc: 3, tc: 9.5, type: 'FV' }],
    [{ fc: -1, tc: 9, type: 'FV' }],
    [{ fc: 3, tc: 9, type: 'XX' }],
    [{ fc: 3, tc: 9, type: 'fv' }],
  ])('refuses %j', async (counters) => {
    expect(await codeOf(() => countersText(counters))).toBe('invalid_counters');
  });
});

describe('codeFromSignature', () => {
  const signature = new Uint8Array(64).map((_, i) => (i * 37 + 11) & 0xff);

  it('is the first 24 base32 characters of SHA-256 over the raw 64 signature bytes', async () => {
    const code = await codeFromSignature(signature);
    expect(code).toMatch(/^[A-Z2-7]{24}$/);
    // 24 base32 characters are 15 whole bytes: they must be the first 15 bytes of the digest.
    const digest = createHash('sha256').update(signature).digest();
    expect(Buffer.from(base32Decode(code)).equals(digest.subarray(0, 15))).toBe(true);
  });

  it('gives the same code from the base64url text of security.signature', async () => {
    expect(await codeFromSignatureB64url(Buffer.from(signature).toString('base64url'))).toBe(await codeFromSignature(signature));
  });

  it('changes when one bit of the signature changes', async () => {
    const flipped = new Uint8Array(signature);
    flipped[63] = flipped[63]! ^ 1;
    expect(await codeFromSignature(flipped)).not.toBe(await codeFromSignature(signature));
  });

  it('refuses a signature that is not 64 bytes (a DER signature, say)', async () => {
    expect(await codeOf(() => codeFromSignature(new Uint8Array(71)))).toBe('invalid_signature_bytes');
    expect(await codeOf(() => codeFromSignatureB64url('not base64url!'))).toBe('invalid_signature_bytes');
  });
});

describe('formatCodeForPrint', () => {
  it('prints groups of four joined by dashes, as the sample invoice does (HQBA-X2F3-K22N-MDYR…)', () => {
    expect(formatCodeForPrint('HQBAX2F3K22NMDYRABCD2345')).toBe('HQBA-X2F3-K22N-MDYR-ABCD-2345');
  });

  it('prints the 38h example code D357MYBKF6QSMSD2XWSEFT6S, which is itself within the base32 alphabet', () => {
    expect(formatCodeForPrint('D357MYBKF6QSMSD2XWSEFT6S', 'device')).toBe('D357-MYBK-F6QS-MSD2-XWSE-FT6S');
    expect(formatCodeForPrint('D357MYBKF6QSMSD2XWSEFT6S', 'own')).toBe('D357-MYBK-F6QS-MSD2-XWSE-FT6S');
  });

  it('accepts the digits 0, 1, 8, 9 from a device but not in a code we claim to have derived ourselves', async () => {
    expect(formatCodeForPrint('A0CDEFGHIJKLMNOPQRSTUV89', 'device')).toBe('A0CD-EFGH-IJKL-MNOP-QRST-UV89');
    expect(await codeOf(() => formatCodeForPrint('A0CDEFGHIJKLMNOPQRSTUV89'))).toBe('invalid_code');
    expect(await codeOf(() => formatCodeForPrint('A1CDEFGHIJKLMNOPQRSTUVWX', 'own'))).toBe('invalid_code');
  });

  it.each([['HQBAX2F3K22NMDYR'], ['HQBAX2F3K22NMDYRABCD23456'], ['hqbax2f3k22nmdyrabcd2345'], ['HQBA-X2F3-K22N-MDYR-ABCD']])(
    'refuses "%s" in either mode',
    async (code) => {
      expect(await codeOf(() => formatCodeForPrint(code, 'own'))).toBe('invalid_code');
      expect(await codeOf(() => formatCodeForPrint(code, 'device'))).toBe('invalid_code');
    },
  );
});

describe('qrPayload (Protocoles SFE-MCF v1.0, chapter 5)', () => {
  const example = 'RDCDEF01;AB01000001-1;D357MYBKF6QSMSD2XWSEFT6S;A0001234A;20250301122547';

  it('builds the chapter 5 example RDCDEF01;AB01000001-1;D357MYBKF6QSMSD2XWSEFT6S;A0001234A;20250301122547', () => {
    expect(qrPayload({ nim: 'AB01000001-1', code: 'D357MYBKF6QSMSD2XWSEFT6S', nif: 'A0001234A', timestamp: '20250301122547' })).toBe(example);
  });

  it('builds the CONTRACT.md example for a cloud-sealed invoice', () => {
    expect(qrPayload({ nim: 'SC01000001-1', code: 'D357MYBKF6QSMSD2XWSEFT6S', nif: 'A9000011T', timestamp: '20261125140311' })).toBe(
      'RDCDEF01;SC01000001-1;D357MYBKF6QSMSD2XWSEFT6S;A9000011T;20261125140311',
    );
  });

  it('reads the chapter 5 example back into its fields', () => {
    expect(parseQrPayload(example)).toEqual({ nim: 'AB01000001-1', code: 'D357MYBKF6QSMSD2XWSEFT6S', nif: 'A0001234A', timestamp: '20250301122547' });
  });

  const good = { nim: 'AB01000001-1', code: 'D357MYBKF6QSMSD2XWSEFT6S', nif: 'A0001234A', timestamp: '20250301122547' };
  it.each([
    ['a NIM without its activation count', { ...good, nim: 'AB01000001' }],
    ['a ; smuggled into the NIF', { ...good, nif: 'A0001;234A' }],
    ['a lower-case NIF', { ...good, nif: 'a0001234a' }],
    ['a 23-character code', { ...good, code: 'D357MYBKF6QSMSD2XWSEFT6' }],
    ['an ISO timestamp', { ...good, timestamp: '2025-03-01T12:25:47+01:00' }],
    ['a 13th month', { ...good, timestamp: '20251301122547' }],
  ])('refuses %s', async (_label, fields) => {
    expect(await codeOf(() => qrPayload(fields))).toBe('invalid_qr_field');
  });

  it.each([['RDCDEF02;AB01000001-1;D357MYBKF6QSMSD2XWSEFT6S;A0001234A;20250301122547'], [`${example};extra`], ['RDCDEF01']])(
    'refuses to parse "%s"',
    async (text) => {
      expect(await codeOf(() => parseQrPayload(text))).toBe('invalid_qr');
    },
  );
});
