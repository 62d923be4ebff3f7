// Every route and every role: who may call what, and each refusal as problem+json (401, 403, 404, 409, 422).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../server/auth';
import { BACKENDS } from './backends';
import { ADMIN_KEY, makeDraft, startService, type Service, type Shop } from './fixtures';

type Keys = Record<Role, string>;

async function keysFor(svc: Service, shop: Shop): Promise<Keys> {
  const make = async (role: string, outlet: boolean) => {
    const res = await svc.call('POST', '/v1/api-keys', ADMIN_KEY, { merchant_id: shop.merchantId, role, ...(outlet ? { outlet_id: shop.outletId } : {}) });
    expect(res.statusCode).toBe(201);
    return res.json().key as string;
  };
  return {
    admin: ADMIN_KEY,
    owner: shop.ownerKey,
    terminal: shop.terminalKey,
    cashier: await make('cashier', true),
    technician: await make('technician', false),
    auditor: await make('auditor', false),
  };
}

const ROLES: Role[] = ['admin', 'owner', 'cashier', 'technician', 'auditor', 'terminal'];

describe.each(BACKENDS)('routes and roles on %s', (backendName) => {
  let svc: Service;
  let shop: Shop;
  let keys: Keys;
  let sealedId: string;

  beforeAll(async () => {
    svc = await startService(backendName);
    shop = await svc.shop('A9000011T');
    keys = await keysFor(svc, shop);
    sealedId = 'sealed-1';
    const res = await svc.call('POST', '/v1/invoices', keys.terminal, makeDraft({ outletId: shop.outletId, nif: shop.nif, clientInvoiceId: sealedId }), { 'idempotency-key': 'setup' });
    expect(res.statusCode).toBe(201);
  });
  afterAll(async () => svc?.close());

  type Case = { name: string; allowed: Role[]; call: (key: string, i: number) => ReturnType<Service['call']>; ok: number };
  const cases = (): Case[] => [
    { name: 'POST /v1/merchants', allowed: ['admin'], ok: 201, call: (k, i) => svc.call('POST', '/v1/merchants', k, { nif: `B${String(1000000 + i)}X`, name: 'New shop' }) },
    { name: 'POST /v1/merchants/{id}/outlets', allowed: ['admin', 'owner'], ok: 201, call: (k) => svc.call('POST', `/v1/merchants/${shop.merchantId}/outlets`, k, { name: 'Kiosk' }) },
    { name: 'POST /v1/api-keys', allowed: ['admin', 'owner'], ok: 201, call: (k) => svc.call('POST', '/v1/api-keys', k, { merchant_id: shop.merchantId, role: 'auditor', label: 'books' }) },
    {
      name: 'POST /v1/invoices', allowed: ['terminal', 'cashier'], ok: 201,
      call: (k, i) => svc.call('POST', '/v1/invoices', k, makeDraft({ outletId: shop.outletId, nif: shop.nif, clientInvoiceId: `role-${i}` }), { 'idempotency-key': `role-${i}` }),
    },
    { name: 'GET /v1/invoices/{id}', allowed: ['owner', 'cashier', 'technician', 'auditor', 'terminal'], ok: 200, call: (k) => svc.call('GET', `/v1/invoices/${sealedId}`, k) },
    { name: 'GET /v1/outlets/{id}/ledger', allowed: ['owner', 'auditor'], ok: 200, call: (k) => svc.call('GET', `/v1/outlets/${shop.outletId}/ledger`, k) },
  ];

  it.each(ROLES)('lets %s call exactly the routes of its role, and refuses the rest with 403 problem+json', async (role) => {
    let i = ROLES.indexOf(role) * 100;
    for (const c of cases()) {
      const res = await c.call(keys[role], i++);
      if (c.allowed.includes(role)) {
        expect(res.statusCode, `${role} → ${c.name}: ${res.body}`).toBe(c.ok);
      } else {
        expect(res.statusCode, `${role} → ${c.name}`).toBe(403);
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(res.json()).toMatchObject({ status: 403, title: 'Forbidden', code: 'forbidden' });
      }
    }
  });

  it('refuses every keyed route without a key, or with an unknown or malformed one, with 401', async () => {
    for (const c of cases()) {
      for (const key of [null, 'stk_unknown', 'not a bearer']) {
        const res = key === 'not a bearer'
          ? await svc.call('GET', '/v1/outlets/x/ledger', null, undefined, { authorization: 'Basic abc' })
          : await c.call(key as string, 9999);
        expect(res.statusCode, `${c.name} with ${String(key)}`).toBe(401);
        expect(res.json()).toMatchObject({ status: 401, code: 'unauthorized' });
      }
    }
  });

  it('serves /v1/keys, /healthz, /metrics and /v1/openapi.json to anyone', async () => {
    const keysRes = await svc.call('GET', '/v1/keys', null);
    expect(keysRes.statusCode).toBe(200);
    expect(keysRes.json().keys.map((k: { kid: string }) => k.kid)).toContain(svc.signer.kid);
    expect((await svc.call('GET', '/healthz', null)).json()).toMatchObject({ status: 'ok', store: backendName });
    const metrics = await svc.call('GET', '/metrics', null);
    expect(metrics.headers['content-type']).toMatch(/^text\/plain/);
    expect(metrics.body).toMatch(/stalela_invoices_sealed_total \d+/);
    expect(metrics.body).toMatch(/stalela_store_committed_jobs \d+/);
    const doc = (await svc.call('GET', '/v1/openapi.json', null)).json();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths).sort()).toEqual([
      '/healthz', '/metrics', '/v1/api-keys', '/v1/credentials', '/v1/credentials/{id}/return', '/v1/invoices',
      '/v1/invoices/{client_invoice_id}', '/v1/keys', '/v1/merchants', '/v1/merchants/{id}/outlets', '/v1/openapi.json',
      '/v1/outlets/{id}/audit-export', '/v1/outlets/{id}/ledger', '/v1/outlets/{id}/reports/a', '/v1/outlets/{id}/reports/x',
      '/v1/outlets/{id}/reports/z', '/v1/reconciliations',
    ]);
    // The document carries the very schema Fastify validates merchants with.
    expect(doc.paths['/v1/merchants'].post.requestBody.content['application/json'].schema.required).toEqual(['nif', 'name']);
    expect(doc.paths['/v1/invoices'].post['x-roles']).toEqual(['terminal', 'cashier']);
  });

  it('refuses bad merchant input with 422 naming paths, and a second merchant with the same NIF with 409', async () => {
    const bad = await svc.call('POST', '/v1/merchants', ADMIN_KEY, { nif: 'nope', name: '', extra: 1 });
    expect(bad.statusCode).toBe(422);
    expect((bad.json().errors as Array<{ path: string }>).map((e) => e.path).sort()).toEqual(['extra', 'name', 'nif']);
    const dup = await svc.call('POST', '/v1/merchants', ADMIN_KEY, { nif: shop.nif, name: 'Copy' });
    expect(dup.statusCode).toBe(409);
    expect(await svc.store.countRows('merchants')).toBe(1 + 1); // the shop and the one admin created above
  });

  it('creates outlets with consecutive authority ids in the DGI NIM form', async () => {
    const a = (await svc.call('POST', `/v1/merchants/${shop.merchantId}/outlets`, keys.owner, { name: 'A' })).json();
    const b = (await svc.call('POST', `/v1/merchants/${shop.merchantId}/outlets`, keys.owner, { name: 'B' })).json();
    expect(a.authority_id).toMatch(/^SC\d{8}-1$/);
    expect(Number(b.authority_id.slice(2, 10))).toBe(Number(a.authority_id.slice(2, 10)) + 1);
    expect((await svc.call('POST', '/v1/merchants/no-such-merchant/outlets', ADMIN_KEY, { name: 'X' })).statusCode).toBe(404);
  });

  it('shows a new key once, stores only its hash, and wants an outlet for till roles', async () => {
    const res = await svc.call('POST', '/v1/api-keys', keys.owner, { merchant_id: shop.merchantId, outlet_id: shop.outletId, role: 'cashier' });
    expect(res.statusCode).toBe(201);
    const { key, id } = res.json();
    expect(key).toMatch(/^stk_[A-Za-z0-9_-]{43}$/);
    expect((await svc.call('GET', `/v1/invoices/${sealedId}`, key)).statusCode).toBe(200);
    const noOutlet = await svc.call('POST', '/v1/api-keys', keys.owner, { merchant_id: shop.merchantId, role: 'terminal' });
    expect(noOutlet.statusCode).toBe(422);
    expect(noOutlet.json().errors[0].path).toBe('outlet_id');
    const adminRole = await svc.call('POST', '/v1/api-keys', ADMIN_KEY, { merchant_id: shop.merchantId, role: 'admin' });
    expect(adminRole.statusCode).toBe(422);
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers unknown routes with 404 problem+json', async () => {
    const res = await svc.call('GET', '/v1/nowhere', null);
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it("keeps a caller's X-Request-Id and echoes it in problems", async () => {
    const res = await svc.call('GET', '/v1/nowhere', null, undefined, { 'x-request-id': 'trace-42' });
    expect(res.headers['x-request-id']).toBe('trace-42');
    expect(res.json().request_id).toBe('trace-42');
  });
});
