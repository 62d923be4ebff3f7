// Isolation between merchants, proven route by route: a key of merchant A never reads or writes anything of B,
// and an outlet-bound key stays on its outlet. Every refusal also leaves the database unchanged.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TABLES } from '../../server/store/records';
import { BACKENDS } from './backends';
import { ADMIN_KEY, makeDraft, startService, type Service, type Shop } from './fixtures';

type RoleKeys = { owner: string; terminal: string; cashier: string; technician: string; auditor: string };

describe.each(BACKENDS)('tenancy on %s', (backendName) => {
  let svc: Service;
  let a: Shop;
  let b: Shop;
  let aKeys: RoleKeys;
  const snapshot = async () => Object.fromEntries(await Promise.all(TABLES.map(async (t) => [t, await svc.store.countRows(t)] as const)));

  async function roleKeys(shop: Shop): Promise<RoleKeys> {
    const make = async (role: string, outletId?: string) =>
      (await svc.call('POST', '/v1/api-keys', ADMIN_KEY, { merchant_id: shop.merchantId, role, ...(outletId ? { outlet_id: outletId } : {}) })).json().key as string;
    return {
      owner: shop.ownerKey, terminal: shop.terminalKey, cashier: await make('cashier', shop.outletId),
      technician: await make('technician'), auditor: await make('auditor'),
    };
  }

  beforeAll(async () => {
    svc = await startService(backendName);
    a = await svc.shop('A9000011T');
    b = await svc.shop('A9001255A');
    aKeys = await roleKeys(a);
    // Both merchants seal an invoice with the same client id and the same Idempotency-Key.
    for (const shop of [a, b]) {
      const res = await svc.call('POST', '/v1/invoices', shop.terminalKey, makeDraft({ outletId: shop.outletId, nif: shop.nif, clientInvoiceId: 'shared-id' }), { 'idempotency-key': 'shared-key' });
      expect(res.statusCode, res.body).toBe(201);
    }
    const onlyB = await svc.call('POST', '/v1/invoices', b.terminalKey, makeDraft({ outletId: b.outletId, nif: b.nif, clientInvoiceId: 'b-only' }), { 'idempotency-key': 'b-only' });
    expect(onlyB.statusCode).toBe(201);
  });
  afterAll(async () => svc?.close());

  it("keeps idempotency keys and client ids per merchant: the same ones sealed two different invoices", async () => {
    const fromA = (await svc.call('GET', '/v1/invoices/shared-id', aKeys.owner)).json();
    const fromB = (await svc.call('GET', '/v1/invoices/shared-id', b.ownerKey)).json();
    expect(fromA.invoice.merchant_nif).toBe(a.nif);
    expect(fromB.invoice.merchant_nif).toBe(b.nif);
    expect(fromA.invoice.security.authority_id).not.toBe(fromB.invoice.security.authority_id);
  });

  it("POST /v1/merchants/{B}/outlets: no key of A creates an outlet for B", async () => {
    const before = await snapshot();
    for (const [role, key] of Object.entries(aKeys)) {
      const res = await svc.call('POST', `/v1/merchants/${b.merchantId}/outlets`, key, { name: 'Intruder' });
      expect([403, 404], `${role}: ${res.statusCode}`).toContain(res.statusCode);
    }
    expect(await snapshot()).toEqual(before);
  });

  it('POST /v1/api-keys: no key of A mints a key for B, nor for an outlet of B', async () => {
    const before = await snapshot();
    for (const [role, key] of Object.entries(aKeys)) {
      for (const body of [
        { merchant_id: b.merchantId, role: 'owner' },
        { merchant_id: b.merchantId, outlet_id: b.outletId, role: 'terminal' },
        { merchant_id: a.merchantId, outlet_id: b.outletId, role: 'terminal' },
      ]) {
        const res = await svc.call('POST', '/v1/api-keys', key, body);
        expect([403, 404, 422], `${role} ${JSON.stringify(body)}: ${res.statusCode}`).toContain(res.statusCode);
      }
    }
    expect(await snapshot()).toEqual(before);
  });

  it("POST /v1/invoices: A's tills cannot seal on B's outlet, nor with B's NIF", async () => {
    const before = await snapshot();
    for (const key of [aKeys.terminal, aKeys.cashier]) {
      const onB = await svc.call('POST', '/v1/invoices', key, makeDraft({ outletId: b.outletId, nif: b.nif, clientInvoiceId: 'x-1' }), { 'idempotency-key': 'x-1' });
      expect(onB.statusCode).toBe(403);
      const bNif = await svc.call('POST', '/v1/invoices', key, makeDraft({ outletId: a.outletId, nif: b.nif, clientInvoiceId: 'x-2' }), { 'idempotency-key': 'x-2' });
      expect(bNif.statusCode).toBe(422);
      // B's idempotency key used by A does not replay B's answer: it is A's own (already used) key space.
      const replay = await svc.call('POST', '/v1/invoices', key, makeDraft({ outletId: b.outletId, nif: b.nif, clientInvoiceId: 'b-only' }), { 'idempotency-key': 'b-only' });
      expect(replay.statusCode).toBe(403);
      expect(replay.body).not.toContain(b.nif);
    }
    expect(await snapshot()).toEqual(before);
  });

  it("GET /v1/invoices/{id}: no key of A reads B's invoice", async () => {
    for (const [role, key] of Object.entries(aKeys)) {
      const res = await svc.call('GET', '/v1/invoices/b-only', key);
      expect(res.statusCode, role).toBe(404);
      expect(res.body).not.toContain(b.nif);
    }
  });

  it("GET /v1/outlets/{B}/ledger: no key of A reads B's ledger", async () => {
    for (const [role, key] of Object.entries(aKeys)) {
      const res = await svc.call('GET', `/v1/outlets/${b.outletId}/ledger`, key);
      expect([403, 404], `${role}: ${res.statusCode}`).toContain(res.statusCode);
      expect(res.body).not.toContain(b.nif);
    }
  });

  it("POST /v1/merchants: no merchant key creates merchants", async () => {
    const before = await snapshot();
    for (const key of Object.values(aKeys)) {
      expect((await svc.call('POST', '/v1/merchants', key, { nif: 'C1234567D', name: 'X' })).statusCode).toBe(403);
    }
    expect(await snapshot()).toEqual(before);
  });

  it('keeps an outlet-bound key on its own outlet within its merchant', async () => {
    const second = (await svc.call('POST', `/v1/merchants/${a.merchantId}/outlets`, a.ownerKey, { name: 'Second' })).json();
    const secondTerminal = (await svc.call('POST', '/v1/api-keys', a.ownerKey, { merchant_id: a.merchantId, outlet_id: second.id, role: 'terminal' })).json().key as string;
    const sealed = await svc.call('POST', '/v1/invoices', secondTerminal, makeDraft({ outletId: second.id, nif: a.nif, clientInvoiceId: 'second-1' }), { 'idempotency-key': 'second-1' });
    expect(sealed.statusCode).toBe(201);
    expect(sealed.json().invoice.security.fiscal_number).toBe(1);
    expect((await svc.call('GET', '/v1/invoices/second-1', aKeys.terminal)).statusCode).toBe(404);
    expect((await svc.call('GET', '/v1/invoices/second-1', aKeys.owner)).statusCode).toBe(200);
    const ownerBoundToFirst = (await svc.call('POST', '/v1/api-keys', ADMIN_KEY, { merchant_id: a.merchantId, outlet_id: a.outletId, role: 'auditor' })).json().key as string;
    expect((await svc.call('GET', `/v1/outlets/${second.id}/ledger`, ownerBoundToFirst)).statusCode).toBe(404);
    expect((await svc.call('GET', `/v1/outlets/${a.outletId}/ledger`, ownerBoundToFirst)).statusCode).toBe(200);
  });
});
