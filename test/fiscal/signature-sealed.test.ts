// verifySealedInvoice as a conformance table: each tampering of a sealed invoice or of the key set, and the check it must fail.
import { generateKeyPairSync, sign as nodeSign } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { base64urlDecode, base64urlEncode } from '../../fiscal/bytes';
import { codeFromSignatureB64url, completeSecurity, qrPayload, signingBytes } from '../../fiscal/security-elements';
import {
  exportPublicJwk,
  generateEs256KeyPair,
  isLowS,
  jwkThumbprint,
  normalizeLowS,
  signEs256,
  signSealedInvoice,
  verifySealedInvoice,
  type Jwk,
  type Jwks,
  type SealedCheck,
} from '../../fiscal/signature';

type Sealed = {
  merchant_nif: string;
  items: { name: string; unit_price: string; quantity: string }[];
  totals: { ttc: string };
  security: Record<string, unknown>;
  [member: string]: unknown;
};

function unsignedInvoice(kid: string, mode = 'cloud'): Sealed {
  return {
    client_invoice_id: 'c-0001',
    merchant_nif: 'A9000011T',
    type: 'FV',
    items: [{ name: 'EAU', unit_price: '720.00', quantity: '5' }],
    totals: { ttc: '3600.00' },
    issued_at: '2026-11-25T14:03:11+01:00',
    security: {
      mode,
      authority_id: 'SC01000001-1',
      fiscal_number: 9,
      counters: { fc: 3, tc: 9, type: 'FV' },
      timestamp: '20261125140311',
      kid,
    },
  };
}

let kid: string;
let otherKid: string;
let jwks: Jwks;
let sealed: Sealed;
let privateKey: CryptoKey;

beforeAll(async () => {
  const pair = await generateEs256KeyPair();
  const other = await generateEs256KeyPair();
  privateKey = pair.privateKey;
  const pub = await exportPublicJwk(pair.publicKey);
  const otherPub = await exportPublicJwk(other.publicKey);
  kid = await jwkThumbprint(pub);
  otherKid = await jwkThumbprint(otherPub);
  jwks = { keys: [{ ...pub, kid, alg: 'ES256', use: 'sig' }, { ...otherPub, kid: otherKid }] };
  sealed = await signSealedInvoice(unsignedInvoice(kid), privateKey);
});

const copy = (): Sealed => structuredClone(sealed);
const rebuiltQr = (s: Sealed): string =>
  qrPayload({ nim: s.security['authority_id'] as string, code: s.security['code'] as string, nif: s.merchant_nif, timestamp: s.security['timestamp'] as string });

describe('a sealed invoice that holds', () => {
  it('passes every check', async () => {
    expect(await verifySealedInvoice(sealed, jwks)).toEqual({ ok: true });
  });

  it('carries a code derived from its signature and a QR built from its own fields', async () => {
    const code = await codeFromSignatureB64url(sealed.security['signature'] as string);
    expect(sealed.security['code']).toBe(code);
    expect(sealed.security['qr']).toBe(`RDCDEF01;SC01000001-1;${code};A9000011T;20261125140311`);
  });

  it('is found by thumbprint when the key set lists the key without a kid', async () => {
    const bare = { keys: [{ ...(jwks.keys[0] as Jwk), kid: undefined }] };
    expect(await verifySealedInvoice(sealed, bare)).toEqual({ ok: true });
  });

  it('survives a JSON round trip with members in another order', async () => {
    const reordered = JSON.parse(JSON.stringify(Object.fromEntries(Object.entries(copy()).reverse()))) as Sealed;
    expect(await verifySealedInvoice(reordered, jwks)).toEqual({ ok: true });
  });
});

// Each row: what is done to the invoice or the key set, and the check that must name it.
const scenarios: [string, (s: Sealed, keys: Jwks) => Jwks | void, SealedCheck][] = [
  ['no security object', (s) => void delete (s as Partial<Sealed>).security, 'kid'],
  ['no kid', (s) => void delete s.security['kid'], 'kid'],
  ['a kid the key set does not hold', (s) => void (s.security['kid'] = 'unknown-key'), 'kid'],
  ['a key set where two keys answer to the kid', (_s, k) => ({ keys: [k.keys[0]!, { ...k.keys[0]! }] }), 'kid'],
  ['a kid naming an RSA key', (_s, k) => ({ keys: [{ kty: 'RSA', n: 'AQAB', e: 'AQAB', kid }, k.keys[1]!] }), 'kid'],
  ['the kid pointed at the other key of the set', (s) => void (s.security['kid'] = otherKid), 'signature'],
  ['a changed line price', (s) => void (s.items[0]!.unit_price = '700.00'), 'signature'],
  ['a changed total', (s) => void (s.totals.ttc = '3500.00'), 'signature'],
  ['a changed merchant NIF, the QR rebuilt to match', (s) => void ((s.merchant_nif = 'A9000012T'), (s.security['qr'] = rebuiltQr(s))), 'signature'],
  ['changed counters', (s) => void (s.security['counters'] = { fc: 4, tc: 9, type: 'FV' }), 'signature'],
  ['a changed timestamp', (s) => void (s.security['timestamp'] = '20261125140312'), 'signature'],
  ['a changed mode', (s) => void (s.security['mode'] = 'delegated'), 'signature'],
  ['an added member', (s) => void (s['note'] = 'x'), 'signature'],
  ['no signature', (s) => void delete s.security['signature'], 'signature'],
  ['a DER-length signature', (s) => void (s.security['signature'] = base64urlEncode(new Uint8Array(71))), 'signature'],
  ['a signature with padding', (s) => void (s.security['signature'] = `${String(s.security['signature'])}==`), 'signature'],
  ['a float NaN in a line (no canonical form)', (s) => void ((s.items[0] as Record<string, unknown>)['qty'] = Number.NaN), 'signature'],
  ['another code (CODE DEF/DGI not bound to the signature)', (s) => void (s.security['code'] = 'AAAAAAAAAAAAAAAAAAAAAAAA'), 'code'],
  ['no code', (s) => void delete s.security['code'], 'code'],
  ['a QR with another code', (s) => void (s.security['qr'] = String(s.security['qr']).replace(/;[A-Z2-7]{24};/, ';AAAAAAAAAAAAAAAAAAAAAAAA;')), 'qr'],
  ['a QR with another NIM', (s) => void (s.security['qr'] = String(s.security['qr']).replace('SC01000001-1', 'SC01000001-2')), 'qr'],
  ['no QR', (s) => void delete s.security['qr'], 'qr'],
  ['an authority id that cannot be a NIM', (s) => void (s.security['authority_id'] = 'SC01;000001-1'), 'signature'],
];

describe('tampering is named by the first check it breaks', () => {
  it.each(scenarios)('%s → %s', async (_label, tamper, check) => {
    const s = copy();
    const keys = tamper(s, jwks) ?? jwks;
    const result = await verifySealedInvoice(s, keys);
    expect(result).toMatchObject({ ok: false, check });
    if (!result.ok) expect(result.detail.length).toBeGreaterThan(10);
  });

  it('fails qr, not signature, when the signed authority id cannot be written as a NIM', async () => {
    // Sealed with a bad authority id: the signature holds, the QR cannot be rebuilt from it.
    const unsigned = unsignedInvoice(kid);
    unsigned.security['authority_id'] = 'SC01;000001-1';
    const bytes = signingBytes(unsigned);
    const signature = await signEs256(privateKey, bytes);
    const s = { ...unsigned, security: { ...unsigned.security, signature, code: await codeFromSignatureB64url(signature), qr: 'RDCDEF01;x' } };
    expect(await verifySealedInvoice(s, jwks)).toMatchObject({ ok: false, check: 'qr' });
  });
});

describe('signature malleability', () => {
  it('refuses the high-S twin of a valid signature, which would otherwise yield a second valid code', async () => {
    const s = copy();
    const raw = base64urlDecode(s.security['signature'] as string);
    const n = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;
    const sVal = BigInt(`0x${Buffer.from(raw.subarray(32)).toString('hex')}`);
    raw.set(Buffer.from((n - sVal).toString(16).padStart(64, '0'), 'hex'), 32);
    expect(isLowS(raw)).toBe(false);
    const twin = await completeSecurity({ ...s, security: { ...s.security } }, base64urlEncode(raw));
    expect(twin.security['code']).not.toBe(s.security['code']);
    expect(await verifySealedInvoice(twin, jwks)).toMatchObject({ ok: false, check: 'signature' });
  });

  it('accepts a node:crypto (P1363) signature once normalized to low-S, as an HSM signer would do', async () => {
    const { privateKey: nodeKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const pub = publicKey.export({ format: 'jwk' }) as Jwk;
    const nodeKid = await jwkThumbprint(pub);
    const unsigned = unsignedInvoice(nodeKid);
    const raw = nodeSign('sha256', signingBytes(unsigned), { key: nodeKey, dsaEncoding: 'ieee-p1363' });
    const s = await completeSecurity(unsigned, base64urlEncode(normalizeLowS(raw)));
    expect(await verifySealedInvoice(s, { keys: [{ ...pub, kid: nodeKid }] })).toEqual({ ok: true });
  });
});

describe('device-sealed invoices (mode: device)', () => {
  it('keep the MCF code, check only its form, and still bind it through the QR', async () => {
    const unsigned = unsignedInvoice(kid, 'device');
    unsigned.security['code'] = 'D357MYBKF6QSMSD2XWSEFT6S';
    unsigned.security['authority_id'] = 'AB01000001-1';
    const s = await signSealedInvoice(unsigned, privateKey);
    expect(s.security['code']).toBe('D357MYBKF6QSMSD2XWSEFT6S');
    expect(s.security['qr']).toBe('RDCDEF01;AB01000001-1;D357MYBKF6QSMSD2XWSEFT6S;A9000011T;20261125140311');
    expect(await verifySealedInvoice(s, jwks)).toEqual({ ok: true });
    const badCode = structuredClone(s);
    badCode.security['code'] = 'd357';
    expect(await verifySealedInvoice(badCode, jwks)).toMatchObject({ ok: false, check: 'code' });
    const otherCode = structuredClone(s);
    otherCode.security['code'] = 'A0CDEFGHIJKLMNOPQRSTUV89';
    expect(await verifySealedInvoice(otherCode, jwks)).toMatchObject({ ok: false, check: 'qr' });
  });
});
