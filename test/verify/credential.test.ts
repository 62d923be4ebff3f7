// Delegation credentials as compact JWS: the signing input frozen, node:crypto verifying our JWS on its own, and every malformed form refused.
import { createPublicKey, verify as nodeVerify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { credentialSigningInput, cryptoKeySigner, decodeCredential, signCredential } from '../../fiscal/audit-credential';
import type { CredentialClaims } from '../../fiscal/audit-export';
import { base64urlDecode, base64urlEncode, utf8Encode } from '../../fiscal/bytes';
import { exportPublicJwk, generateEs256KeyPair } from '../../fiscal/signature';

const TILL_JWK = {
  kty: 'EC', crv: 'P-256',
  x: 'f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU',
  y: 'x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0',
} as const;

const CLAIMS: CredentialClaims = {
  credential_id: 'c1', merchant_nif: 'A9000011T', outlet_id: 'outlet-central', pos_terminal_id: 'till-2',
  authority_id: 'SD01000001-1', public_key: TILL_JWK, block: { first: 5, last: 9 },
  issued_at: '2026-03-02T08:09:00+01:00', expires_at: '2026-03-02T10:09:00+01:00',
};

describe('credential JWS', () => {
  it('signs BASE64URL(canonical header) "." BASE64URL(canonical claims) (golden text)', () => {
    const input = credentialSigningInput(CLAIMS, 'issuer-kid');
    const [h, p] = input.split('.');
    expect(new TextDecoder().decode(base64urlDecode(h!))).toBe('{"alg":"ES256","kid":"issuer-kid","typ":"stalela-credential"}');
    expect(new TextDecoder().decode(base64urlDecode(p!))).toBe(
      '{"authority_id":"SD01000001-1","block":{"first":5,"last":9},"credential_id":"c1","expires_at":"2026-03-02T10:09:00+01:00",' +
        '"issued_at":"2026-03-02T08:09:00+01:00","merchant_nif":"A9000011T","outlet_id":"outlet-central","pos_terminal_id":"till-2",' +
        '"public_key":{"crv":"P-256","kty":"EC","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"}}',
    );
  });

  it('is verified by node:crypto on its own (ieee-p1363 signature over the ASCII signing input)', async () => {
    const pair = await generateEs256KeyPair();
    const jws = await signCredential(CLAIMS, 'issuer-kid', cryptoKeySigner(pair.privateKey));
    const [h, p, s] = jws.split('.') as [string, string, string];
    const key = createPublicKey({ key: { ...(await exportPublicJwk(pair.publicKey)) }, format: 'jwk' });
    expect(nodeVerify('sha256', Buffer.from(`${h}.${p}`, 'ascii'), { key, dsaEncoding: 'ieee-p1363' }, Buffer.from(base64urlDecode(s)))).toBe(true);
    const decoded = decodeCredential(jws);
    expect(decoded.ok && decoded.credential.claims).toEqual(CLAIMS);
  });

  const enc = (v: unknown) => base64urlEncode(utf8Encode(JSON.stringify(v)));
  const HEADER = { alg: 'ES256', typ: 'stalela-credential', kid: 'k' };
  const MALFORMED: Array<[string, unknown, RegExp]> = [
    ['not a string', 42, /compact JWS string/],
    ['two parts', 'a.b', /3 dot-separated parts/],
    ['a header that is not JSON', `${base64urlEncode(utf8Encode('{'))}.${enc(CLAIMS)}.sig`, /header is not base64url JSON/],
    ['alg none', `${enc({ ...HEADER, alg: 'none' })}.${enc(CLAIMS)}.`, /alg ES256/],
    ['another typ', `${enc({ ...HEADER, typ: 'JWT' })}.${enc(CLAIMS)}.sig`, /typ "JWT"/],
    ['a crit header', `${enc({ ...HEADER, crit: ['exp'] })}.${enc(CLAIMS)}.sig`, /crit/],
    ['no credential_id', `${enc(HEADER)}.${enc({ ...CLAIMS, credential_id: '' })}.sig`, /credential_id/],
    ['an authority id that is no NIM', `${enc(HEADER)}.${enc({ ...CLAIMS, authority_id: 'SD 1' })}.sig`, /SERIAL-ACTIVATIONCOUNT/],
    ['a private key as the till key', `${enc(HEADER)}.${enc({ ...CLAIMS, public_key: { kty: 'RSA', n: 'x', e: 'AQAB' } })}.sig`, /P-256/],
    ['a block upside down', `${enc(HEADER)}.${enc({ ...CLAIMS, block: { first: 9, last: 5 } })}.sig`, /first ≤ last/],
    ['a block of a million numbers', `${enc(HEADER)}.${enc({ ...CLAIMS, block: { first: 1, last: 1_000_000 } })}.sig`, /more than 100000/],
    ['a time without offset', `${enc(HEADER)}.${enc({ ...CLAIMS, expires_at: '2026-03-02T10:09:00' })}.sig`, /expires_at/],
    ['an expiry before issue', `${enc(HEADER)}.${enc({ ...CLAIMS, expires_at: '2026-03-02T08:00:00+01:00' })}.sig`, /expires before it is issued/],
  ];
  for (const [what, jws, why] of MALFORMED) {
    it(`refuses ${what}, saying why`, () => {
      const decoded = decodeCredential(jws);
      expect(decoded.ok).toBe(false);
      if (!decoded.ok) expect(decoded.detail).toMatch(why);
    });
  }
});
