// Benchmark: receipt encoding (layout + ESC/POS bytes for a 20-line receipt), decoding, the PNG and HTML renderings.
import type { InvoiceItem, SealedInvoice, TaxGroupLine } from '../../fiscal/invoice-types';
import { taxTableOn } from '../../fiscal/tax-groups';
import { computeTotals, toWireFigures } from '../../fiscal/totals';
import { decodeEscPos } from '../../device/emulator/escpos-decoder';
import { invoiceLayout } from '../../device/printer/layout';
import { receiptBytes } from '../../device/printer/render-escpos';
import { renderHtml } from '../../device/printer/render-html';
import { renderPng } from '../../device/printer/render-png';
import { SAMPLE_INVOICE, SAMPLE_MERCHANT } from '../../device/printer/sample-receipt';
import { opsPerSecond } from './measure';

function twentyLineInvoice(): SealedInvoice {
  const items: InvoiceItem[] = Array.from({ length: 20 }, (_, i) => ({
    code: `P${i}`,
    name: `ARTICLE NUMÉRO ${i + 1} ${i % 3 === 0 ? 'GRAND FORMAT FAMILIAL' : ''}`.trim(),
    type: 'BIE',
    tax_group: i % 4 === 0 ? 'A' : 'B',
    unit_price: `${(i + 1) * 1250}.00`,
    quantity: String((i % 5) + 1),
    ...(i % 7 === 0 ? { specific_tax: { per_unit: '75.00' } } : {}),
  }));
  const base = { ...SAMPLE_INVOICE, items };
  const r = computeTotals(base, taxTableOn('2024-12-04'));
  if (!r.ok) throw new Error('bench invoice does not compute');
  const w = toWireFigures(r.figures);
  return { ...base, tax_groups: w.tax_groups as TaxGroupLine[], totals: w.totals, payments: [{ method: 'E', amount: w.totals.ttc, currency: 'CDF' }] };
}

export async function run(): Promise<void> {
  const inv = twentyLineInvoice();
  const bytes80 = receiptBytes(inv, SAMPLE_MERCHANT, '80mm');
  console.log(`20-line receipt: ${bytes80.length} bytes on 80 mm, ${receiptBytes(inv, SAMPLE_MERCHANT, '58mm').length} bytes on 58 mm`);
  const encode80 = await opsPerSecond('layout + ESC/POS, 20 lines, 80 mm', () => receiptBytes(inv, SAMPLE_MERCHANT, '80mm'));
  console.log(`  = ${(1000 / encode80).toFixed(3)} ms per receipt`);
  await opsPerSecond('layout + ESC/POS, 20 lines, 58 mm', () => receiptBytes(inv, SAMPLE_MERCHANT, '58mm'));
  await opsPerSecond('layout only (invoiceLayout)', () => invoiceLayout(inv, SAMPLE_MERCHANT));
  await opsPerSecond('emulator decode of the 80 mm bytes', () => decodeEscPos(bytes80));
  await opsPerSecond('HTML preview, 80 mm', () => renderHtml(invoiceLayout(inv, SAMPLE_MERCHANT), '80mm'));
  await opsPerSecond('PNG image, 80 mm', () => renderPng(invoiceLayout(inv, SAMPLE_MERCHANT), '80mm'), 2000);
}
