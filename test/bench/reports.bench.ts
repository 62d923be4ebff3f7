// Benchmark: X, Z and A over 10,000 sealed invoices (a busy month of one till), then the X printed as PDF and ESC/POS.
import { renderEscPos } from '../../device/printer/render-escpos';
import { reportLayout } from '../../device/printer/report-layout';
import { articleReportPdf, invoicePdf, reportPdf } from '../../documents/report-pdf';
import { SAMPLE_MERCHANT } from '../../device/printer/sample-receipt';
import type { SealedInvoice } from '../../fiscal/invoice-types';
import { aReport, toReportData, xReport, zReport, type ReportInput } from '../../fiscal/reports';
import { makeSealer, type InvoiceSpec } from '../fiscal/reports-fixtures';
import { opsPerSecond } from './measure';

const COUNT = 10_000;
const GROUPS = ['A', 'B', 'B', 'C', 'O'];

function spec(n: number): InvoiceSpec {
  const minute = (n * 7) % (12 * 60);
  const day = 1 + (n % 28);
  const at = `2026-11-${String(day).padStart(2, '0')}T${String(7 + Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}:00+01:00`;
  const lines = Array.from({ length: 1 + (n % 5) }, (_, k) => ({
    code: `P${(n * 31 + k * 17) % 400}`, name: `ARTICLE ${(n * 31 + k * 17) % 400}`, group: GROUPS[(n + k) % GROUPS.length]!,
    price: `${500 + ((n * 97 + k * 13) % 20_000)}.00`, qty: String(1 + ((n + k) % 4)),
  }));
  const usd = n % 10 === 0;
  return { n, at, currency: usd ? 'USD' : 'CDF', type: n % 50 === 7 ? 'FA' : 'FV', lines, payments: [],
    ...(n % 50 === 7 ? { reference: { nature: 'COR' as const, code: 'D357MYBKF6QSMSD2XWSEFT6S' } } : {}) };
}

export async function run(): Promise<void> {
  const seal = await makeSealer();
  const started = performance.now();
  const invoices: SealedInvoice[] = [];
  for (let n = 1; n <= COUNT; n++) {
    const inv = await seal(spec(n));
    invoices.push({ ...inv, payments: [{ method: n % 3 === 0 ? 'M' : 'E', amount: inv.totals.ttc, currency: inv.currency }] });
  }
  console.log(`sealed ${COUNT.toLocaleString('en-US')} invoices (ES256) in ${((performance.now() - started) / 1000).toFixed(1)} s`);

  const input: ReportInput = {
    outlet_id: 'bench', at: '2026-11-30T23:00:00+01:00', invoices, voided: [], previous_z: null,
    upload: { not_uploaded: 0, last_upload_at: null }, drawer_opens_without_sale: [], cancellations: [],
  };
  await opsPerSecond(`xReport over ${COUNT.toLocaleString('en-US')} invoices`, () => xReport(input), 2000);
  await opsPerSecond(`zReport over ${COUNT.toLocaleString('en-US')} invoices`, () => zReport(input), 2000);
  const z = zReport(input);
  const next = { ...input, previous_z: { record: z.record }, at: '2026-12-01T23:00:00+01:00' };
  await opsPerSecond(`xReport after a Z that covered all ${COUNT.toLocaleString('en-US')} (skipping them by number)`, () => xReport(next), 1000);
  const range = { from: '2026-11-01', to: '2026-11-30' };
  await opsPerSecond(`aReport over ${COUNT.toLocaleString('en-US')} invoices (line figures and group shares)`, () => aReport(input, range), 2000);

  const x = xReport(input);
  const a = aReport(input, range);
  const sections = x.figures.sections.map((s) => `${s.currency} ${s.totals.ttc} (${s.sales.count} sales, ${s.credits.count} credit notes)`).join('; ');
  console.log(`X: ${sections}; A: ${a.sections.map((s) => `${s.articles.length} articles in ${s.currency}`).join(', ')}`);
  await opsPerSecond('X printed as an 80 mm PDF (charts included)', () => reportPdf(x, SAMPLE_MERCHANT), 1000);
  await opsPerSecond('X printed as ESC/POS (80 mm, CDF)', () => renderEscPos(reportLayout(toReportData(x), SAMPLE_MERCHANT), '80mm'), 1000);
  await opsPerSecond(`A printed as an A4 PDF (${a.sections.reduce((n, s) => n + s.articles.length, 0)} articles)`, () => articleReportPdf(a, SAMPLE_MERCHANT), 1000);
  await opsPerSecond('one invoice as an A4 PDF (with its QR)', () => invoicePdf(invoices[1]!, SAMPLE_MERCHANT), 1000);
  console.log(`sizes: X PDF ${reportPdf(x, SAMPLE_MERCHANT).length} bytes, A PDF ${articleReportPdf(a, SAMPLE_MERCHANT).length} bytes`);
}
