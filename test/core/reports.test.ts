// Proves the till's reports: X over local sealed sales, Z numbered, sealed by the till key, chained, stored and printed, A per article.
import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { createPrinterEmulator, type PrinterEmulator } from '../../device/emulator/printer';
import { verifyZSeal } from '../../fiscal/report-seal';
import type { SignerState } from '../../main/core/signer-choice';
import { tillKey } from '../../main/core/till-key';
import { tempDir, DEMO_SETTINGS, type TempDir } from '../support/core-fixtures';
import { softwareSealer } from '../support/core-sealers';
import { must, openTestTill, type TestTill } from '../support/core-till';

const ONLINE: SignerState = { device: { paired: false, ready: false }, cloud: { configured: true, reachable: true }, delegated: { credential: null }, now: new Date().toISOString() };

let dir: TempDir;
let printer: PrinterEmulator;
let till: TestTill;

beforeEach(async () => {
  dir = tempDir();
  printer = createPrinterEmulator();
  const { port } = await printer.listenTcp(0);
  const soft = await softwareSealer('cloud', 'SC01000001-1');
  till = await openTestTill(dir, { ...DEMO_SETTINGS, outlet: { ...DEMO_SETTINGS.outlet, authority_id: 'SC01000001-1' } }, { sealers: { cloud: soft.sealer }, probeSigners: async () => ONLINE });
  await must(till.core.service.api.login({ name: 'TSHIBANDA', pin: '9876' }));
  await must(till.core.service.api.pairDevice({ role: 'printer', transport: 'tcp', path: `127.0.0.1:${port}` }));
  await must(till.core.service.api.login({ name: 'JACQUES', pin: '1234' }));
});
afterEach(async () => {
  await till.close();
  await printer.close();
  dir.remove();
});

const owner = () => must(till.core.service.api.login({ name: 'MARIE', pin: '4321' }));

describe('reports over the till’s own sales', () => {
  it('X: running totals of the sealed sales since the last Z, nothing recorded; cashiers may not read it', async () => {
    expect(await till.core.service.api.xReport()).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const sales = [await till.sell(), await till.sell([{ code: 'RIZ5', quantity: '1' }], [{ method: 'M', amount: '14500.00' }])];
    await owner();
    const x = await must(till.core.service.api.xReport());
    expect(x).toMatchObject({ kind: 'X', z_number: 1, outlet_id: 'KIN-01', pos_terminal_id: 'T01', cashier_name: 'MARIE' });
    expect(x.figures.invoice_count).toBe(2);
    const cdf = x.figures.sections.find((s) => s.currency === 'CDF')!;
    const sum = sales.reduce((acc, s) => acc + Number(s.invoice.draft.totals.ttc), 0);
    expect(Number(cdf.totals.ttc)).toBe(sum);
    expect(cdf.payments.map((p) => p.method).sort()).toEqual(['E', 'M']);
    expect(x.figures.numbers).toEqual({ first: 1, last: 2 });
    expect(till.store.db.prepare('SELECT count(*) FROM z_reports').pluck().get()).toBe(0);
  });

  it('Z: numbered, sealed by the till key, chained to the previous Z, stored, printed; the next Z covers only what came after', async () => {
    await till.sell();
    await till.sell();
    await owner();
    const z1 = await must(till.core.service.api.zReport());
    expect(z1.report).toMatchObject({ kind: 'Z', z_number: 1 });
    expect(z1.report.figures.invoice_count).toBe(2);
    expect(z1.prev_hash).toBe('0'.repeat(64));
    expect(z1.print).toMatchObject({ status: 'printed' });
    const key = await tillKey(till.store.db);
    expect(z1.seal.kid).toBe(key.kid);
    expect(await verifyZSeal({ record: z1.report.record, seal: z1.seal }, key.publicJwk)).toEqual({ ok: true });
    // Two sale receipts, then the Z.
    const jobs = await printer.waitForJobs(3);
    expect(jobs[2]!.text).toContain('RAPPORT Z No 1');
    expect(jobs[2]!.text).toContain('SC01000001-1');

    await must(till.core.service.api.login({ name: 'JACQUES', pin: '1234' }));
    const third = await till.sell([{ code: 'PAIN', quantity: '3' }]);
    await owner();
    const x = await must(till.core.service.api.xReport());
    expect([x.z_number, x.figures.invoice_count]).toEqual([2, 1]);
    const z2 = await must(till.core.service.api.zReport());
    expect(z2.report.z_number).toBe(2);
    expect(z2.prev_hash).toBe(z1.hash);
    expect(z2.report.figures.invoice_count).toBe(1);
    // The grand total never resets: Z2's is Z1's plus the third sale.
    const g1 = Number(z1.report.grand_totals[0]!.ttc);
    expect(Number(z2.report.grand_totals[0]!.ttc)).toBe(g1 + Number(third.invoice.draft.totals.ttc));
    const rows = till.store.db.prepare('SELECT z_number, prev_hash, hash, printed_at IS NOT NULL AS printed FROM z_reports ORDER BY z_number').all();
    expect(rows).toEqual([
      { z_number: 1, prev_hash: '0'.repeat(64), hash: z1.hash, printed: 1 },
      { z_number: 2, prev_hash: z1.hash, hash: z2.hash, printed: 1 },
    ]);
    // An empty period still closes, numbered 3.
    expect((await must(till.core.service.api.zReport())).report.figures.invoice_count).toBe(0);
  });

  it('A: quantities and amounts per article over a day, and a range that ends before it starts is refused', async () => {
    await till.sell([{ code: 'EAU15', quantity: '2' }, { code: 'PAIN', quantity: '1' }]);
    await till.sell([{ code: 'EAU15', quantity: '3' }]);
    await owner();
    const today = new Date(Date.now() + 3600_000).toISOString().slice(0, 10);
    const a = await must(till.core.service.api.aReport({ from: today, to: today, order: 'code' }));
    const cdf = a.sections.find((s) => s.currency === 'CDF')!;
    expect(cdf.articles.map((l) => [l.code, l.quantity])).toEqual([['EAU15', '5'], ['PAIN', '1']]);
    expect(cdf.invoice_count).toBe(2);
    expect(await till.core.service.api.aReport({ from: '2026-11-26', to: '2026-11-25' })).toMatchObject({ ok: false, error: { code: 'report_failed' } });
  });
});
