// ES256 over WebCrypto: RFC 7515's example, interop with node:crypto (raw P1363 and DER), low-S, JWK import and RFC 7638 thumbprints.
import { createHash, createPublicKey, generateKeyPairSync, sign as nodeSign, verify as nodeVerify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { base64urlDecode, base64urlEncode } from '../../fiscal/bytes';
import {
  exportPublicJwk,
  generateEs256KeyPair,
  importPrivateJwk,
  importPublicJwk,
  isLowS,
  jwkThumbprint,
  normalizeLowS,
  signEs256,
  SignatureError,
  verifyEs256,
  type Jwk,
} from '../../fiscal/signature';

const ascii = (s: string): Uint8Array => new TextEncoder().encode(s);

async function codeOf(fn: () => Promise<unknown>): Promise<string> {
  try {
    await fn();
  } catch (e) {
    if (e instanceof SignatureError) return e.code;
    throw e;
  }
  return 'no error';
}

// RFC 7515 Appendix A.3: the ES256 JWS example, its key and its signature.
const RFC7515_A3 = {
  jwk: { kty: 'EC', crv: 'P-256', x: 'f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU', y: 'x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0' },
  d: 'jpsQnnGQmL-YBIffH1136cspYG6-0iY7X1fCE9-E9LI',
  signingInput: 'eyJhbGciOiJFUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ',
  signature: 'DtEhU3ljbEg8L38VWAfUAqOyKAM6-Xx-F4GawxaepmXFCgfTjDxw5djxLa8ISlSApmWQxfKTUJqPP3-Kg6NU1Q',
};

describe('verifyEs256', () => {
  it('verifies the RFC 7515 Appendix A.3 example signature with its public JWK', async () => {
    expect(await verifyEs256(RFC7515_A3.jwk, ascii(RFC7515_A3.signingInput), RFC7515_A3.signature)).toBe(true);
  });

  it('rejects that signature over one changed byte of the signing input', async () => {
    const changed = `${RFC7515_A3.signingInput.slice(0, -1)}R`;
    expect(await verifyEs256(RFC7515_A3.jwk, ascii(changed), RFC7515_A3.signature)).toBe(false);
  });

  it('answers false, not an exception, for malformed or wrong-length signatures', async () => {
    const data = ascii(RFC7515_A3.signingInput);
    expect(await verifyEs256(RFC7515_A3.jwk, data, 'not base64url!')).toBe(false);
    expect(await verifyEs256(RFC7515_A3.jwk, data, RFC7515_A3.signature.slice(0, -2))).toBe(false);
    expect(await verifyEs256(RFC7515_A3.jwk, data, `${RFC7515_A3.signature}AA`)).toBe(false);
    expect(await verifyEs256(RFC7515_A3.jwk, data, base64urlEncode(new Uint8Array(64)))).toBe(false);
  });
});

describe('signEs256 with WebCrypto keys', () => {
  it('round-trips with a generated key and fails with another key or other data', async () => {
    const a = await generateEs256KeyPair();
    const b = await generateEs256KeyPair();
    const data = ascii('{"totals":{"ttc":"4064.00"}}');
    const sig = await signEs256(a.privateKey, data);
    expect(base64urlDecode(sig)).toHaveLength(64);
    expect(await verifyEs256(a.publicKey, data, sig)).toBe(true);
    expect(await verifyEs256(await exportPublicJwk(a.publicKey), data, sig)).toBe(true);
    expect(await verifyEs256(b.publicKey, data, sig)).toBe(false);
    expect(await verifyEs256(a.publicKey, ascii('{"totals":{"ttc":"4064.01"}}'), sig)).toBe(false);
  });

  it('signs with the RFC 7515 A.3 private key imported from JWK, verifiable by its public half', async () => {
    const key = await importPrivateJwk({ ...RFC7515_A3.jwk, d: RFC7515_A3.d });
    const sig = await signEs256(key, ascii(RFC7515_A3.signingInput));
    expect(await verifyEs256(RFC7515_A3.jwk, ascii(RFC7515_A3.signingInput), sig)).toBe(true);
  });

  it('always produces the low-S form (s ≤ n/2), over 40 signatures', async () => {
    const { privateKey } = await generateEs256KeyPair();
    for (let i = 0; i < 40; i++) {
      expect(isLowS(base64urlDecode(await signEs256(privateKey, ascii(`invoice ${i}`))))).toBe(true);
    }
  });
});

describe('interop with node:crypto (IEEE P1363 raw r‖s, not DER)', () => {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwk = publicKey.export({ format: 'jwk' }) as Jwk;
  const data = ascii('RDCDEF01;SC01000001-1;D357MYBKF6QSMSD2XWSEFT6S;A9000011T;20261125140311');

  it('verifies signatures made by node:crypto with dsaEncoding ieee-p1363, high-S ones included', async () => {
    let sawHighS = false;
    for (let i = 0; i < 16; i++) {
      const sig = nodeSign('sha256', data, { key: privateKey, dsaEncoding: 'ieee-p1363' });
      sawHighS ||= !isLowS(sig);
      expect(await verifyEs256(jwk, data, sig.toString('base64url'))).toBe(true);
    }
    // 16 random signatures are all low-S with probability 2^-16: the high-S path was exercised.
    expect(sawHighS).toBe(true);
  });

  it('refuses a DER-encoded signature (what node:crypto gives by default)', async () => {
    const der = nodeSign('sha256', data, privateKey);
    expect(der.length).toBeGreaterThan(64);
    expect(await verifyEs256(jwk, data, der.toString('base64url'))).toBe(false);
  });

  it('makes signatures node:crypto verifies as ieee-p1363', async () => {
    const webKey = await importPrivateJwk(privateKey.export({ format: 'jwk' }) as Jwk);
    const sig = Buffer.from(base64urlDecode(await signEs256(webKey, data)));
    expect(nodeVerify('sha256', data, { key: publicKey, dsaEncoding: 'ieee-p1363' }, sig)).toBe(true);
  });

  it('normalizeLowS turns a high-S signature into the low-S one that still verifies, and leaves low-S alone', async () => {
    let sig = nodeSign('sha256', data, { key: privateKey, dsaEncoding: 'ieee-p1363' });
    while (isLowS(sig)) sig = nodeSign('sha256', data, { key: privateKey, dsaEncoding: 'ieee-p1363' });
    const low = normalizeLowS(sig);
    expect(isLowS(low)).toBe(true);
    expect(Buffer.from(low.subarray(0, 32)).equals(sig.subarray(0, 32))).toBe(true);
    expect(nodeVerify('sha256', data, { key: publicKey, dsaEncoding: 'ieee-p1363' }, low)).toBe(true);
    expect(await verifyEs256(jwk, data, base64urlEncode(low))).toBe(true);
    expect(normalizeLowS(low)).toEqual(low);
  });
});

describe('importPublicJwk', () => {
  it('exports what it imported, keeping only kty, crv, x, y', async () => {
    const key = await importPublicJwk({ ...RFC7515_A3.jwk, kid: 'k1', alg: 'ES256', use: 'sig' });
    expect(await exportPublicJwk(key)).toEqual(RFC7515_A3.jwk);
  });

  it.each<[string, Jwk]>([
    ['an RSA key', { kty: 'RSA', n: 'AQAB', e: 'AQAB' }],
    ['a P-384 key', { ...RFC7515_A3.jwk, crv: 'P-384' }],
    ['a key for another algorithm', { ...RFC7515_A3.jwk, alg: 'ES384' }],
    ['an encryption key', { ...RFC7515_A3.jwk, use: 'enc' }],
    ['a short x', { ...RFC7515_A3.jwk, x: 'f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVE' }],
    ['a missing y', { kty: 'EC', crv: 'P-256', x: RFC7515_A3.jwk.x }],
  ])('refuses %s as invalid_jwk', async (_label, jwk) => {
    expect(await codeOf(() => importPublicJwk(jwk))).toBe('invalid_jwk');
  });

  it('refuses a point that is not on the curve as invalid_key', async () => {
    const y = base64urlDecode(RFC7515_A3.jwk.y);
    y[31] = y[31]! ^ 1;
    expect(await codeOf(() => importPublicJwk({ ...RFC7515_A3.jwk, y: base64urlEncode(y) }))).toBe('invalid_key');
  });

  it('gives node:crypto and WebCrypto the same key', async () => {
    const nodeJwk = createPublicKey({ key: RFC7515_A3.jwk, format: 'jwk' }).export({ format: 'jwk' });
    expect(await exportPublicJwk(await importPublicJwk(nodeJwk as Jwk))).toEqual(RFC7515_A3.jwk);
  });
});

describe('jwkThumbprint (RFC 7638)', () => {
  it('gives the RFC 7638 §3.1 example thumbprint for its RSA key', async () => {
    const rsa = {
      kty: 'RSA',
      n:
        '0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw',
      e: 'AQAB',
      alg: 'RS256',
      kid: '2011-04-29',
    };
    expect(await jwkThumbprint(rsa)).toBe('NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs');
  });

  it('gives the RFC 8037 Appendix A.3 thumbprint for its Ed25519 key', async () => {
    const okp = { kty: 'OKP', crv: 'Ed25519', x: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo' };
    expect(await jwkThumbprint(okp)).toBe('kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k');
  });

  it('hashes exactly {"crv","kty","x","y"} of an EC key, ignoring kid, alg, use and the private d', async () => {
    const { x, y } = RFC7515_A3.jwk;
    const expected = createHash('sha256').update(`{"crv":"P-256","kty":"EC","x":"${x}","y":"${y}"}`).digest('base64url');
    expect(await jwkThumbprint(RFC7515_A3.jwk)).toBe(expected);
    expect(await jwkThumbprint({ y, d: RFC7515_A3.d, use: 'sig', x, kid: 'other', crv: 'P-256', kty: 'EC' })).toBe(expected);
  });

  it('refuses a key type it has no rule for, or a key missing a required member', async () => {
    expect(await codeOf(() => jwkThumbprint({ kty: 'XYZ' }))).toBe('invalid_jwk');
    expect(await codeOf(() => jwkThumbprint({ kty: 'EC', crv: 'P-256', x: RFC7515_A3.jwk.x }))).toBe('invalid_jwk');
  });
});
