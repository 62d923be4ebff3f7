// POST /v1/reconciliations with invoices a paired MCF sealed (mode device), on both stores: mirrored under the device's
// NIM and counters, countersigned by the cloud's seal key, TC continuous and FC rising per NIM, the MCF's own rates honoured.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MirrorPayload } from '../../fiscal/audit-export';
import { parseRate } from '../../fiscal/money';
import { verifySealedInvoice, type Jwks } from '../../fiscal/signature';
import { taxTableOn, withDeviceRates } from '../../fiscal/tax-groups';
import { computeTotals, toWireFigures } from '../../fiscal/totals';
import { verifyExport } from '../../fiscal/verify';
import type { ReconcileAnswer, Verdict } from '../../server/reconcile-types';
import { TABLES } from '../../server/store/records';
import { BACKENDS } from './backends';
import { startService, type Service, type Shop } from './fixtures';
import { auditExport, cloudSeal, makeTill, type Till } from './reconciling-till';

const NIM = 'XX01710090-1';

/** Rings the draft up with group C at 8 %, the rate an MCF still configured with the older table reports. */
function sugarAtEightPercent(d: Record<string, unknown>): void {
  const items = [{ code: '7001', name: 'SUCRE 1KG', type: 'BIE', tax_group: 'C', unit_price: '2100.00', quantity: '2' }];
  const table = withDeviceRates(taxTableOn(String(d['issued_at']).slice(0, 10)), { C: parseRate('8.00')! });
  const result = computeTotals({ price_mode: 'TTC', currency: 'CDF', items } as never, table);
  if (!result.ok) throw new Error('figures');
  const wire = toWireFigures(result.figures);
  Object.assign(d, { items, tax_groups: wire.tax_groups, totals: wire.totals, payments: [{ method: 'E', amount: wire.totals.ttc, currency: 'CDF' }] });
}

describe.each(BACKENDS)('mirroring MCF invoices on %s', (backendName) => {
  let svc: Service;
  let shop: Shop;
  let till: Till;
  const snapshot = async () => Object.fromEntries(await Promise.all(TABLES.map(async (t) => [t, await svc.store.countRows(t)] as const)));
  const verdicts = async (items: Parameters<Till['reconcile']>[0], extra?: Record<string, unknown>): Promise<Verdict[]> => {
    const res = await till.reconcile(items, extra);
    expect(res.statusCode, res.body).toBe(200);
    return (res.json() as ReconcileAnswer).results;
  };

  beforeAll(async () => {
    svc = await startService(backendName, { sweepIntervalMs: 0 });
    shop = await svc.shop('A9000011T');
    till = await makeTill(svc, shop, 'till-mcf');
  });
  afterAll(async () => {
    till?.close();
    await svc?.close();
  });

  it("mirrors in TC order under the device's NIM, countersigned by the seal key, the MCF's code and QR kept", async () => {
    const a = await till.deviceSeal(NIM, 41, 38);
    const b = await till.deviceSeal(NIM, 42, 39);
    const results = await verdicts([b, a]);
    expect(results.map((r) => [r.status, r.tc])).toEqual([['accepted', 42], ['accepted', 41]]);
    const entry = (await svc.store.getLedgerEntry(shop.outletId, results[1]!.ledger!.seq))!;
    expect(entry).toMatchObject({ kind: 'mirror', fiscalNumber: null });
    const payload = JSON.parse(entry.payload) as MirrorPayload;
    expect(payload.nim).toBe(NIM);
    expect(payload.counters).toEqual({ fc: 38, tc: 41, type: 'FV' });
    expect(payload.invoice.security).toMatchObject({ mode: 'device', kid: svc.signer.kid, code: a.invoice.security.code, qr: a.invoice.security.qr, timestamp: a.invoice.security.timestamp });
    const jwks = (await svc.call('GET', '/v1/keys', null)).json() as Jwks;
    expect(await verifySealedInvoice(payload.invoice, jwks)).toEqual({ ok: true });
  });

  it('answers a resent device invoice with duplicate and writes nothing', async () => {
    const a = await till.deviceSeal(NIM, 43, 40);
    expect((await verdicts([a]))[0]!.status).toBe('accepted');
    const before = await snapshot();
    expect((await verdicts([a]))[0]).toMatchObject({ status: 'duplicate', nim: NIM, tc: 43 });
    expect(await snapshot()).toEqual(before);
  });

  it('refuses a TC that skips one, a TC already passed, a TC mirrored for another invoice, and an FC that does not rise', async () => {
    const skip = (await verdicts([await till.deviceSeal(NIM, 46, 43)]))[0]!;
    expect(skip).toMatchObject({ status: 'rejected', code: 'device.continuity', reason: expect.stringContaining('skips TC 44..45') });
    const sameTc = (await verdicts([await till.deviceSeal(NIM, 43, 44)]))[0]!;
    expect(sameTc).toMatchObject({ status: 'rejected', code: 'device.duplicate' });
    expect((await verdicts([await till.deviceSeal('XX01710090-2', 10, 1)]))[0]!.status).toBe('accepted');
    const lower = (await verdicts([await till.deviceSeal('XX01710090-2', 9, 2)]))[0]!;
    expect(lower).toMatchObject({ status: 'rejected', code: 'device.continuity', reason: expect.stringContaining('comes after TC 10') });
    const fc = (await verdicts([await till.deviceSeal(NIM, 44, 40)]))[0]!;
    expect(fc).toMatchObject({ status: 'rejected', code: 'counters.fc' });
  });

  it("refuses a NIM that is one of this service's authority ids, and an invoice the cloud already sealed", async () => {
    const posing = (await verdicts([await till.deviceSeal(shop.authorityId, 1, 1)]))[0]!;
    expect(posing).toMatchObject({ status: 'rejected', code: 'entry' });
    const sealed = await cloudSeal(svc, shop);
    const twice = (await verdicts([await till.deviceSeal(NIM, 44, 41, { mutate: (d) => (d['client_invoice_id'] = sealed.client_invoice_id) })]))[0]!;
    expect(twice).toMatchObject({ status: 'rejected', code: 'already_sealed' });
  });

  it("checks figures at the MCF's own rates when sent in device_rates, and keeps them in the mirror", async () => {
    const nim = 'XX01710090-3';
    const inv = await till.deviceSeal(nim, 5, 5, { mutate: sugarAtEightPercent });
    const refused = (await verdicts([inv]))[0]!;
    expect(refused).toMatchObject({ status: 'rejected', code: 'totals', reason: expect.stringContaining('device_rates') });
    const taken = (await verdicts([inv], { device_rates: { [nim]: { C: '8.00' } } }))[0]!;
    expect(taken.status).toBe('accepted');
    const payload = JSON.parse((await svc.store.getLedgerEntry(shop.outletId, taken.ledger!.seq))!.payload) as MirrorPayload;
    expect(payload.device_rates).toEqual({ C: '8.00' });
  });

  it("refuses a device invoice whose chain link is not its own, and checks the link's continuity when given", async () => {
    const a = await till.deviceSeal(NIM, 44, 41);
    const b = await till.deviceSeal(NIM, 45, 42);
    const wrong = (await verdicts([{ invoice: a.invoice, link: { ...b.link, client_invoice_id: a.invoice.client_invoice_id } }]))[0]!;
    expect(wrong).toMatchObject({ status: 'rejected', code: 'local_chain' });
    expect((await verdicts([a, b])).map((v) => v.status)).toEqual(['accepted', 'accepted']);
  });

  it('leaves an export the verifier accepts, each device counted from its first mirrored TC', async () => {
    const result = await verifyExport(await auditExport(svc, shop));
    expect(result, JSON.stringify(result)).toMatchObject({ ok: true });
    if (result.ok) {
      expect(result.summary.devices).toEqual(expect.arrayContaining([{ nim: NIM, first_tc: 41, last_tc: 45, count: 5 }]));
      expect(result.summary.mirrored).toBe(7);
    }
  });
});
