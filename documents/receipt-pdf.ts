// The sealed invoice as an 80 mm receipt PDF: the printed ESC/POS receipt's content (device/printer/layout.ts, in the
// DGI sample's order), one page as tall as the receipt, the QR as vector squares. For mail, WhatsApp and "save as PDF".
import type { Currency, SealedInvoice } from '../fiscal/invoice-types';
import { formatAmount, parseAmount } from '../fiscal/money';
import { convertAmount } from '../fiscal/payments';
import { sealedLineFigures } from '../fiscal/report-articles';
import { ReportError } from '../fiscal/report-types';
import { PrinterError } from './document-error';
import { groupTag, NATURE_LABELS, PAYMENT_LABELS, TYPE_TITLES } from './labels';
import type { Merchant } from './merchant';
import { RECEIPT_80MM_WIDTH } from './pdf-flow';
import { buildPdf } from './pdf-writer';
import { printCode, printCounters, printDate, printDgiTime, printQuantity, printRate } from './print-format';
import { createColumn, pdfAmount, type Column } from './report-pdf-text';

export type ReceiptPdfOptions = { duplicate?: boolean; created_at?: Date };

/** The QR's side in points (about 39 mm): at version 5 (37 modules) a module is about 1 mm, read by any phone. */
const QR_SIZE = 110;

const money = (m: bigint, cur: Currency) => pdfAmount(formatAmount(m), cur);
const must = (wire: string, field: string): bigint => {
  const m = parseAmount(wire);
  if (m === null) throw new PrinterError('bad-layout-input', `${field}: "${wire}" is not an amount`);
  return m;
};

function head(col: Column, inv: SealedInvoice, m: Merchant): void {
  col.text(m.name, 'center', { bold: true, size: 10 });
  col.gap(2);
  col.pair('NIF:', m.nif, { bold: true });
  col.pair('RCCM:', m.rccm, { bold: true });
  col.gap(2);
  col.text(m.shop_name ?? m.name, 'center', { bold: true });
  col.text(m.city === undefined ? m.address : `${m.address}, ${m.city}`, 'center');
  col.text(`TEL: ${m.phone}`, 'center');
  col.text(`Email: ${m.email}`, 'center');
  col.gap(4);
  for (const t of TYPE_TITLES[inv.type]) col.text(t, 'center', { bold: true, size: 10 });
  if (inv.type === 'FA' || inv.type === 'EA') {
    const ref = inv.reference;
    if (ref === undefined) throw new PrinterError('bad-layout-input', 'a credit note without its reference');
    col.text(`Nature: ${NATURE_LABELS[ref.nature]} (${ref.nature})`, 'center');
    col.text(`Réf. facture: ${ref.code === 'RRR' ? 'RRR' : printCode(ref.code, 'device')}`, 'center');
  }
  col.text(`No : ${inv.invoice_number}`, 'center', { bold: true });
  col.gap(4);
  col.pair('Vendeur:', inv.cashier_name);
  col.pair('ISF:', m.isf);
  col.pair('Caisse:', inv.pos_terminal_id);
  const c = inv.client;
  if (c !== undefined) {
    col.pair("Type de l'acheteur :", c.type);
    const opt: [string, string | undefined][] = [
      ["NIF de l'acheteur:", c.nif],
      ["Nom de l'acheteur:", c.name],
      ["RCCM de l'acheteur:", c.rccm],
      ["Adresse de l'acheteur:", c.address],
      ["Contact de l'acheteur:", c.contact],
    ];
    for (const [label, value] of opt) if (value !== undefined && value !== '') col.pair(label, value);
  }
}

function items(col: Column, inv: SealedInvoice): void {
  const cur = inv.currency;
  const figures = sealedLineFigures(inv);
  col.rule(true);
  col.pair('# Nom   Qté x P.U.', 'T.T.C.', { bold: true });
  inv.items.forEach((item, i) => {
    const f = figures[i];
    if (f === undefined) throw new PrinterError('bad-layout-input', `items[${i}] has no figures`);
    col.text(`${i + 1} ${item.name} (${groupTag(item.tax_group)})(${item.type})`);
    col.pair(`   ${printQuantity(item.quantity)} x ${pdfAmount(item.unit_price, cur, `items[${i}].unit_price`)}`, money(f.amount, cur));
    const ts = item.specific_tax;
    if (ts !== undefined) {
      const what = 'per_unit' in ts ? `${pdfAmount(ts.per_unit, cur)}/u` : printRate(ts.percent);
      col.pair(`   T.S.${ts.description === undefined ? '' : ` ${ts.description}`} ${what}`, money(f.specific, cur));
    }
    if (item.original_price !== undefined) {
      col.text(`   Prix d'origine ${pdfAmount(item.original_price, cur)}${item.price_change === undefined ? '' : ` (${item.price_change})`}`);
    }
  });
  col.rule();
}

function totals(col: Column, inv: SealedInvoice): void {
  const cur = inv.currency;
  const exempt: bigint[] = [];
  for (const g of inv.tax_groups) {
    const [ht, vat, ttc] = [must(g.ht, `tax_groups.${g.group}.ht`), must(g.vat, `tax_groups.${g.group}.vat`), must(g.ttc, `tax_groups.${g.group}.ttc`)];
    if (g.group === 'A') {
      if (ttc !== 0n) exempt.push(ttc);
      continue;
    }
    if (ht !== 0n) col.pair(`Total H.T.[${g.group}] ${printRate(g.rate)}`, money(ht, cur));
    if (vat !== 0n) col.pair(`Total TVA [${g.group}] ${printRate(g.rate)}`, money(vat, cur));
  }
  for (const ttc of exempt) col.pair('Total EXONERES [A]', money(ttc, cur));
  if (must(inv.totals.specific, 'totals.specific') !== 0n) col.pair('Total T.S.', pdfAmount(inv.totals.specific, cur));
  col.gap(2);
  col.pair('Total TVA', pdfAmount(inv.totals.vat, cur, 'totals.vat'));
  col.gap(2);
  col.pair('TOTAL TTC', `${pdfAmount(inv.totals.ttc, cur, 'totals.ttc')} ${cur}`, { bold: true, size: 10 });
  const ttc = must(inv.totals.ttc, 'totals.ttc');
  if (inv.usd_rate !== undefined) {
    const rate = must(inv.usd_rate.rate, 'usd_rate.rate');
    const other: Currency = cur === 'CDF' ? 'USD' : 'CDF';
    col.pair(`Contre-valeur ${other}`, `${money(convertAmount(ttc, cur, other, rate), other)} ${other}`);
    col.pair(`Taux du ${printDate(inv.usd_rate.date)}`, `1 USD = ${money(rate, 'CDF')} CDF`);
  }
  col.gap(4);
  let paid = 0n;
  inv.payments.forEach((p, i) => {
    const tendered = must(p.amount, `payments[${i}].amount`);
    if (p.currency === cur) {
      paid += tendered;
      col.pair(`${PAYMENT_LABELS[p.method]}:`, money(tendered, cur));
      return;
    }
    if (inv.usd_rate === undefined) throw new PrinterError('bad-layout-input', `payments[${i}] in ${p.currency} without usd_rate`);
    paid += convertAmount(tendered, p.currency, cur, must(inv.usd_rate.rate, 'usd_rate.rate'));
    col.pair(`${PAYMENT_LABELS[p.method]} (${p.currency}):`, `${money(tendered, p.currency)} ${p.currency}`);
  });
  if (paid > ttc) col.pair('RENDU:', money(paid - ttc, cur), { bold: true });
  col.pair("Nombre d'articles:", String(inv.items.length));
  const comments = Object.entries(inv.comments ?? {}).sort(([a], [b]) => a.localeCompare(b));
  for (const [, t] of comments) if (t !== undefined && t !== '') col.text(t);
}

function security(col: Column, inv: SealedInvoice): void {
  const s = inv.security;
  col.gap(6);
  col.text('CODE DEF/DGI', 'center');
  col.text(printCode(s.code, s.mode === 'device' ? 'device' : 'own'), 'center', { bold: true, mono: true, size: 10 });
  col.pair('DEF NIM:', s.authority_id);
  col.pair('DEF Compteurs:', printCounters(s.counters));
  col.pair('DEF Heure:', printDgiTime(s.timestamp));
  // The column's 10-point margins plus this gap keep more than the four-module quiet zone around the symbol.
  col.gap(10);
  col.canvas.qr((RECEIPT_80MM_WIDTH - QR_SIZE) / 2, col.y, QR_SIZE, s.qr);
  col.y += QR_SIZE + 8;
}

/** A sealed invoice as an 80 mm receipt PDF; refuses one without security elements (no fiscal document before sealing). */
export function receiptPdf(inv: SealedInvoice, merchant: Merchant, options: ReceiptPdfOptions = {}): Uint8Array {
  const s = (inv as Partial<SealedInvoice>).security;
  if (s === undefined || s.code === '' || s.qr === '') throw new PrinterError('not-sealed', inv.client_invoice_id);
  const dup = options.duplicate === true;
  const col = createColumn(RECEIPT_80MM_WIDTH, 10);
  try {
    if (dup) col.text('DUPLICATA', 'center', { bold: true, size: 16 });
    head(col, inv, merchant);
    items(col, inv);
    totals(col, inv);
    security(col, inv);
    if (dup) col.text('DUPLICATA', 'center', { bold: true, size: 16 });
  } catch (e) {
    if (e instanceof ReportError) throw new PrinterError('bad-layout-input', e.message, e);
    throw e;
  }
  const title = `${TYPE_TITLES[inv.type].join(' ')} ${inv.invoice_number}${dup ? ' (DUPLICATA)' : ''}`;
  return buildPdf([col.finish()], { title, author: merchant.name, subject: s.code, ...(options.created_at === undefined ? {} : { created_at: options.created_at }) });
}

/** The file a PDF is saved or attached under: facture-345-2024.pdf (the receipt), facture-345-2024-a4.pdf. */
export function receiptFileName(inv: Pick<SealedInvoice, 'invoice_number'>, format: 'receipt' | 'a4' = 'receipt'): string {
  return `facture-${inv.invoice_number.replace(/[^A-Za-z0-9_-]+/g, '-')}${format === 'a4' ? '-a4' : ''}.pdf`;
}
