// Keys end to end: a seal through a SoftHSM2 token verified by node:crypto from GET /v1/keys alone, and key rotation
// that keeps the retired key published so earlier invoices still verify.
import { createPublicKey, verify } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { base64urlDecode } from '../../fiscal/bytes';
import { canonicalize } from '../../fiscal/canonical';
import { verifySealedInvoice, type Jwks } from '../../fiscal/signature';
import { buildApp } from '../../server/app';
import { openPkcs11Signer } from '../../server/signer/pkcs11';
import { SignerError } from '../../server/signer/signer';
import { registerSigner } from '../../server/signer/registry';
import { createSoftwareKeyFile } from '../../server/signer/software';
import { openSqliteStore } from '../../server/store/sqlite';
import { createSoftHsmToken } from '../support/softhsm';
import { ADMIN_KEY, makeDraft, startService } from './fixtures';

type Invoice = Record<string, unknown> & { security: Record<string, unknown> };

/** Verifies like an outside auditor: only node:crypto, the JWKS, and RFC 8785 over the invoice minus signature, code, qr. */
function auditorVerifies(invoice: Invoice, jwks: Jwks): boolean {
  const jwk = jwks.keys.find((k) => k.kid === invoice.security.kid);
  if (!jwk) return false;
  const key = createPublicKey({ key: { kty: 'EC', crv: 'P-256', x: String(jwk.x), y: String(jwk.y) }, format: 'jwk' });
  const { signature, code: _code, qr: _qr, ...signedSecurity } = invoice.security;
  const signed = Buffer.from(canonicalize({ ...invoice, security: signedSecurity }), 'utf8');
  return verify('sha256', signed, { key, dsaEncoding: 'ieee-p1363' }, base64urlDecode(String(signature)));
}

describe('sealing with a PKCS#11 key (SoftHSM2)', () => {
  const token = createSoftHsmToken('stalela-seal-test');
  afterAll(() => token.cleanup());

  it('seals an invoice whose signature verifies with node:crypto from /v1/keys alone', async () => {
    const signer = await openPkcs11Signer({ module: token.module, tokenLabel: token.label, pin: token.pin, keyLabel: 'cloud-seal' });
    const svc = await startService('sqlite', { signer });
    try {
      const shop = await svc.shop('A9000011T');
      const res = await svc.call('POST', '/v1/invoices', shop.terminalKey, makeDraft({ outletId: shop.outletId, nif: shop.nif, clientInvoiceId: 'hsm-1' }), { 'idempotency-key': 'hsm-1' });
      expect(res.statusCode).toBe(201);
      const invoice = res.json().invoice as Invoice;
      expect(invoice.security.kid).toBe(signer.kid);
      const jwks = (await svc.call('GET', '/v1/keys', null)).json() as Jwks;
      expect(jwks.keys.find((k) => k.kid === signer.kid)).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig', status: 'active' });
      expect(auditorVerifies(invoice, jwks)).toBe(true);
      expect(auditorVerifies({ ...invoice, cashier_name: 'SOMEONE' }, jwks)).toBe(false);
      expect(await verifySealedInvoice(invoice, jwks)).toEqual({ ok: true });
    } finally {
      await svc.close();
      await signer.close();
    }
  });
});

describe('key rotation', () => {
  const dir = mkdtempSync(join(tmpdir(), 'stalela-rotation-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('retires the old key on restart with a new one, keeps it in /v1/keys, and old invoices still verify', async () => {
    const db = join(dir, 'service.sqlite');
    const first = await createSoftwareKeyFile(join(dir, 'k1.json'), 'p1');
    let store = openSqliteStore(db);
    let app = await buildApp({ store, signer: first, adminKey: ADMIN_KEY });
    const auth = (k: string) => ({ authorization: `Bearer ${k}` });
    const merchant = (await app.inject({ method: 'POST', url: '/v1/merchants', headers: auth(ADMIN_KEY), payload: { nif: 'A9000011T', name: 'Shop' } })).json();
    const outlet = (await app.inject({ method: 'POST', url: `/v1/merchants/${merchant.id}/outlets`, headers: auth(ADMIN_KEY), payload: { name: 'Main' } })).json();
    const terminal = (await app.inject({ method: 'POST', url: '/v1/api-keys', headers: auth(ADMIN_KEY), payload: { merchant_id: merchant.id, outlet_id: outlet.id, role: 'terminal' } })).json().key as string;
    const sealOne = async (id: string) =>
      (await app.inject({ method: 'POST', url: '/v1/invoices', headers: { ...auth(terminal), 'idempotency-key': id }, payload: makeDraft({ outletId: outlet.id, nif: 'A9000011T', clientInvoiceId: id }) })).json().invoice as Invoice;
    const before = await sealOne('before-rotation');
    await app.close();
    await store.close();

    const second = await createSoftwareKeyFile(join(dir, 'k2.json'), 'p2');
    store = openSqliteStore(db);
    app = await buildApp({ store, signer: second, adminKey: ADMIN_KEY });
    const after = await sealOne('after-rotation');
    const jwks = (await app.inject({ method: 'GET', url: '/v1/keys' })).json() as Jwks;
    expect(jwks.keys.map((k) => [k.kid, k.status])).toEqual([[first.kid, 'retired'], [second.kid, 'active']]);
    expect(jwks.keys[0]?.retired_at).toEqual(expect.any(String));
    expect(after.security.kid).toBe(second.kid);
    expect(after.security.fiscal_number).toBe(2);
    expect(auditorVerifies(before, jwks)).toBe(true);
    expect(auditorVerifies(after, jwks)).toBe(true);

    // A retired key never signs again: bringing it back is refused.
    const err = await registerSigner(store, first, 'seal').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SignerError);
    expect((err as SignerError).code).toBe('signer.retired_key');
    await app.close();
    await store.close();
  });
});
