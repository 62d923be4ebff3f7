// Rapport X and Clôture Z as an 80 mm PDF: every figure of each currency, charts by hour, group and payment, the Z's seal.
import type { Currency, PaymentMethod } from '../fiscal/invoice-types';
import { formatAmount } from '../fiscal/money';
import { parseReportAmount, type ReportCurrencySection, type XReport, type ZReport } from '../fiscal/reports';
import { PAYMENT_LABELS, TYPE_NAMES } from './labels';
import type { Merchant } from './merchant';
import { columnChart, rowChart, type Bar } from './pdf-charts';
import { GREY } from './pdf-canvas';
import { RECEIPT_80MM_WIDTH } from './pdf-flow';
import { buildPdf } from './pdf-writer';
import { printCode, printDgiTime, printIsoTime, printRate } from './print-format';
import { createColumn, pdfAmount, pdfMoney, type Column } from './report-pdf-text';

export { articleReportPdf } from './report-pdf-articles';
export { invoicePdf } from './report-pdf-invoice';

/** A Z's security elements once the caller sealed it (fiscal/report-seal.ts); `qr` only if the caller made one. */
export type ReportSeal = { code: string; authority_id: string; timestamp: string; qr?: string };
export type ReportPdfOptions = { seal?: ReportSeal; printed_at?: string; created_at?: Date };

const SALE_TYPES = ['FV', 'FT', 'EV', 'ET'] as const;
/** Chart labels, short enough for a third of an 80 mm line (UX.md's words). */
const SHORT_METHODS: Readonly<Record<PaymentMethod, string>> = { E: 'Espèces', V: 'Virement', C: 'Carte', M: 'Mobile money', D: 'Chèque', A: 'Autre' };
const num = (wire: string): number => Number(parseReportAmount(wire) ?? 0n) / 100;

function typeRows(col: Column, s: ReportCurrencySection, types: readonly string[]): void {
  const rows = s.by_type.filter((t) => types.includes(t.type));
  if (rows.length === 0) col.text('Aucune', 'left', { color: GREY });
  for (const t of rows) col.pair(`${t.type} ${TYPE_NAMES[t.type]} (${t.count})`, pdfAmount(t.ttc, s.currency));
}

/** "14h" for `2026-11-25T14:00:00+01:00`; every hour between the first and the last, empty ones at zero. */
export function hourBars(s: ReportCurrencySection): Bar[] {
  if (s.by_hour.length === 0) return [];
  const byKey = new Map(s.by_hour.map((h) => [h.hour, h]));
  const first = Date.parse(s.by_hour[0]!.hour);
  const last = Date.parse(s.by_hour[s.by_hour.length - 1]!.hour);
  const bars: Bar[] = [];
  for (let t = first; t <= last; t += 3_600_000) {
    const key = new Date(t + 3_600_000).toISOString().slice(0, 13).concat(':00:00+01:00'); // Kinshasa wall hour
    const h = byKey.get(key);
    bars.push({ label: `${key.slice(11, 13)}h`, value: h === undefined ? 0 : num(h.ttc), text: h === undefined ? '0' : pdfAmount(h.ttc, s.currency) });
  }
  return bars;
}

function section(col: Column, s: ReportCurrencySection): void {
  const cur = s.currency;
  col.gap(4);
  col.text(`FIGURES EN ${cur}`, 'center', { bold: true, size: 10 });
  col.heading('VENTES');
  typeRows(col, s, SALE_TYPES);
  col.heading('AVOIRS');
  typeRows(col, s, ['FA', 'EA']);
  col.heading('PAR GROUPE DE TAXATION');
  for (const g of s.by_group) {
    col.text(g.group === 'A' ? 'Groupe A (EXONÉRÉS)' : `Groupe ${g.group} ${printRate(g.rate)}`, 'left', { bold: true });
    col.pair('   T.T.C.', pdfAmount(g.ttc, cur));
    col.pair('   H.T.', pdfAmount(g.ht, cur));
    if (g.vat !== '0.00') col.pair('   TVA', pdfAmount(g.vat, cur));
    if (g.specific !== '0.00') col.pair('   T.S.', pdfAmount(g.specific, cur));
  }
  col.rule(true);
  col.pair('Total H.T.', pdfAmount(s.totals.ht, cur));
  col.pair('Total TVA', pdfAmount(s.totals.vat, cur));
  if (s.totals.specific !== '0.00') col.pair('Total T.S.', pdfAmount(s.totals.specific, cur));
  col.pair('TOTAL TTC (net des avoirs)', pdfAmount(s.totals.ttc, cur), { bold: true, size: 9 });
  col.heading('PAIEMENTS');
  if (s.payments.length === 0) col.text('Aucun', 'left', { color: GREY });
  for (const p of s.payments) col.pair(p.currency === cur ? PAYMENT_LABELS[p.method] : `${PAYMENT_LABELS[p.method]} (${p.currency})`, pdfMoney(p.amount, p.currency, cur));
  if (s.change_given !== '0.00') col.pair('dont rendu monnaie (déduit des espèces)', pdfAmount(s.change_given, cur));

  col.heading('GRAPHIQUES');
  col.gap(2);
  const max = s.by_hour.reduce((m, h) => {
    const v = parseReportAmount(h.ttc) ?? 0n;
    return v > m ? v : m;
  }, 0n);
  col.y += columnChart(col.canvas, col.left, col.y, col.width, 60, `Ventes par heure (T.T.C., ${cur})`, hourBars(s), `max ${pdfAmount(formatAmount(max), cur)}`);
  col.gap(6);
  const groups = s.by_group.map((g): Bar => ({ label: g.group === 'A' ? 'A exonéré' : `${g.group} ${printRate(g.rate)}`, value: num(g.ttc), text: pdfAmount(g.ttc, cur) }));
  col.y += rowChart(col.canvas, col.left, col.y, col.width, 'Par groupe de taxation (T.T.C.)', groups);
  col.gap(6);
  // A payment in the other currency gets no bar: without a rate, its length would compare dollars with francs.
  const pays = s.payments.map((p): Bar => ({
    label: p.currency === cur ? SHORT_METHODS[p.method] : `${SHORT_METHODS[p.method]} (${p.currency})`,
    value: p.currency === cur ? num(p.amount) : 0,
    text: pdfMoney(p.amount, p.currency, cur),
  }));
  col.y += rowChart(col.canvas, col.left, col.y, col.width, 'Par mode de paiement', pays);
}

function counters(col: Column, r: XReport | ZReport): void {
  const f = r.figures;
  col.heading('COMPTEURS');
  col.pair('Factures de la période', String(f.invoice_count));
  col.pair('Premier numéro', f.numbers.first === null ? '-' : String(f.numbers.first));
  col.pair('Dernier numéro', f.numbers.last === null ? '-' : String(f.numbers.last));
  for (const d of f.device_numbers) col.pair(`MCF ${d.authority_id} (TC)`, `${d.first} à ${d.last} (${d.count})`);
  if (f.unaccounted_numbers.length > 0) {
    const list = f.unaccounted_numbers.map((g) => (g.from === g.to ? String(g.from) : `${g.from}-${g.to}`)).join(', ');
    col.pair('Numéros en attente', list);
  }
  col.pair('Numéros annulés (void)', String(f.voided_count));
  for (const v of f.voided) col.text(`   No ${v.fiscal_number} : ${v.reason}`, 'left', { size: 7 });
  col.pair('Ventes annulées', String(f.cancelled_count));
  col.pair('Tiroir ouvert sans vente', String(f.drawer_opens_without_sale));
  col.pair('Factures non transmises', String(f.not_uploaded_count));
  col.pair('Dernière transmission', f.last_upload_at === null ? 'jamais' : printIsoTime(f.last_upload_at));
}

/** The X or Z of `report` as a one-page 80 mm PDF, as tall as its content; every currency in turn, CDF first. */
export function reportPdf(report: XReport | ZReport, merchant: Merchant, options: ReportPdfOptions = {}): Uint8Array {
  const isZ = report.kind === 'Z';
  const col = createColumn(RECEIPT_80MM_WIDTH, 10);
  col.text(merchant.name, 'center', { bold: true, size: 10 });
  col.pair('NIF:', merchant.nif);
  col.text(merchant.city === undefined ? merchant.address : `${merchant.address}, ${merchant.city}`, 'center');
  col.gap(6);
  col.text(isZ ? `CLÔTURE Z No ${report.z_number}` : 'RAPPORT X', 'center', { bold: true, size: 14 });
  col.text(isZ ? 'Clôture : remise à zéro de la période' : 'Lecture : sans remise à zéro', 'center');
  col.gap(4);
  col.pair('Du:', printIsoTime(report.period.from));
  col.pair('Au:', printIsoTime(report.period.to));
  col.pair('Imprimé le:', printIsoTime(options.printed_at ?? report.taken_at));
  if (report.authority_id !== undefined) col.pair('DEF NIM:', report.authority_id);
  if (report.pos_terminal_id !== undefined) col.pair('Caisse:', report.pos_terminal_id);
  if (report.cashier_name !== undefined) col.pair('Opérateur:', report.cashier_name);
  if (!isZ) col.pair('Prochaine clôture:', `Z No ${report.z_number}`);
  if (report.figures.sections.length === 0) {
    col.gap(4);
    col.text('Aucune facture dans la période', 'center', { color: GREY });
  }
  for (const s of report.figures.sections) section(col, s);
  counters(col, report);
  col.gap(3);
  col.rule();
  for (const g of report.grand_totals) col.pair(`GRAND TOTAL ${g.currency}`, pdfAmount(g.ttc, g.currency as Currency), { bold: true, size: 9 });
  const seal = options.seal;
  if (seal !== undefined) {
    col.gap(6);
    col.text('CODE DEF/DGI', 'center');
    col.text(printCode(seal.code, 'own'), 'center', { bold: true, mono: true });
    col.pair('DEF NIM:', seal.authority_id);
    col.pair('DEF Heure:', printDgiTime(seal.timestamp));
    if (seal.qr !== undefined) {
      col.gap(6);
      const size = 110;
      col.canvas.qr((RECEIPT_80MM_WIDTH - size) / 2, col.y, size, seal.qr);
      col.y += size;
    }
  }
  if (!isZ) {
    col.gap(6);
    col.text('CECI N’EST PAS UNE CLÔTURE', 'center', { bold: true });
  }
  const title = isZ ? `Clôture Z No ${report.z_number}` : 'Rapport X';
  return buildPdf([col.finish()], { title: `${title} — ${merchant.name}`, subject: `${report.period.from} — ${report.period.to}`, author: merchant.name, ...(options.created_at === undefined ? {} : { created_at: options.created_at }) });
}
