// POST /v1/credentials and POST /v1/credentials/{id}/return on both stores: the block comes from the outlet's own
// sequence, the JWS verifies with the published issuer key, limits name their field, roles and merchants stay apart,
// and a returned block's unused numbers are voided so the verifier finds every number.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeCredential } from '../../fiscal/audit-credential';
import { utf8Encode } from '../../fiscal/bytes';
import { verifyEs256, type Jwk } from '../../fiscal/signature';
import { verifyExport } from '../../fiscal/verify';
import { TABLES } from '../../server/store/records';
import { BACKENDS } from './backends';
import { ADMIN_KEY, startService, type Service, type Shop } from './fixtures';
import { auditExport, cloudSeal, makeTill, type Till } from './reconciling-till';

describe.each(BACKENDS)('credentials on %s', (backendName) => {
  let svc: Service;
  let shop: Shop;
  let other: Shop;
  let till: Till;
  const snapshot = async () => Object.fromEntries(await Promise.all(TABLES.map(async (t) => [t, await svc.store.countRows(t)] as const)));
  const keyFor = async (s: Shop, role: string, outlet: boolean) =>
    (await svc.call('POST', '/v1/api-keys', ADMIN_KEY, { merchant_id: s.merchantId, role, ...(outlet ? { outlet_id: s.outletId } : {}) })).json().key as string;

  beforeAll(async () => {
    svc = await startService(backendName, { sweepIntervalMs: 0 });
    shop = await svc.shop('A9000011T');
    other = await svc.shop('A9001255A');
    till = await makeTill(svc, shop);
  });
  afterAll(async () => {
    till?.close();
    await svc?.close();
  });

  it('carves the block from the outlet sequence: a cloud seal after it takes the number past the block', async () => {
    const before = await cloudSeal(svc, shop);
    const c = await till.credential(10);
    const after = await cloudSeal(svc, shop);
    expect(c.block).toEqual({ first: before.security.fiscal_number! + 1, last: before.security.fiscal_number! + 10 });
    expect(after.security.fiscal_number).toBe(c.block.last + 1);
    expect(c.authority_id).toMatch(/^SD\d{8}-1$/);
    expect(c.authority_id).not.toBe(shop.authorityId);
    expect(c.till_kid).toBe(till.kid);
  });

  it('signs the claims with the issuer key that GET /v1/keys publishes', async () => {
    const c = await till.credential(3);
    const decoded = decodeCredential(c.credential);
    if (!decoded.ok) throw new Error(decoded.detail);
    const { claims, header, signingInput, signature } = decoded.credential;
    expect(claims).toMatchObject({
      credential_id: c.credential_id, merchant_nif: shop.nif, outlet_id: shop.outletId, pos_terminal_id: till.terminal,
      authority_id: c.authority_id, public_key: till.jwk, block: c.block, issued_at: c.issued_at, expires_at: c.expires_at,
    });
    expect(Date.parse(c.expires_at) - Date.parse(c.issued_at)).toBe(3600_000);
    const keys = (await svc.call('GET', '/v1/keys', null)).json().keys as Array<Jwk & { kid: string; purpose: string; status: string }>;
    const issuer = keys.find((k) => k.kid === header.kid);
    expect(issuer).toMatchObject({ purpose: 'issuer', status: 'active' });
    expect(await verifyEs256(issuer as Jwk, utf8Encode(signingInput), signature)).toBe(true);
    await till.returnCredential(c);
  });

  it('refuses block_size and ttl_seconds outside the limits with 422 naming the field, and stores nothing', async () => {
    const before = await snapshot();
    const ask = (body: Record<string, unknown>) =>
      svc.call('POST', '/v1/credentials', shop.terminalKey, { pos_terminal_id: till.terminal, public_key: till.jwk, block_size: 5, ttl_seconds: 600, ...body });
    const big = await ask({ block_size: 1001 });
    expect(big.statusCode).toBe(422);
    expect(big.json().errors).toEqual([expect.objectContaining({ path: 'block_size', code: 'too_large' })]);
    const long = await ask({ ttl_seconds: 73 * 3600 });
    expect(long.statusCode).toBe(422);
    expect(long.json().errors).toEqual([expect.objectContaining({ path: 'ttl_seconds', code: 'out_of_range' })]);
    const short = await ask({ ttl_seconds: 10 });
    expect(short.json().errors[0].path).toBe('ttl_seconds');
    const zero = await ask({ block_size: 0 });
    expect(zero.statusCode).toBe(422);
    expect(zero.json().errors[0].path).toBe('block_size');
    expect(await snapshot()).toEqual(before);
  });

  it('refuses a private key (d) and a key off the P-256 curve, naming public_key', async () => {
    const withD = await svc.call('POST', '/v1/credentials', shop.terminalKey, { pos_terminal_id: 't', public_key: { ...till.jwk, d: 'AAAA' }, block_size: 1, ttl_seconds: 600 });
    expect(withD.statusCode).toBe(422);
    expect(withD.json().errors[0]).toMatchObject({ path: 'public_key.d' });
    const offCurve = await svc.call('POST', '/v1/credentials', shop.terminalKey, { pos_terminal_id: 't', public_key: { ...till.jwk, y: till.jwk.x }, block_size: 1, ttl_seconds: 600 });
    expect(offCurve.statusCode).toBe(422);
    expect(offCurve.json().errors[0]).toMatchObject({ path: 'public_key' });
    const rsa = await svc.call('POST', '/v1/credentials', shop.terminalKey, { pos_terminal_id: 't', public_key: { kty: 'RSA', n: 'x', e: 'AQAB' }, block_size: 1, ttl_seconds: 600 });
    expect(rsa.statusCode).toBe(422);
  });

  it('lets a terminal hold two open credentials, not a third (409), until it returns one', async () => {
    const t = await makeTill(svc, shop, 'till-limit');
    try {
      const a = await t.credential(2);
      await t.credential(2);
      const third = await svc.call('POST', '/v1/credentials', shop.terminalKey, { pos_terminal_id: 'till-limit', public_key: t.jwk, block_size: 2, ttl_seconds: 600 });
      expect(third.statusCode).toBe(409);
      expect(third.json().detail).toMatch(/return one/);
      expect((await t.returnCredential(a)).statusCode).toBe(200);
      expect((await t.credential(2)).block.last).toBeGreaterThan(0);
    } finally {
      t.close();
    }
  });

  it('answers the same credential to a retry with the same Idempotency-Key, and 409 to that key with another request', async () => {
    const body = { pos_terminal_id: 'retry-till', public_key: till.jwk, block_size: 4, ttl_seconds: 600 };
    const before = await snapshot();
    const first = await svc.call('POST', '/v1/credentials', shop.terminalKey, body, { 'idempotency-key': 'cred-retry-1' });
    expect(first.statusCode).toBe(201);
    const mid = await snapshot();
    const again = await svc.call('POST', '/v1/credentials', shop.terminalKey, body, { 'idempotency-key': 'cred-retry-1' });
    expect(again.statusCode).toBe(201);
    expect(again.json()).toEqual(first.json());
    // Nothing more was carved: the same block, the same rows.
    expect(await snapshot()).toEqual(mid);
    expect(mid['credentials']).toBe((before['credentials'] ?? 0) + 1);
    const other = await svc.call('POST', '/v1/credentials', shop.terminalKey, { ...body, block_size: 5 }, { 'idempotency-key': 'cred-retry-1' });
    expect(other.statusCode).toBe(409);
    expect(other.json().code ?? other.json().type).toBeDefined();
    expect((await svc.call('POST', `/v1/credentials/${first.json().credential_id}/return`, shop.terminalKey)).statusCode).toBe(200);
  });

  it('is for terminal keys only: owner, cashier, technician, auditor 403; no key 401; admin 403', async () => {
    const body = { pos_terminal_id: 't', public_key: till.jwk, block_size: 1, ttl_seconds: 600 };
    for (const [role, key] of [['owner', shop.ownerKey], ['cashier', await keyFor(shop, 'cashier', true)], ['technician', await keyFor(shop, 'technician', false)],
      ['auditor', await keyFor(shop, 'auditor', false)], ['admin', ADMIN_KEY]] as const) {
      const res = await svc.call('POST', '/v1/credentials', key, body);
      expect(res.statusCode, role).toBe(403);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
    expect((await svc.call('POST', '/v1/credentials', null, body)).statusCode).toBe(401);
  });

  it("returns a credential: its unused numbers become one void naming it; a second return answers already_closed", async () => {
    const c = await till.credential(4);
    const res = await till.returnCredential(c);
    expect(res.statusCode).toBe(200);
    const answer = res.json();
    expect(answer).toMatchObject({ credential_id: c.credential_id, status: 'returned', already_closed: false });
    expect(answer.voided).toEqual([expect.objectContaining({ first: c.block.first, last: c.block.last, reason: expect.stringMatching(/returned by terminal till-7/) })]);
    const entry = (await svc.store.getLedgerEntry(shop.outletId, answer.voided[0].ledger.seq))!;
    expect(entry.kind).toBe('void');
    expect(JSON.parse(entry.payload)).toMatchObject({ first: c.block.first, last: c.block.last, credential_id: c.credential_id });
    const again = await till.returnCredential(c);
    expect(again.json()).toMatchObject({ status: 'returned', already_closed: true, voided: [] });
  });

  it("hides another merchant's credential (404) and another outlet's terminal cannot return it", async () => {
    const c = await till.credential(2);
    const before = await snapshot();
    const res = await svc.call('POST', `/v1/credentials/${c.credential_id}/return`, other.terminalKey);
    expect(res.statusCode).toBe(404);
    expect(res.json().detail).not.toContain(shop.outletId);
    expect((await svc.call('POST', '/v1/credentials/no-such-id/return', shop.terminalKey)).statusCode).toBe(404);
    expect(await snapshot()).toEqual(before);
    await till.returnCredential(c);
  });

  it('keeps the numbers invariant: the export of this outlet verifies, every returned number voided', async () => {
    const open = await makeTill(svc, shop, 'till-open');
    try {
      // Return the credentials still open from earlier tests, so only known blocks remain.
      for (const row of await svc.store.listCredentials(shop.outletId)) {
        if (row.status === 'open') await svc.call('POST', `/v1/credentials/${row.id}/return`, shop.terminalKey);
      }
      const pending = await open.credential(3);
      const exp = await auditExport(svc, shop);
      const result = await verifyExport(exp);
      expect(result, JSON.stringify(result)).toMatchObject({ ok: true, summary: { pending: { open: 3, expired: 0 } } });
      if (result.ok) expect(result.summary.numbers?.last).toBe(pending.block.last);
      expect(exp.credentials).toHaveLength((await svc.store.listCredentials(shop.outletId)).length);
    } finally {
      open.close();
    }
  });
});
