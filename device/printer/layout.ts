// The DGI normalized invoice as a layout: every mandatory field of protocol §2 and exemple_de_facture.png, in its order.
import type { SealedInvoice } from '../../fiscal/invoice-types';
import { convertAmount } from '../../fiscal/payments';
import { TaxTableError, taxTableOn, withDeviceRates, type Letter } from '../../fiscal/tax-groups';
import { computeTotals, type LineFigures } from '../../fiscal/totals';
import { parseRate } from '../../fiscal/money';
import { groupTag, NATURE_LABELS, PAYMENT_LABELS, TYPE_TITLES } from '../../documents/labels';
import type { Layout, LayoutLine } from './layout-model';
import type { Merchant } from '../../documents/merchant';
import { dgiTimeDate, mustAmount, printAmount, printCode, printCounters, printDate, printDgiTime, printMinor, printQuantity, printRate } from '../../documents/print-format';
import { PrinterError } from './printer-error';

export type ReceiptOptions = {
  /** A reprint: DUPLICATA at the head and the foot (protocol §2: "En cas de copie de Facture, mention DUPLICATA"). */
  duplicate?: boolean;
  /** Kick the cash drawer after the cut (cash sales). */
  openDrawer?: boolean;
};

export function merchantHeader(m: Merchant): LayoutLine[] {
  const lines: LayoutLine[] = [
    { kind: 'text', text: m.name, align: 'center', bold: true },
    { kind: 'blank' },
    { kind: 'pair', left: 'NIF:', right: m.nif, bold: true },
    { kind: 'pair', left: 'RCCM:', right: m.rccm, bold: true },
    { kind: 'blank' },
    { kind: 'text', text: m.shop_name ?? m.name, align: 'center', bold: true },
    { kind: 'text', text: m.city === undefined ? m.address : `${m.address}, ${m.city}`, align: 'center' },
    { kind: 'text', text: `TEL: ${m.phone}`, align: 'center' },
    { kind: 'text', text: `Email: ${m.email}`, align: 'center' },
  ];
  return lines;
}

function typeBlock(inv: SealedInvoice): LayoutLine[] {
  const lines: LayoutLine[] = TYPE_TITLES[inv.type].map((t) => ({ kind: 'text', text: t, align: 'center', bold: true }));
  if (inv.type === 'FA' || inv.type === 'EA') {
    const ref = inv.reference;
    if (ref === undefined) throw new PrinterError('bad-layout-input', 'a credit note without its reference');
    lines.push({ kind: 'text', text: `Nature: ${NATURE_LABELS[ref.nature]} (${ref.nature})`, align: 'center' });
    // The original may have been sealed by a device, whose codes use every digit: accept the wider alphabet.
    lines.push({ kind: 'text', text: `Réf. facture: ${ref.code === 'RRR' ? 'RRR' : printCode(ref.code, 'device')}`, align: 'center' });
  }
  lines.push({ kind: 'text', text: `No : ${inv.invoice_number}`, align: 'center', bold: true });
  return lines;
}

function partiesBlock(inv: SealedInvoice, m: Merchant): LayoutLine[] {
  const lines: LayoutLine[] = [
    { kind: 'pair', left: 'Vendeur:', right: inv.cashier_name },
    { kind: 'pair', left: 'ISF:', right: m.isf },
  ];
  const c = inv.client;
  if (c !== undefined) {
    lines.push({ kind: 'pair', left: "Type de l'acheteur :", right: c.type });
    const opt: [string, string | undefined][] = [
      ["NIF de l'acheteur:", c.nif],
      ["Nom de l'acheteur:", c.name],
      ["RCCM de l'acheteur:", c.rccm],
      ["Adresse de l'acheteur:", c.address],
      ["Contact de l'acheteur:", c.contact],
    ];
    for (const [label, value] of opt) if (value !== undefined && value !== '') lines.push({ kind: 'pair', left: label, right: value });
  }
  return lines;
}

/** Line figures by the kernel's one rule (fiscal/totals.ts), at the rates the invoice was sealed with. */
function lineFigures(inv: SealedInvoice): LineFigures[] {
  try {
    const rates: Partial<Record<Letter, bigint>> = {};
    for (const g of inv.tax_groups) {
      const r = parseRate(g.rate);
      if (r !== null) rates[g.group] = r;
    }
    const table = withDeviceRates(taxTableOn(dgiTimeDate(inv.security.timestamp)), rates);
    const result = computeTotals(inv, table);
    if (!result.ok) throw new PrinterError('bad-layout-input', result.issues.map((i) => `${i.path}: ${i.message}`).join('; '));
    return result.figures.lines;
  } catch (e) {
    if (e instanceof TaxTableError) throw new PrinterError('bad-layout-input', e.message);
    throw e;
  }
}

function itemsBlock(inv: SealedInvoice): LayoutLine[] {
  const cur = inv.currency;
  const figures = lineFigures(inv);
  const lines: LayoutLine[] = [{ kind: 'item', index: '#', name: 'Nom', detail: 'Qté x P.U.', total: 'T.T.C.' }];
  inv.items.forEach((item, i) => {
    const f = figures[i];
    if (f === undefined) throw new PrinterError('bad-layout-input', `items[${i}] has no figures`);
    lines.push({
      kind: 'item',
      index: String(i + 1),
      name: `${item.name} (${groupTag(item.tax_group)})(${item.type})`,
      detail: `${printQuantity(item.quantity)} x ${printAmount(item.unit_price, cur, `items[${i}].unit_price`)}`,
      total: printMinor(f.amount, cur),
    });
    const ts = item.specific_tax;
    if (ts !== undefined) {
      const what = 'per_unit' in ts ? `${printAmount(ts.per_unit, cur)}/u` : printRate(ts.percent);
      const desc = ts.description === undefined ? '' : ` ${ts.description}`;
      lines.push({ kind: 'pair', left: `  T.S.${desc} ${what}`, right: printMinor(f.specific, cur) });
    }
    if (item.original_price !== undefined) {
      const why = item.price_change === undefined ? '' : ` (${item.price_change})`;
      lines.push({ kind: 'text', text: `  Prix d'origine ${printAmount(item.original_price, cur)}${why}`, align: 'left' });
    }
  });
  return lines;
}

function totalsBlock(inv: SealedInvoice): LayoutLine[] {
  const cur = inv.currency;
  const lines: LayoutLine[] = [];
  const exempt: LayoutLine[] = [];
  for (const g of inv.tax_groups) {
    const ht = mustAmount(g.ht, `tax_groups.${g.group}.ht`);
    const vat = mustAmount(g.vat, `tax_groups.${g.group}.vat`);
    const ttc = mustAmount(g.ttc, `tax_groups.${g.group}.ttc`);
    if (g.group === 'A') {
      if (ttc !== 0n) exempt.push({ kind: 'pair', left: 'Total EXONERES [A]', right: printMinor(ttc, cur) });
      continue;
    }
    const rate = printRate(g.rate);
    if (ht !== 0n) lines.push({ kind: 'pair', left: `Total H.T.[${g.group}] ${rate}`, right: printMinor(ht, cur) });
    if (vat !== 0n) lines.push({ kind: 'pair', left: `Total TVA [${g.group}] ${rate}`, right: printMinor(vat, cur) });
  }
  lines.push(...exempt);
  if (mustAmount(inv.totals.specific, 'totals.specific') !== 0n) {
    lines.push({ kind: 'pair', left: 'Total T.S.', right: printAmount(inv.totals.specific, cur) });
  }
  lines.push({ kind: 'blank' });
  lines.push({ kind: 'pair', left: 'Total TVA', right: printAmount(inv.totals.vat, cur, 'totals.vat') });
  lines.push({ kind: 'blank' });
  lines.push({ kind: 'pair', left: 'TOTAL TTC', right: printAmount(inv.totals.ttc, cur, 'totals.ttc'), bold: true });
  if (inv.usd_rate !== undefined) {
    const rate = mustAmount(inv.usd_rate.rate, 'usd_rate.rate');
    const other = cur === 'CDF' ? 'USD' : 'CDF';
    const equivalent = convertAmount(mustAmount(inv.totals.ttc, 'totals.ttc'), cur, other, rate);
    lines.push({ kind: 'pair', left: `Contre-valeur ${other}`, right: `${printMinor(equivalent, other)} ${other}` });
    lines.push({ kind: 'pair', left: `Taux du ${printDate(inv.usd_rate.date)}`, right: `1 USD = ${printMinor(rate, 'CDF')} CDF` });
  }
  return lines;
}

function paymentsBlock(inv: SealedInvoice): LayoutLine[] {
  const cur = inv.currency;
  const lines: LayoutLine[] = [];
  let paid = 0n;
  for (const [i, p] of inv.payments.entries()) {
    const tendered = mustAmount(p.amount, `payments[${i}].amount`);
    if (p.currency === cur) {
      paid += tendered;
      lines.push({ kind: 'pair', left: `${PAYMENT_LABELS[p.method]}:`, right: printMinor(tendered, cur) });
      continue;
    }
    if (inv.usd_rate === undefined) throw new PrinterError('bad-layout-input', `payments[${i}] in ${p.currency} without usd_rate`);
    paid += convertAmount(tendered, p.currency, cur, mustAmount(inv.usd_rate.rate, 'usd_rate.rate'));
    lines.push({ kind: 'pair', left: `${PAYMENT_LABELS[p.method]} (${p.currency}):`, right: `${printMinor(tendered, p.currency)} ${p.currency}` });
  }
  const change = paid - mustAmount(inv.totals.ttc, 'totals.ttc');
  if (change > 0n) lines.push({ kind: 'pair', left: 'RENDU:', right: printMinor(change, cur), bold: true });
  lines.push({ kind: 'pair', left: "Nombre d'articles:", right: String(inv.items.length) });
  return lines;
}

function commentsBlock(inv: SealedInvoice): LayoutLine[] {
  const c = inv.comments;
  if (c === undefined) return [];
  const texts = Object.entries(c)
    .sort(([a], [b]) => a.localeCompare(b))
    .filter(([, t]) => t !== undefined && t !== '')
    .map(([, t]): LayoutLine => ({ kind: 'text', text: t ?? '', align: 'left' }));
  return texts.length === 0 ? [] : [{ kind: 'blank' }, ...texts];
}

/** CODE DEF/DGI, DEF NIM, DEF Compteurs, DEF Heure and the QR (protocol §2 and §5, error correction M). */
export function securityBlock(inv: SealedInvoice): LayoutLine[] {
  const s = inv.security;
  return [
    { kind: 'text', text: 'CODE DEF/DGI', align: 'center' },
    { kind: 'text', text: printCode(s.code, s.mode === 'device' ? 'device' : 'own'), align: 'center', bold: true },
    { kind: 'pair', left: 'DEF NIM:', right: s.authority_id },
    { kind: 'pair', left: 'DEF Compteurs:', right: printCounters(s.counters) },
    { kind: 'pair', left: 'DEF Heure:', right: printDgiTime(s.timestamp) },
    { kind: 'blank' },
    { kind: 'qr', payload: s.qr, errorLevel: 'M' },
  ];
}

const DUPLICATA: LayoutLine = { kind: 'text', text: 'DUPLICATA', align: 'center', bold: true, size: 'double' };

/** The receipt of a sealed invoice. Refuses an invoice without security elements: no fiscal receipt before sealing. */
export function invoiceLayout(inv: SealedInvoice, merchant: Merchant, options: ReceiptOptions = {}): Layout {
  const s = (inv as Partial<SealedInvoice>).security;
  if (s === undefined || s.code === '' || s.qr === '') throw new PrinterError('not-sealed', inv.client_invoice_id);
  const dup = options.duplicate === true;
  const lines: LayoutLine[] = [
    ...(dup ? [DUPLICATA, { kind: 'blank' } as const] : []),
    ...merchantHeader(merchant),
    { kind: 'blank' },
    ...typeBlock(inv),
    { kind: 'blank' },
    ...partiesBlock(inv, merchant),
    { kind: 'blank' },
    { kind: 'rule', char: '-' },
    ...itemsBlock(inv),
    { kind: 'rule', char: '_' },
    { kind: 'blank' },
    ...totalsBlock(inv),
    { kind: 'blank' },
    ...paymentsBlock(inv),
    ...commentsBlock(inv),
    { kind: 'blank' },
    ...securityBlock(inv),
    ...(dup ? [{ kind: 'blank' } as const, DUPLICATA] : []),
  ];
  return { lines, cut: true, openDrawer: options.openDrawer === true && !dup };
}
