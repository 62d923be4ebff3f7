// Proves no printed line ever overflows 58 mm (32 columns) or 80 mm (48 columns), whatever the invoice holds.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { InvoiceItem, InvoiceType, SealedInvoice, TaxGroupLine } from '../../fiscal/invoice-types';
import { formatAmount, formatQuantity } from '../../fiscal/money';
import { taxTableOn } from '../../fiscal/tax-groups';
import { computeTotals, toWireFigures } from '../../fiscal/totals';
import { decodeEscPos } from '../../device/emulator/escpos-decoder';
import { invoiceLayout } from '../../device/printer/layout';
import type { Merchant } from '../../documents/merchant';
import { PAPER, type PaperWidth } from '../../device/printer/paper';
import { renderEscPos } from '../../device/printer/render-escpos';
import { SAMPLE_INVOICE, SAMPLE_MERCHANT } from '../../device/printer/sample-receipt';
import { fitLayout } from '../../device/printer/text-fit';

const CHARS = [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789', ' ', ' ', ' ', ...'éèêàçÉÈÀÇ€ôûï-/.,()\'’«»'];
const text = (max: number) => fc.array(fc.constantFrom(...CHARS), { minLength: 1, maxLength: max }).map((a) => a.join(''));
const amount = fc.bigInt({ min: 0n, max: 99_999_999_999n }).map(formatAmount);

const item = fc.record({
  name: text(64),
  tax_group: fc.constantFrom('A', 'B', 'C'),
  type: fc.constantFrom('BIE', 'SER', 'TAX'),
  unit_price: amount,
  quantity: fc.bigInt({ min: 1n, max: 9_999_999n }).map(formatQuantity),
  ts: fc.option(fc.bigInt({ min: 1n, max: 99_999n }).map(formatAmount)),
  original_price: fc.option(amount),
}).map((r): InvoiceItem => ({
  code: 'X',
  name: r.name,
  type: r.type as InvoiceItem['type'],
  tax_group: r.tax_group as InvoiceItem['tax_group'],
  unit_price: r.unit_price,
  quantity: r.quantity,
  ...(r.ts === null ? {} : { specific_tax: { per_unit: r.ts } }),
  ...(r.original_price === null ? {} : { original_price: r.original_price, price_change: 'remise exceptionnelle' }),
}));

const invoice = fc.record({
  type: fc.constantFrom<InvoiceType>('FV', 'FT', 'EV', 'ET', 'FA', 'EA'),
  items: fc.array(item, { minLength: 1, maxLength: 25 }),
  cashier: text(40),
  number: text(64),
  client: fc.option(fc.record({ name: text(60), address: text(120), contact: text(40) })),
  method: fc.constantFrom('E', 'V', 'C', 'M', 'D', 'A' as const),
  comment: fc.option(text(255)),
}).map((r): SealedInvoice => {
  const base = { ...SAMPLE_INVOICE, type: r.type, items: r.items, cashier_name: r.cashier, invoice_number: r.number };
  const figures = computeTotals(base, taxTableOn('2024-12-04'));
  if (!figures.ok) throw new Error(JSON.stringify(figures.issues));
  const w = toWireFigures(figures.figures);
  return {
    ...base,
    ...(r.type === 'FA' || r.type === 'EA' ? { reference: { nature: 'RAM' as const, code: 'D357MYBKF6QSMSD2XWSEFT6S' } } : {}),
    ...(r.client === null ? { client: undefined } : { client: { type: 'PM' as const, nif: 'A9001255A', ...r.client } }),
    ...(r.comment === null ? {} : { comments: { A: r.comment } }),
    tax_groups: w.tax_groups as TaxGroupLine[],
    totals: w.totals,
    payments: [{ method: r.method, amount: w.totals.ttc, currency: 'CDF' }],
  };
});

const merchant = fc.record({ name: text(80), address: text(120), email: text(60), rccm: text(40) }).map(
  (r): Merchant => ({ ...SAMPLE_MERCHANT, ...r }),
);

/** Every decoded line fits the paper, and the decoder sees exactly the rows the layout fitted (no re-wrapping). */
function assertFits(inv: SealedInvoice, m: Merchant, paper: PaperWidth, duplicate: boolean): void {
  const layout = invoiceLayout(inv, m, { duplicate });
  const job = decodeEscPos(renderEscPos(layout, paper));
  const columns = PAPER[paper].columns;
  for (const l of job.lines) {
    expect(l.text.length * l.width, `${paper}: "${l.text}"`).toBeLessThanOrEqual(columns);
  }
  const fitted = fitLayout(layout, paper).rows.flatMap((r) => (r.kind === 'text' ? [r.text] : []));
  const printed = job.lines.map((l) => l.text).filter((t) => t !== '');
  expect(printed).toEqual(fitted.filter((t) => t !== ''));
}

describe('line widths', () => {
  it('the DGI sample fits 58 and 80 mm, with and without DUPLICATA', () => {
    for (const paper of ['58mm', '80mm'] as const) for (const dup of [false, true]) assertFits(SAMPLE_INVOICE, SAMPLE_MERCHANT, paper, dup);
  });

  it('random invoices (long names, accents, big amounts, 25 items, clients, comments) never overflow either paper', () => {
    fc.assert(
      fc.property(invoice, merchant, fc.boolean(), (inv, m, dup) => {
        assertFits(inv, m, '58mm', dup);
        assertFits(inv, m, '80mm', dup);
      }),
      { numRuns: 150 },
    );
  });
});
