// Rapport A: sales per article over a date range, credit notes deducted, in amounts that add up to the X/Z totals.
import { DgiTimeError, instantToEpochMs, KINSHASA_OFFSET_MINUTES, toKinshasaIso } from './dgi-time';
import { CURRENCIES, type Currency, type SealedInvoice, type TaxGroupLabel } from './invoice-types';
import { formatAmount, formatQuantity, parseAmount, parseQuantity, parseRate, type Minor } from './money';
import { trustedTime } from './report-period';
import { invoiceKind, invoiceLabel } from './report-tally';
import { ReportError, type ArticleLine, type ArticleRange, type ArticleReport, type ArticleSection } from './report-types';
import { TaxTableError, taxTableOn, withDeviceRates, type Letter } from './tax-groups';
import { computeTotals, type LineFigures } from './totals';

type ArticleTally = { code: string; name: string; group: TaxGroupLabel; qty: bigint; credited: bigint; ht: Minor; ttc: Minor };
type SectionTally = { articles: Map<string, ArticleTally>; invoices: number; credits: number };

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/** A Kinshasa calendar day's first instant, or an instant; `end` moves a day to the next day's first instant. */
function boundary(what: 'from' | 'to', text: string): number {
  const m = DATE_RE.exec(text);
  try {
    if (m === null) return instantToEpochMs(text);
    const start = instantToEpochMs(`${text}T00:00:00Z`) - KINSHASA_OFFSET_MINUTES * 60_000;
    return what === 'to' ? start + DAY_MS : start;
  } catch (e) {
    if (e instanceof DgiTimeError) throw new ReportError('invalid_range', `The range's ${what} "${text}" is neither a day (YYYY-MM-DD) nor an ISO time: ${e.message}`);
    throw e;
  }
}

/** Line figures by the kernel's one rule (totals.ts) at the rates the invoice was sealed with. */
export function sealedLineFigures(inv: SealedInvoice): LineFigures[] {
  try {
    const rates: Partial<Record<Letter, bigint>> = {};
    for (const g of inv.tax_groups) {
      const r = parseRate(g.rate);
      if (r !== null) rates[g.group] = r;
    }
    const ts = inv.security.timestamp;
    const table = withDeviceRates(taxTableOn(`${ts.slice(0, 4)}-${ts.slice(4, 6)}-${ts.slice(6, 8)}`), rates);
    const result = computeTotals(inv, table);
    if (result.ok) return result.figures.lines;
    throw new ReportError('invalid_invoice', `The ${invoiceLabel(inv)} has lines that cannot be computed: ${result.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
  } catch (e) {
    if (e instanceof TaxTableError) throw new ReportError('invalid_invoice', `The ${invoiceLabel(inv)}: ${e.message}`);
    throw e;
  }
}

/**
 * Shares `total` among lines in proportion to `weights` (largest remainder, ties to the earlier line), in steps of
 * `unit` centimes, so the shares add up to the group's sealed figure exactly: the article report then agrees with
 * the X and Z to the centime, where summing each line's own rounding would not.
 */
export function allocate(total: Minor, weights: readonly Minor[], unit: Minor): Minor[] {
  const units = total / unit;
  const stepTotal = total % unit === 0n ? units : total;
  const step = total % unit === 0n ? unit : 1n;
  let w = weights.reduce((a, b) => a + b, 0n);
  let ws = weights;
  if (w <= 0n) {
    ws = weights.map((_, i) => (i === 0 ? 1n : 0n));
    w = weights.length === 0 ? 0n : 1n;
  }
  if (w === 0n) return [];
  const shares = ws.map((x) => (stepTotal * x) / w);
  let rest = stepTotal - shares.reduce((a, b) => a + b, 0n);
  const order = ws.map((x, i) => ({ i, frac: (stepTotal * x) % w })).sort((a, b) => (a.frac > b.frac ? -1 : a.frac < b.frac ? 1 : a.i - b.i));
  for (let k = 0; rest > 0n; k = (k + 1) % order.length, rest -= 1n) shares[order[k]!.i]! += 1n;
  return shares.map((s) => s * step);
}

function addInvoiceArticles(tally: Map<Currency, SectionTally>, inv: SealedInvoice): void {
  const { currency, sign } = invoiceKind(inv);
  const section = tally.get(currency) ?? { articles: new Map(), invoices: 0, credits: 0 };
  tally.set(currency, section);
  if (sign < 0n) section.credits += 1;
  else section.invoices += 1;
  const lines = sealedLineFigures(inv);
  const unit = currency === 'CDF' ? 100n : 1n;
  const ht = new Array<Minor>(inv.items.length).fill(0n);
  const ttc = new Array<Minor>(inv.items.length).fill(0n);
  for (const g of inv.tax_groups) {
    const idx = inv.items.flatMap((it, i) => (it.tax_group === g.group ? [i] : []));
    const gHt = parseAmount(g.ht);
    const gTtc = parseAmount(g.ttc);
    if (gHt === null || gTtc === null) throw new ReportError('invalid_invoice', `The ${invoiceLabel(inv)} has a group ${g.group} whose amounts are not wire amounts.`);
    const htShares = allocate(gHt, idx.map((i) => lines[i]!.ht), unit);
    const ttcShares = allocate(gTtc, idx.map((i) => lines[i]!.ttc), unit);
    idx.forEach((i, k) => {
      ht[i] = htShares[k] ?? 0n;
      ttc[i] = ttcShares[k] ?? 0n;
    });
  }
  inv.items.forEach((item, i) => {
    const qty = parseQuantity(item.quantity);
    if (qty === null) throw new ReportError('invalid_invoice', `The ${invoiceLabel(inv)} has items[${i}].quantity "${item.quantity}" that is not a quantity.`);
    const key = JSON.stringify([item.code, item.tax_group, item.name]);
    const a = section.articles.get(key) ?? { code: item.code, name: item.name, group: item.tax_group, qty: 0n, credited: 0n, ht: 0n, ttc: 0n };
    section.articles.set(key, a);
    a.qty += sign * qty;
    if (sign < 0n) a.credited += qty;
    a.ht += sign * ht[i]!;
    a.ttc += sign * ttc[i]!;
  });
}

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function sortArticles(list: ArticleTally[], order: ArticleRange['order']): ArticleTally[] {
  const tie = (a: ArticleTally, b: ArticleTally) => byText(a.code, b.code) || byText(a.name, b.name) || byText(a.group, b.group);
  if (order === 'code') return list.sort(tie);
  return list.sort((a, b) => (a.ttc > b.ttc ? -1 : a.ttc < b.ttc ? 1 : tie(a, b)));
}

/**
 * Rapport A (not a DGI text: the product's reading, what owners need): per article (code, name, tax group) the net
 * quantity and amounts HT and TTC of the invoices sealed in the range (by trusted time), credit notes deducted,
 * one section per invoice currency. Sorted by TTC, largest first, or by code.
 */
export function aReport(input: { invoices: readonly SealedInvoice[]; outlet_id?: string }, range: ArticleRange): ArticleReport {
  const start = boundary('from', range.from);
  const end = boundary('to', range.to);
  if (end <= start) throw new ReportError('invalid_range', `The range ends (${range.to}) before it starts (${range.from}).`);
  const tally = new Map<Currency, SectionTally>();
  for (const inv of input.invoices) {
    const t = trustedTime(inv);
    if (t >= start && t < end) addInvoiceArticles(tally, inv);
  }
  const sections = CURRENCIES.flatMap((currency): ArticleSection[] => {
    const s = tally.get(currency);
    if (s === undefined) return [];
    const list = sortArticles([...s.articles.values()], range.order);
    const articles: ArticleLine[] = list.map((a) => ({
      code: a.code,
      name: a.name,
      tax_group: a.group,
      quantity: formatQuantity(a.qty),
      credited_quantity: formatQuantity(a.credited),
      ht: formatAmount(a.ht),
      ttc: formatAmount(a.ttc),
    }));
    const sum = (f: 'ht' | 'ttc') => formatAmount(list.reduce((acc, a) => acc + a[f], 0n));
    return [{ currency, articles, totals: { ht: sum('ht'), ttc: sum('ttc') }, invoice_count: s.invoices, credit_count: s.credits }];
  });
  return {
    kind: 'A',
    ...(input.outlet_id === undefined ? {} : { outlet_id: input.outlet_id }),
    period: { from: toKinshasaIso(new Date(start)), to: toKinshasaIso(new Date(end)) },
    sections,
  };
}
