// POST /v1/reconciliations with delegated invoices on both stores: accepted in number order and idempotent, and each
// way an offline invoice can be wrong refused with a reason a person can act on; the export still verifies.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entryHash } from '../../fiscal/chain';
import { generateEs256KeyPair } from '../../fiscal/signature';
import { verifyExport } from '../../fiscal/verify';
import { TABLES } from '../../server/store/records';
import type { LocalLink, ReconcileAnswer, Verdict } from '../../server/reconcile-types';
import { BACKENDS } from './backends';
import { ADMIN_KEY, startService, type Service, type Shop } from './fixtures';
import { auditExport, invoiceSha, makeTill, type Credential, type Till } from './reconciling-till';

describe.each(BACKENDS)('reconciliation of offline invoices on %s', (backendName) => {
  let svc: Service;
  let shop: Shop;
  let other: Shop;
  let till: Till;
  let skewMs = 0;
  const snapshot = async () => Object.fromEntries(await Promise.all(TABLES.map(async (t) => [t, await svc.store.countRows(t)] as const)));
  const answer = (res: { statusCode: number; body: string; json: () => unknown }): ReconcileAnswer => {
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as ReconcileAnswer;
  };
  const only = (a: ReconcileAnswer): Verdict => {
    expect(a.results).toHaveLength(1);
    return a.results[0]!;
  };

  beforeAll(async () => {
    // Each test takes its own credential on one terminal: the open-credential limit (credentials.test.ts) is lifted here.
    svc = await startService(backendName, { sweepIntervalMs: 0, credentialGraceMs: 0, credentialLimits: { maxOpenPerTerminal: 100 }, clock: () => new Date(Date.now() + skewMs) });
    shop = await svc.shop('A9000011T');
    other = await svc.shop('A9001255A');
    till = await makeTill(svc, shop);
  });
  afterAll(async () => {
    till?.close();
    await svc?.close();
  });

  it('accepts invoices in number order whatever the upload order, each with its number and ledger link', async () => {
    const c = await till.credential(5);
    const a = await till.seal(c);
    const b = await till.seal(c);
    const res = answer(await till.reconcile([b, a]));
    expect(res).toMatchObject({ accepted: 2, rejected: 0 });
    expect(res.results.map((r) => [r.status, r.fiscal_number])).toEqual([['accepted', c.block.first + 1], ['accepted', c.block.first]]);
    expect(res.results[1]!.ledger!.seq).toBe(res.results[0]!.ledger!.seq - 1);
    const got = await svc.call('GET', `/v1/invoices/${a.invoice.client_invoice_id}`, shop.ownerKey);
    expect(got.json().invoice).toEqual(a.invoice);
    expect(res.credentials[0]).toMatchObject({ credential_id: c.credential_id, status: 'open', reconciled_through: c.block.first + 1 });
  });

  it('answers a resent upload with duplicate and writes nothing', async () => {
    const c = await till.credential(2);
    const a = await till.seal(c);
    const first = only(answer(await till.reconcile([a])));
    const before = await snapshot();
    const again = only(answer(await till.reconcile([a])));
    expect(again).toMatchObject({ status: 'duplicate', fiscal_number: first.fiscal_number, ledger: first.ledger });
    expect(await snapshot()).toEqual(before);
  });

  it('refuses an invoice sealed after the credential expired, and closes the expired block with voids', async () => {
    const c = await till.credential(3, 60);
    const ok = await till.seal(c);
    const late = await till.seal(c, { atMs: Date.parse(c.expires_at) + 60_000 });
    skewMs = 120_000; // the cloud's clock too is past the expiry now
    try {
      const res = answer(await till.reconcile([ok, late]));
      expect(res.results[0]).toMatchObject({ status: 'accepted' });
      expect(res.results[1]).toMatchObject({ status: 'rejected', code: 'credential.expired', reason: expect.stringContaining('outside credential') });
      const closed = res.credentials[0]!;
      expect(closed).toMatchObject({ status: 'expired' });
      expect(closed.voided.map((v) => v.reason)).toEqual([
        expect.stringContaining(`Refused at reconciliation (invoice ${late.invoice.client_invoice_id})`),
        expect.stringMatching(/expired on .* closed at its reconciliation/),
      ]);
    } finally {
      skewMs = 0;
    }
  });

  it('refuses a number outside the block', async () => {
    const c = await till.credential(2);
    const v = only(answer(await till.reconcile([await till.seal(c, { number: c.block.last + 1 })])));
    expect(v).toMatchObject({ status: 'rejected', code: 'credential.block' });
    expect(v.reason).toContain(`outside the block ${c.block.first}..${c.block.last}`);
  });

  it("refuses an invoice signed by another key than the credential's, by kid and by signature", async () => {
    const c = await till.credential(3);
    const stranger = await generateEs256KeyPair();
    const byKid = only(answer(await till.reconcile([await till.seal(c, { signWith: stranger.privateKey, kid: 'another-kid' })])));
    expect(byKid).toMatchObject({ status: 'rejected', code: 'kid' });
    expect(byKid.reason).toContain(till.kid);
    const bySignature = only(answer(await till.reconcile([await till.seal(c, { signWith: stranger.privateKey })])));
    expect(bySignature).toMatchObject({ status: 'rejected', code: 'signature' });
    expect(bySignature.reason).toMatch(/does not verify/);
  });

  it('refuses a number used twice: the second invoice under one number', async () => {
    const c = await till.credential(3);
    const a = await till.seal(c);
    const twin = await till.seal(c, { number: c.block.first });
    const res = answer(await till.reconcile([a, twin]));
    expect(res.results[0]).toMatchObject({ status: 'accepted', fiscal_number: c.block.first });
    expect(res.results[1]).toMatchObject({ status: 'rejected', code: 'numbers.duplicate', reason: expect.stringContaining('a number is used once') });
  });

  it('refuses figures that differ from the kernel computation, naming the path', async () => {
    const c = await till.credential(2);
    const altered = await till.seal(c, { mutate: (d) => ((d['items'] as Array<Record<string, string>>)[0]!['unit_price'] = '700.00') });
    const v = only(answer(await till.reconcile([altered])));
    expect(v).toMatchObject({ status: 'rejected', code: 'totals' });
    expect(v.reason).toMatch(/differ from the cloud's computation: .*(totals|tax_groups)/);
  });

  it("refuses an invoice whose link does not continue the till's chain, whose link is another invoice's, or that has none", async () => {
    const c = await till.credential(5);
    const a = await till.seal(c);
    expect(only(answer(await till.reconcile([a]))).status).toBe('accepted');
    // The next invoice claims to follow a link the till never had: seq and binding are right, prev_hash is not.
    const b = await till.seal(c);
    const bogus = 'f'.repeat(64);
    const body = { seq: a.link.seq + 1, prev_hash: bogus, client_invoice_id: b.invoice.client_invoice_id, mode: 'delegated', code: b.invoice.security.code, invoice_sha256: await invoiceSha(b.invoice) };
    const forged: LocalLink = { seq: body.seq, client_invoice_id: body.client_invoice_id, prev_hash: bogus, hash: await entryHash(bogus, body) };
    const broken = only(answer(await till.reconcile([{ invoice: b.invoice, link: forged }])));
    expect(broken).toMatchObject({ status: 'rejected', code: 'local_chain' });
    expect(broken.reason).toContain('the chain is broken before this invoice');
    const d = await till.seal(c);
    const swapped = only(answer(await till.reconcile([{ invoice: d.invoice, link: { ...b.link, client_invoice_id: d.invoice.client_invoice_id } }])));
    expect(swapped).toMatchObject({ status: 'rejected', code: 'local_chain', reason: expect.stringContaining('does not hash') });
    const none = only(answer(await till.reconcile([{ invoice: (await till.seal(c)).invoice }])));
    expect(none).toMatchObject({ status: 'rejected', code: 'local_chain', reason: expect.stringContaining('local_chain') });
  });

  it('refuses a number below one already accepted (out of order), and voids it with that reason on return', async () => {
    const c = await till.credential(4);
    const first = await till.seal(c);
    const second = await till.seal(c);
    expect(only(answer(await till.reconcile([second]))).status).toBe('accepted');
    const late = only(answer(await till.reconcile([first])));
    expect(late).toMatchObject({ status: 'rejected', code: 'numbers.order' });
    const ret = (await till.returnCredential(c)).json();
    expect(ret.voided[0]).toMatchObject({ first: c.block.first, last: c.block.first, reason: expect.stringContaining('number order') });
    expect(ret.voided[1]).toMatchObject({ first: c.block.first + 2, last: c.block.last });
  });

  it('refuses invoices of a returned credential: their numbers were voided at the return', async () => {
    const c = await till.credential(3);
    const a = await till.seal(c);
    await till.returnCredential(c);
    const v = only(answer(await till.reconcile([a])));
    expect(v).toMatchObject({ status: 'rejected', code: 'credential.closed', reason: expect.stringContaining('was returned') });
  });

  it('closes the credential when asked (close: true) after taking the invoices', async () => {
    const c = await till.credential(3);
    const res = answer(await till.reconcile([await till.seal(c)], { credential_id: c.credential_id, close: true }));
    expect(res.results[0]!.status).toBe('accepted');
    expect(res.credentials[0]).toMatchObject({ status: 'returned', voided: [expect.objectContaining({ first: c.block.first + 1, last: c.block.last })] });
  });

  it('is for terminal keys: owner, cashier and auditor 403; a credential of another merchant 404, nothing written', async () => {
    const c: Credential = await till.credential(2);
    const a = await till.seal(c);
    const body = { invoices: [a.invoice], local_chain: [a.link] };
    for (const role of ['cashier', 'auditor']) {
      const key = (await svc.call('POST', '/v1/api-keys', ADMIN_KEY, { merchant_id: shop.merchantId, role, ...(role === 'cashier' ? { outlet_id: shop.outletId } : {}) })).json().key as string;
      expect((await svc.call('POST', '/v1/reconciliations', key, body)).statusCode, role).toBe(403);
    }
    expect((await svc.call('POST', '/v1/reconciliations', shop.ownerKey, body)).statusCode).toBe(403);
    const before = await snapshot();
    const foreign = await svc.call('POST', '/v1/reconciliations', other.terminalKey, { ...body, credential_id: c.credential_id });
    expect(foreign.statusCode).toBe(404);
    const smuggled = answer(await svc.call('POST', '/v1/reconciliations', other.terminalKey, body));
    expect(smuggled.results[0]).toMatchObject({ status: 'rejected', code: 'outlet' });
    expect(await snapshot()).toEqual(before);
    expect(only(answer(await till.reconcile([a]))).status).toBe('accepted');
  });

  it('refuses a malformed upload as a whole with 422 (no invoices, not a list, unknown member)', async () => {
    for (const body of [{ invoices: [] }, { invoices: {} }, { invoices: [{}], extra: 1 }, { invoices: [{}], local_chain: [{ seq: 0 }] }]) {
      const res = await svc.call('POST', '/v1/reconciliations', shop.terminalKey, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(422);
    }
    const garbage = answer(await svc.call('POST', '/v1/reconciliations', shop.terminalKey, { invoices: [{ security: { mode: 'cloud' } }, { client_invoice_id: 'x' }] }));
    expect(garbage.results.map((r) => r.code)).toEqual(['entry', 'invalid']);
  });

  it('leaves a ledger the verifier accepts once every credential is closed: refused and unused numbers voided', async () => {
    for (const row of await svc.store.listCredentials(shop.outletId)) {
      if (row.status === 'open') await svc.call('POST', `/v1/credentials/${row.id}/return`, shop.terminalKey);
    }
    const exp = await auditExport(svc, shop);
    const result = await verifyExport(exp);
    expect(result, JSON.stringify(result)).toMatchObject({ ok: true, summary: { pending: { open: 0, expired: 0 } } });
    if (result.ok) {
      expect(result.summary.sealed.delegated).toBeGreaterThan(5);
      expect(result.summary.voided).toBeGreaterThan(5);
      const lastBlock = Math.max(...(await svc.store.listCredentials(shop.outletId)).map((c) => c.lastNumber));
      expect(result.summary.numbers).toEqual({ first: 1, last: lastBlock });
    }
  });
});
