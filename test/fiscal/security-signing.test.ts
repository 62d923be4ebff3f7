// What the signature covers: the one list of unsigned fields, the signing payload, and a golden sealed invoice frozen byte for byte.
import { describe, expect, it } from 'vitest';
import { utf8Decode } from '../../fiscal/bytes';
import { CanonicalError, canonicalBytes } from '../../fiscal/canonical';
import { SecurityElementError, signingBytes, signingPayload, UNSIGNED_SECURITY_FIELDS } from '../../fiscal/security-elements';
import { jwkThumbprint, verifyEs256, verifySealedInvoice } from '../../fiscal/signature';

// A test-only P-256 key (never used outside tests); the golden signature below was made with it once.
const GOLDEN_PUBLIC_JWK = { kty: 'EC', crv: 'P-256', x: 'EHMVjxz1b7NFwWSjM0OMRozhQqOoeXQ8W4T5CRYDJeU', y: 'I1NCamFqIwpIkyvP4Wqnp73fTB0tyU7LfvNVq0lCQzE' };
const GOLDEN_KID = 'aUHeie3JwHQBq_WeVkQkEIwDcjkYod5Yn0L4vw67vU8';

/** The CONTRACT.md sample sale (EAU 5 × 720 in group A, LAIT GR 464 in group B, 4 064 TTC), sealed by the cloud. */
function goldenSealed() {
  return {
    client_invoice_id: '0193a5c4-7d2e-7c1a-9f00-5b6c2a1d0e01',
    merchant_nif: 'A9000011T',
    outlet_id: 'outlet-kin-01',
    pos_terminal_id: 'till-01',
    cashier_id: 'cashier-07',
    cashier_name: 'JACQUES',
    invoice_number: '345/2026',
    type: 'FV',
    price_mode: 'TTC',
    currency: 'CDF',
    client: { type: 'PM', nif: 'A9001255A', name: 'ABC SARL' },
    items: [
      { code: '6001', name: 'EAU', type: 'BIE', tax_group: 'A', unit_price: '720.00', quantity: '5' },
      { code: '6002', name: 'LAIT GR', type: 'BIE', tax_group: 'B', unit_price: '464.00', quantity: '1' },
    ],
    tax_groups: [
      { group: 'A', rate: '0.00', ht: '3600.00', vat: '0.00', specific: '0.00', ttc: '3600.00' },
      { group: 'B', rate: '16.00', ht: '400.00', vat: '64.00', specific: '0.00', ttc: '464.00' },
    ],
    totals: { ht: '4000.00', vat: '64.00', specific: '0.00', ttc: '4064.00' },
    payments: [{ method: 'E', amount: '4064.00', currency: 'CDF' }],
    comments: { A: 'Merci de votre visite – à bientôt' },
    issued_at: '2026-11-25T14:03:11+01:00',
    security: {
      mode: 'cloud',
      authority_id: 'SC01000001-1',
      fiscal_number: 9,
      counters: { fc: 3, tc: 9, type: 'FV' },
      code: 'R2CQKAXNGEA6IUZWS62RSZI6',
      timestamp: '20261125140311',
      qr: 'RDCDEF01;SC01000001-1;R2CQKAXNGEA6IUZWS62RSZI6;A9000011T;20261125140311',
      kid: GOLDEN_KID,
      signature: 'FqFaI2KtREXGfnQKdPflivFVGCCHNmKb3iDahfc90AhvhVZ5Nw4MpBMbmni1O2PFa9qMoYmoJctCI4w1-23utw',
    },
  };
}

// Frozen: if this string changes, every signature ever issued stops verifying. Change it only on purpose.
const GOLDEN_SIGNING_TEXT =
  '{"cashier_id":"cashier-07","cashier_name":"JACQUES","client":{"name":"ABC SARL","nif":"A9001255A","type":"PM"},' +
  '"client_invoice_id":"0193a5c4-7d2e-7c1a-9f00-5b6c2a1d0e01","comments":{"A":"Merci de votre visite – à bientôt"},' +
  '"currency":"CDF","invoice_number":"345/2026","issued_at":"2026-11-25T14:03:11+01:00",' +
  '"items":[{"code":"6001","name":"EAU","quantity":"5","tax_group":"A","type":"BIE","unit_price":"720.00"},' +
  '{"code":"6002","name":"LAIT GR","quantity":"1","tax_group":"B","type":"BIE","unit_price":"464.00"}],' +
  '"merchant_nif":"A9000011T","outlet_id":"outlet-kin-01","payments":[{"amount":"4064.00","currency":"CDF","method":"E"}],' +
  '"pos_terminal_id":"till-01","price_mode":"TTC",' +
  '"security":{"authority_id":"SC01000001-1","counters":{"fc":3,"tc":9,"type":"FV"},"fiscal_number":9,' +
  '"kid":"aUHeie3JwHQBq_WeVkQkEIwDcjkYod5Yn0L4vw67vU8","mode":"cloud","timestamp":"20261125140311"},' +
  '"tax_groups":[{"group":"A","ht":"3600.00","rate":"0.00","specific":"0.00","ttc":"3600.00","vat":"0.00"},' +
  '{"group":"B","ht":"400.00","rate":"16.00","specific":"0.00","ttc":"464.00","vat":"64.00"}],' +
  '"totals":{"ht":"4000.00","specific":"0.00","ttc":"4064.00","vat":"64.00"},"type":"FV"}';

describe('the unsigned fields', () => {
  it('are exactly security.signature, security.code and security.qr (CONTRACT.md "A sealed invoice")', () => {
    expect([...UNSIGNED_SECURITY_FIELDS]).toEqual(['signature', 'code', 'qr']);
  });
});

describe('signingPayload', () => {
  it('removes the unsigned fields and keeps everything else, kid and counters included', () => {
    const payload = signingPayload(goldenSealed());
    const security = payload['security'] as Record<string, unknown>;
    expect(Object.keys(security).sort()).toEqual(['authority_id', 'counters', 'fiscal_number', 'kid', 'mode', 'timestamp']);
    expect(payload['items']).toEqual(goldenSealed().items);
  });

  it('leaves the sealed invoice untouched (a deep copy, not an edit)', () => {
    const sealed = goldenSealed();
    const payload = signingPayload(sealed) as { security: Record<string, unknown>; items: Record<string, unknown>[] };
    payload.items[0]!['name'] = 'CHANGED';
    expect(sealed.security.signature).toBe(goldenSealed().security.signature);
    expect(sealed.items[0]!.name).toBe('EAU');
  });

  it('gives the same bytes before signing (no signature, code, qr yet) and after', () => {
    const sealed = goldenSealed();
    const { signature: _s, code: _c, qr: _q, ...unsignedSecurity } = sealed.security;
    expect(signingBytes({ ...sealed, security: unsignedSecurity })).toEqual(signingBytes(sealed));
  });

  it('signs exactly the canonical bytes of signingPayload, and leaves the invoice with its signature', () => {
    const sealed = goldenSealed();
    expect(signingBytes(sealed)).toEqual(canonicalBytes(signingPayload(sealed)));
    expect(sealed.security.signature).toBe(goldenSealed().security.signature);
    expect(sealed.security.qr).toBe(goldenSealed().security.qr);
  });

  it('keeps a "__proto__" member from JSON as data in the copy', () => {
    const parsed = JSON.parse('{"__proto__":{"x":1},"security":{"kid":"k","signature":"s"}}') as object;
    expect(utf8Decode(signingBytes(parsed))).toBe('{"__proto__":{"x":1},"security":{"kid":"k"}}');
  });

  it('reports a cyclic or absurdly deep invoice as a CanonicalError, not a stack overflow', () => {
    const cyclic: Record<string, unknown> = { security: { kid: 'k' } };
    cyclic['self'] = cyclic;
    expect(() => signingBytes(cyclic)).toThrow(CanonicalError);
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(() => signingBytes({ security: { kid: 'k' }, deep })).toThrow(CanonicalError);
  });

  it('refuses an invoice without a security object', () => {
    expect(() => signingPayload({ merchant_nif: 'A9000011T' })).toThrow(SecurityElementError);
    expect(() => signingPayload({ security: ['signature'] })).toThrow(SecurityElementError);
  });
});

describe('golden sealed invoice', () => {
  it('has the frozen canonical signing text', () => {
    expect(utf8Decode(signingBytes(goldenSealed()))).toBe(GOLDEN_SIGNING_TEXT);
  });

  it('is named by the RFC 7638 thumbprint of its key', async () => {
    expect(await jwkThumbprint(GOLDEN_PUBLIC_JWK)).toBe(GOLDEN_KID);
  });

  it('carries a signature that verifies over the frozen text with the public key alone', async () => {
    const text = new TextEncoder().encode(GOLDEN_SIGNING_TEXT);
    expect(await verifyEs256(GOLDEN_PUBLIC_JWK, text, goldenSealed().security.signature)).toBe(true);
  });

  it('passes every sealed-invoice check (kid, signature, code, qr)', async () => {
    expect(await verifySealedInvoice(goldenSealed(), { keys: [{ ...GOLDEN_PUBLIC_JWK, kid: GOLDEN_KID }] })).toEqual({ ok: true });
  });

  it('fails the signature check when one centime of one line changes', async () => {
    const sealed = goldenSealed();
    sealed.items[1]!.unit_price = '464.01';
    expect(await verifySealedInvoice(sealed, { keys: [{ ...GOLDEN_PUBLIC_JWK, kid: GOLDEN_KID }] })).toMatchObject({ ok: false, check: 'signature' });
  });
});
