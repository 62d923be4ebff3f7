// GET …/reports/x, POST …/reports/z, GET …/reports/a on both stores: the kernel's figures over the ledger, a Z sealed,
// numbered and chained as a 'z' entry that the verifier recomputes, late offline uploads falling into the next Z, roles.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toKinshasaIso } from '../../fiscal/dgi-time';
import { verifyZSeal, type ArticleReport, type SealedZ, type XReport, type ZReport } from '../../fiscal/reports';
import type { Jwk } from '../../fiscal/signature';
import { verifyExport } from '../../fiscal/verify';
import { TABLES } from '../../server/store/records';
import { BACKENDS } from './backends';
import { ADMIN_KEY, startService, type Service, type Shop } from './fixtures';
import { auditExport, cloudSeal, makeTill, type Till } from './reconciling-till';

type ZAnswer = { report: ZReport; seal: SealedZ['seal']; ledger: { seq: number; prev_hash: string; hash: string } };

describe.each(BACKENDS)('reports on %s', (backendName) => {
  let svc: Service;
  let shop: Shop;
  let other: Shop;
  let auditor: string;
  let till: Till;
  const url = (kind: string, s: Shop = shop) => `/v1/outlets/${s.outletId}/reports/${kind}`;
  const snapshot = async () => Object.fromEntries(await Promise.all(TABLES.map(async (t) => [t, await svc.store.countRows(t)] as const)));
  const x = async (key = shop.ownerKey) => (await svc.call('GET', url('x'), key)).json() as XReport;
  const z = async (key = shop.ownerKey, body: unknown = { closed_by: 'GÉRANT' }) => {
    const res = await svc.call('POST', url('z'), key, body);
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as ZAnswer;
  };

  beforeAll(async () => {
    svc = await startService(backendName, { sweepIntervalMs: 0 });
    shop = await svc.shop('A9000011T');
    other = await svc.shop('A9001255A');
    auditor = (await svc.call('POST', '/v1/api-keys', ADMIN_KEY, { merchant_id: shop.merchantId, role: 'auditor' })).json().key as string;
    till = await makeTill(svc, shop);
  });
  afterAll(async () => {
    till?.close();
    await svc?.close();
  });

  it('X: running figures since the outlet opened, read by owner and auditor, writing nothing', async () => {
    for (let i = 0; i < 3; i++) await cloudSeal(svc, shop);
    const before = await snapshot();
    const report = await x();
    expect(report).toMatchObject({ kind: 'X', z_number: 1, outlet_id: shop.outletId, figures: { invoice_count: 3, numbers: { first: 1, last: 3 } } });
    expect(report.figures.sections[0]!.by_type[0]).toMatchObject({ type: 'FV', count: 3 });
    expect((await x(auditor)).figures).toEqual(report.figures);
    expect(await snapshot()).toEqual(before);
  });

  it('Z: sealed by the seal key and chained as a z entry; the next X starts an empty period', async () => {
    const first = await z();
    expect(first.report).toMatchObject({ kind: 'Z', z_number: 1, record: { z_number: 1, closed_by: 'GÉRANT', previous: null, first_number: 1, last_number: 3 } });
    expect(first.seal).toMatchObject({ kid: svc.signer.kid, authority_id: shop.authorityId });
    const entry = (await svc.store.getLedgerEntry(shop.outletId, first.ledger.seq))!;
    expect(entry).toMatchObject({ kind: 'z', fiscalNumber: null, hash: first.ledger.hash });
    const key = ((await svc.call('GET', '/v1/keys', null)).json().keys as Array<Jwk & { kid: string }>).find((k) => k.kid === first.seal.kid)!;
    expect(await verifyZSeal({ record: first.report.record, seal: first.seal }, key)).toEqual({ ok: true });
    const after = await x();
    expect(after).toMatchObject({ z_number: 2, figures: { invoice_count: 0, numbers: { first: null, last: null } } });
    expect(after.grand_totals).toEqual(first.report.grand_totals);
  });

  it('Z: numbers 2, 3… each naming the previous entry hash; an offline invoice uploaded late falls into the next Z', async () => {
    const c = await till.credential(3);
    const offline = await till.seal(c);
    await cloudSeal(svc, shop);
    const second = await z();
    expect(second.report.record.previous).toEqual({ z_number: 1, ledger_hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(second.report.record.figures.unaccounted_numbers).toEqual([{ from: c.block.first, to: c.block.last }]);
    await till.reconcile([offline], { close: true });
    const third = await z();
    expect(third.report.record).toMatchObject({ z_number: 3, previous: { z_number: 2, ledger_hash: second.ledger.hash } });
    expect(third.report.record.figures.invoice_count).toBe(1);
    expect(third.report.record.figures.voided_count).toBe(2);
    expect(third.report.record.figures.unaccounted_numbers).toEqual([]);
  });

  it('leaves Zs the verifier recomputes from the ledger (z.signature, z.number, z.figures)', async () => {
    const result = await verifyExport(await auditExport(svc, shop));
    expect(result, JSON.stringify(result)).toMatchObject({ ok: true, summary: { z_reports: 3 } });
  });

  it('takes a Z without a body too', async () => {
    const res = await svc.app.inject({ method: 'POST', url: url('z'), headers: { authorization: `Bearer ${shop.ownerKey}` } });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().report.record.closed_by).toBeUndefined();
  });

  it('A: sales per article over Kinshasa days, adding up to the grand total of the same invoices', async () => {
    // Yesterday to tomorrow, so a run around midnight in Kinshasa still holds every invoice of the test.
    const day = (offsetMs: number) => toKinshasaIso(new Date(Date.now() + offsetMs)).slice(0, 10);
    const today = day(0);
    const res = await svc.call('GET', `${url('a')}?from=${day(-86_400_000)}&to=${day(86_400_000)}&order=code`, shop.ownerKey);
    expect(res.statusCode, res.body).toBe(200);
    const report = res.json() as ArticleReport;
    expect(report.kind).toBe('A');
    const cdf = report.sections.find((s) => s.currency === 'CDF')!;
    expect(cdf.articles.map((a) => a.code)).toEqual(['6001', '6002']);
    expect(cdf.invoice_count).toBe(5);
    // The grand total never resets: it holds every invoice of the outlet so far, as does today's A.
    expect(cdf.totals.ttc).toBe((await x()).grand_totals.find((g) => g.currency === 'CDF')?.ttc);
    const bad = await svc.call('GET', `${url('a')}?from=last-tuesday&to=${today}`, shop.ownerKey);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().detail).toMatch(/neither a day/);
    expect((await svc.call('GET', url('a'), shop.ownerKey)).statusCode).toBe(400);
  });

  it("is for owner and auditor: terminal, cashier, technician and admin 403; another merchant's outlet 404; no key 401", async () => {
    const make = async (role: string, outlet: boolean) =>
      (await svc.call('POST', '/v1/api-keys', ADMIN_KEY, { merchant_id: shop.merchantId, role, ...(outlet ? { outlet_id: shop.outletId } : {}) })).json().key as string;
    const refused = [shop.terminalKey, await make('cashier', true), await make('technician', false), ADMIN_KEY];
    const before = await snapshot();
    for (const key of refused) {
      expect((await svc.call('GET', url('x'), key)).statusCode).toBe(403);
      expect((await svc.call('POST', url('z'), key, {})).statusCode).toBe(403);
    }
    for (const kind of ['x', 'a?from=2026-01-01&to=2026-01-02']) expect((await svc.call('GET', url(kind), other.ownerKey)).statusCode).toBe(404);
    expect((await svc.call('POST', url('z'), other.ownerKey, {})).statusCode).toBe(404);
    expect((await svc.call('GET', url('x'), null)).statusCode).toBe(401);
    expect(await snapshot()).toEqual(before);
  });
});
