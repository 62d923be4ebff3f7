// The normalized invoice on A4: every field of the DGI sample (protocol §2) in a page layout, the QR as vector squares.
import type { Currency, SealedInvoice } from '../fiscal/invoice-types';
import { formatAmount, parseAmount } from '../fiscal/money';
import { convertAmount } from '../fiscal/payments';
import { sealedLineFigures } from '../fiscal/report-articles';
import { ReportError } from '../fiscal/report-types';
import { CLIENT_TYPE_LABELS, groupTag, NATURE_LABELS, PAYMENT_LABELS, TYPE_TITLES } from './labels';
import type { Merchant } from './merchant';
import { fitText, GREY, LIGHT, wrapText, type PdfCanvas } from './pdf-canvas';
import { createFlow, type PdfFlow } from './pdf-flow';
import { buildPdf } from './pdf-writer';
import { printCode, printDate, printDgiTime, printQuantity, printRate } from './print-format';
import { PrinterError } from './document-error';
import { pdfAmount } from './report-pdf-text';

export type InvoicePdfOptions = { duplicate?: boolean; created_at?: Date };

const ROW = 14;
const money = (m: bigint, cur: Currency) => pdfAmount(formatAmount(m), cur);
const must = (wire: string, field: string): bigint => {
  const m = parseAmount(wire);
  if (m === null) throw new PrinterError('bad-layout-input', `${field}: "${wire}" is not an amount`);
  return m;
};

function head(flow: PdfFlow, inv: SealedInvoice, m: Merchant, dup: boolean): void {
  const c = flow.canvas;
  const y = flow.y;
  c.text(flow.left, y + 14, m.name, { font: 'Helvetica-Bold', size: 14 });
  const lines = [m.shop_name ?? '', m.city === undefined ? m.address : `${m.address}, ${m.city}`, `TEL: ${m.phone}`, `Email: ${m.email}`, `NIF: ${m.nif}`, `RCCM: ${m.rccm}`];
  lines.filter((l) => l !== '').forEach((l, i) => c.text(flow.left, y + 28 + i * 11, l, { size: 9 }));
  const titles = [...TYPE_TITLES[inv.type]];
  titles.forEach((t, i) => c.text(flow.right, y + 14 + i * 16, t, { font: 'Helvetica-Bold', size: 14, align: 'right' }));
  let ry = y + 14 + titles.length * 16;
  c.text(flow.right, ry, `No : ${inv.invoice_number}`, { font: 'Helvetica-Bold', size: 11, align: 'right' });
  ry += 13;
  c.text(flow.right, ry, `Date : ${printDgiTime(inv.security.timestamp)}`, { size: 9, align: 'right' });
  if (inv.reference !== undefined) {
    ry += 12;
    c.text(flow.right, ry, `Nature : ${NATURE_LABELS[inv.reference.nature]} (${inv.reference.nature})`, { size: 9, align: 'right' });
    ry += 12;
    const ref = inv.reference.code === 'RRR' ? 'RRR' : printCode(inv.reference.code, 'device');
    c.text(flow.right, ry, `Réf. facture : ${ref}`, { size: 9, align: 'right' });
  }
  if (dup) {
    ry += 20;
    c.text(flow.right, ry, 'DUPLICATA', { font: 'Helvetica-Bold', size: 16, align: 'right' });
  }
  flow.y = Math.max(y + 28 + lines.length * 11, ry) + 12;
}

function parties(flow: PdfFlow, inv: SealedInvoice, m: Merchant): void {
  const c = flow.canvas;
  const half = (flow.right - flow.left) / 2;
  const seller: [string, string][] = [['Vendeur', inv.cashier_name], ['ISF', m.isf], ['Caisse', inv.pos_terminal_id]];
  const cl = inv.client;
  const buyer: [string, string][] = cl === undefined ? [] : [
    ["Type de l'acheteur", `${cl.type} (${CLIENT_TYPE_LABELS[cl.type]})`],
    ...([["NIF de l'acheteur", cl.nif], ["Nom de l'acheteur", cl.name], ["RCCM de l'acheteur", cl.rccm], ["Adresse de l'acheteur", cl.address], ["Contact de l'acheteur", cl.contact]] as [string, string | undefined][])
      .filter((p): p is [string, string] => p[1] !== undefined && p[1] !== ''),
  ];
  const h = 10 + 12 * Math.max(seller.length, buyer.length);
  c.frame(flow.left, flow.y, flow.right - flow.left, h + 6, 0.5, GREY);
  seller.forEach(([k, v], i) => c.text(flow.left + 6, flow.y + 14 + i * 12, `${k} : ${v}`, { size: 9 }));
  buyer.forEach(([k, v], i) => c.text(flow.left + half + 6, flow.y + 14 + i * 12, fitText(`${k} : ${v}`, 'Helvetica', 9, half - 12), { size: 9 }));
  flow.y += h + 18;
}

function itemsTable(flow: PdfFlow, inv: SealedInvoice): void {
  const cur = inv.currency;
  const figures = sealedLineFigures(inv);
  const x = { n: flow.left + 4, name: flow.left + 24, qty: flow.right - 190, unit: flow.right - 95, total: flow.right - 4 };
  const header = (c: PdfCanvas, y: number): number => {
    c.rect(flow.left, y, flow.right - flow.left, ROW, LIGHT);
    const s = { font: 'Helvetica-Bold' as const, size: 9 };
    c.text(x.n, y + 10, '#', s);
    c.text(x.name, y + 10, 'Désignation (groupe)(type)', s);
    c.text(x.qty, y + 10, 'Qté', { ...s, align: 'right' });
    c.text(x.unit, y + 10, 'P.U.', { ...s, align: 'right' });
    c.text(x.total, y + 10, 'T.T.C.', { ...s, align: 'right' });
    return y + ROW + 2;
  };
  flow.y = header(flow.canvas, flow.y);
  inv.items.forEach((item, i) => {
    const f = figures[i];
    if (f === undefined) throw new PrinterError('bad-layout-input', `items[${i}] has no figures`);
    const name = wrapText(`${item.name} (${groupTag(item.tax_group)})(${item.type})`, 'Helvetica', 9, x.qty - x.name - 50);
    const extra: string[] = [];
    const ts = item.specific_tax;
    if (ts !== undefined) {
      const what = 'per_unit' in ts ? `${pdfAmount(ts.per_unit, cur)}/u` : printRate(ts.percent);
      extra.push(`T.S.${ts.description === undefined ? '' : ` ${ts.description}`} ${what} : ${money(f.specific, cur)}`);
    }
    if (item.original_price !== undefined) extra.push(`Prix d'origine ${pdfAmount(item.original_price, cur)}${item.price_change === undefined ? '' : ` (${item.price_change})`}`);
    const h = 12 * (name.length + extra.length) + 3;
    if (flow.y + h > flow.bottom) {
      flow.newPage();
      flow.y = header(flow.canvas, flow.y);
    }
    const c = flow.canvas;
    c.text(x.n, flow.y + 10, String(i + 1), { size: 9 });
    name.forEach((l, k) => c.text(x.name, flow.y + 10 + k * 12, l, { size: 9 }));
    c.text(x.qty, flow.y + 10, printQuantity(item.quantity), { size: 9, align: 'right' });
    c.text(x.unit, flow.y + 10, pdfAmount(item.unit_price, cur), { size: 9, align: 'right' });
    c.text(x.total, flow.y + 10, money(f.amount, cur), { size: 9, align: 'right' });
    extra.forEach((l, k) => c.text(x.name + 8, flow.y + 10 + (name.length + k) * 12, l, { size: 8, color: GREY }));
    flow.y += h;
    c.line(flow.left, flow.y, flow.right, flow.y, 0.2, LIGHT);
  });
  flow.y += 10;
}

/** Left: payments and count; right: per-group totals, total VAT and TOTAL TTC, as the sample orders them. */
function totalsAndPayments(flow: PdfFlow, inv: SealedInvoice): void {
  const cur = inv.currency;
  const right: [string, string, boolean][] = [];
  const exempt: [string, string, boolean][] = [];
  for (const g of inv.tax_groups) {
    const [ht, vat, ttc] = [must(g.ht, 'ht'), must(g.vat, 'vat'), must(g.ttc, 'ttc')];
    if (g.group === 'A') {
      if (ttc !== 0n) exempt.push(['Total EXONÉRÉS [A]', money(ttc, cur), false]);
      continue;
    }
    if (ht !== 0n) right.push([`Total H.T. [${g.group}] ${printRate(g.rate)}`, money(ht, cur), false]);
    if (vat !== 0n) right.push([`Total TVA [${g.group}] ${printRate(g.rate)}`, money(vat, cur), false]);
  }
  right.push(...exempt);
  if (inv.totals.specific !== '0.00') right.push(['Total T.S.', pdfAmount(inv.totals.specific, cur), false]);
  right.push(['Total TVA', pdfAmount(inv.totals.vat, cur), false], ['TOTAL TTC', `${pdfAmount(inv.totals.ttc, cur)} ${cur}`, true]);
  const ttc = must(inv.totals.ttc, 'totals.ttc');
  const rate = inv.usd_rate === undefined ? null : must(inv.usd_rate.rate, 'usd_rate.rate');
  if (inv.usd_rate !== undefined && rate !== null) {
    const other: Currency = cur === 'CDF' ? 'USD' : 'CDF';
    right.push([`Contre-valeur ${other}`, `${money(convertAmount(ttc, cur, other, rate), other)} ${other}`, false]);
    right.push([`Taux du ${printDate(inv.usd_rate.date)}`, `1 USD = ${money(rate, 'CDF')} CDF`, false]);
  }
  const left: [string, string, boolean][] = [];
  let paid = 0n;
  inv.payments.forEach((p, i) => {
    const tendered = must(p.amount, `payments[${i}].amount`);
    if (p.currency === cur) paid += tendered;
    else if (rate === null) throw new PrinterError('bad-layout-input', `payments[${i}] in ${p.currency} without usd_rate`);
    else paid += convertAmount(tendered, p.currency, cur, rate);
    left.push([p.currency === cur ? PAYMENT_LABELS[p.method] : `${PAYMENT_LABELS[p.method]} (${p.currency})`, `${money(tendered, p.currency)}${p.currency === cur ? '' : ` ${p.currency}`}`, false]);
  });
  if (paid > ttc) left.push(['RENDU MONNAIE', money(paid - ttc, cur), true]);
  left.push(["Nombre d'articles", String(inv.items.length), false]);

  const rows = Math.max(left.length, right.length);
  flow.ensure(rows * 14 + 20);
  flow.y += 6;
  const c = flow.canvas;
  const mid = flow.left + (flow.right - flow.left) * 0.45;
  const write = (list: [string, string, boolean][], x0: number, x1: number) =>
    list.forEach(([k, v, bold], i) => {
      const style = { font: bold ? ('Helvetica-Bold' as const) : ('Helvetica' as const), size: bold ? 11 : 9 };
      c.text(x0, flow.y + 12 + i * 14, k, style);
      c.text(x1, flow.y + 12 + i * 14, v, { ...style, align: 'right' });
    });
  c.text(flow.left, flow.y, 'Paiements', { font: 'Helvetica-Bold', size: 8, color: GREY });
  flow.y += 4;
  write(left, flow.left, mid - 30);
  write(right, mid + 20, flow.right);
  flow.y += rows * 14 + 16;
}

function securityBlock(flow: PdfFlow, inv: SealedInvoice): void {
  const s = inv.security;
  const qr = 120;
  // Four modules of white around the symbol at least (ISO/IEC 18004 quiet zone): 18 points is more than that here.
  const quiet = 18;
  flow.ensure(qr + 2 * quiet + 10);
  const c = flow.canvas;
  const top = flow.y;
  c.frame(flow.left, top, flow.right - flow.left, qr + 2 * quiet, 0.8);
  c.text(flow.left + 12, top + 20, 'Éléments de sécurité de la facture normalisée', { font: 'Helvetica-Bold', size: 10 });
  c.text(flow.left + 12, top + 42, 'CODE DEF/DGI', { size: 9 });
  c.text(flow.left + 12, top + 58, printCode(s.code, s.mode === 'device' ? 'device' : 'own'), { font: 'Courier-Bold', size: 13 });
  const pairs: [string, string][] = [['DEF NIM', s.authority_id], ['DEF Compteurs', `${s.counters.fc}/${s.counters.tc} ${s.counters.type}`], ['DEF Heure', printDgiTime(s.timestamp)]];
  pairs.forEach(([k, v], i) => {
    c.text(flow.left + 12, top + 82 + i * 14, `${k} :`, { size: 9 });
    c.text(flow.left + 100, top + 82 + i * 14, v, { font: 'Courier', size: 10 });
  });
  c.qr(flow.right - qr - quiet, top + quiet, qr, s.qr);
  flow.y = top + qr + 2 * quiet + 10;
}

/** A sealed invoice as an A4 PDF; refuses one without security elements (no fiscal document before sealing). */
export function invoicePdf(inv: SealedInvoice, merchant: Merchant, options: InvoicePdfOptions = {}): Uint8Array {
  const s = (inv as Partial<SealedInvoice>).security;
  if (s === undefined || s.code === '' || s.qr === '') throw new PrinterError('not-sealed', inv.client_invoice_id);
  const dup = options.duplicate === true;
  const flow = createFlow({ footer: `${merchant.name} — facture ${inv.invoice_number}${dup ? ' — DUPLICATA' : ''}` });
  try {
    head(flow, inv, merchant, dup);
    parties(flow, inv, merchant);
    itemsTable(flow, inv);
    totalsAndPayments(flow, inv);
    const comments = Object.entries(inv.comments ?? {}).sort(([a], [b]) => a.localeCompare(b)).filter(([, t]) => t !== undefined && t !== '');
    for (const [, t] of comments) {
      for (const line of wrapText(t ?? '', 'Helvetica', 9, flow.right - flow.left)) {
        flow.ensure(12);
        flow.canvas.text(flow.left, flow.y + 10, line, { size: 9 });
        flow.y += 12;
      }
    }
    flow.y += 8;
    securityBlock(flow, inv);
  } catch (e) {
    if (e instanceof ReportError) throw new PrinterError('bad-layout-input', e.message, e);
    throw e;
  }
  const title = `${TYPE_TITLES[inv.type].join(' ')} ${inv.invoice_number}`;
  return buildPdf(flow.pages(), { title, author: merchant.name, subject: s.code, ...(options.created_at === undefined ? {} : { created_at: options.created_at }) });
}
