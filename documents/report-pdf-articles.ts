// Rapport A (sales per article) as an A4 PDF: a table per currency repeated across pages, top articles and groups as charts.
import type { ArticleReport, ArticleSection } from '../fiscal/reports';
import { formatAmount } from '../fiscal/money';
import { parseReportAmount } from '../fiscal/reports';
import type { Merchant } from './merchant';
import { rowChart, type Bar } from './pdf-charts';
import { fitText, GREY, LIGHT, type PdfCanvas } from './pdf-canvas';
import { createFlow, type PdfFlow } from './pdf-flow';
import { buildPdf } from './pdf-writer';
import { printIsoTime } from './print-format';
import { pdfAmount } from './report-pdf-text';

type Col = { title: string; width: number; align: 'left' | 'right' };
const COLS: Col[] = [
  { title: 'Code', width: 62, align: 'left' },
  { title: 'Article', width: 0, align: 'left' },
  { title: 'Grp', width: 26, align: 'left' },
  { title: 'Quantité', width: 55, align: 'right' },
  { title: 'dont avoirs', width: 52, align: 'right' },
  { title: 'Total H.T.', width: 78, align: 'right' },
  { title: 'Total T.T.C.', width: 78, align: 'right' },
];
const ROW = 13;
const SIZE = 8;

function columnsX(left: number, right: number): { x: number; w: number; col: Col }[] {
  const fixed = COLS.reduce((a, c) => a + c.width, 0);
  const flex = right - left - fixed;
  let x = left;
  return COLS.map((col) => {
    const w = col.width === 0 ? flex : col.width;
    const at = { x, w, col };
    x += w;
    return at;
  });
}

function row(c: PdfCanvas, y: number, left: number, right: number, cells: string[], bold = false): void {
  const font = bold ? 'Helvetica-Bold' : 'Helvetica';
  columnsX(left, right).forEach(({ x, w, col }, i) => {
    const text = fitText(cells[i] ?? '', font, SIZE, w - 6);
    c.text(col.align === 'right' ? x + w - 3 : x + 3, y + ROW - 4, text, { font, size: SIZE, align: col.align });
  });
}

function header(c: PdfCanvas, y: number, left: number, right: number): number {
  c.rect(left, y, right - left, ROW, LIGHT);
  row(c, y, left, right, COLS.map((col) => col.title), true);
  return y + ROW;
}

const qty = (q: string) => q.replace('.', ',');

function sectionTable(flow: PdfFlow, s: ArticleSection): void {
  const cur = s.currency;
  flow.ensure(ROW * 4);
  flow.canvas.text(flow.left, flow.y + 12, `Articles vendus en ${cur}`, { font: 'Helvetica-Bold', size: 11 });
  flow.canvas.text(flow.right, flow.y + 12, `${s.invoice_count} facture(s), ${s.credit_count} avoir(s)`, { size: 8, align: 'right', color: GREY });
  flow.y = header(flow.canvas, flow.y + 18, flow.left, flow.right);
  s.articles.forEach((a, i) => {
    if (flow.y + ROW > flow.bottom) {
      flow.newPage();
      flow.y = header(flow.canvas, flow.y, flow.left, flow.right);
    }
    if (i % 2 === 1) flow.canvas.rect(flow.left, flow.y, flow.right - flow.left, ROW, [0.96, 0.96, 0.96]);
    row(flow.canvas, flow.y, flow.left, flow.right, [a.code, a.name, a.tax_group, qty(a.quantity), a.credited_quantity === '0' ? '' : qty(a.credited_quantity), pdfAmount(a.ht, cur), pdfAmount(a.ttc, cur)]);
    flow.y += ROW;
  });
  flow.ensure(ROW + 4);
  flow.canvas.line(flow.left, flow.y, flow.right, flow.y, 0.8);
  row(flow.canvas, flow.y, flow.left, flow.right, ['', 'TOTAL', '', '', '', pdfAmount(s.totals.ht, cur), pdfAmount(s.totals.ttc, cur)], true);
  flow.y += ROW + 14;
}

function sectionCharts(flow: PdfFlow, s: ArticleSection): void {
  const cur = s.currency;
  const num = (w: string) => Number(parseReportAmount(w) ?? 0n) / 100;
  const top: Bar[] = s.articles.slice(0, 10).map((a) => ({ label: `${a.name}`, value: num(a.ttc), text: pdfAmount(a.ttc, cur) }));
  const groups = new Map<string, bigint>();
  for (const a of s.articles) groups.set(a.tax_group, (groups.get(a.tax_group) ?? 0n) + (parseReportAmount(a.ttc) ?? 0n));
  const byGroup: Bar[] = [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([g, v]) => ({ label: `Groupe ${g}`, value: Number(v) / 100, text: pdfAmount(formatAmount(v), cur) }));
  const half = (flow.right - flow.left - 20) / 2;
  const h = 11 * (Math.max(top.length, byGroup.length) + 2) + 10;
  flow.ensure(h);
  const used = Math.max(
    rowChart(flow.canvas, flow.left, flow.y, half, `Meilleurs articles (T.T.C., ${cur})`, top, 7),
    rowChart(flow.canvas, flow.left + half + 20, flow.y, half, `Par groupe de taxation (T.T.C., ${cur})`, byGroup, 7),
  );
  flow.y += used + 18;
}

/** Rapport A on A4: title, period, one table per currency (header repeated on each page), then its charts. */
export function articleReportPdf(report: ArticleReport, merchant: Merchant, options: { printed_at?: string; created_at?: Date } = {}): Uint8Array {
  const flow = createFlow({ footer: `Rapport A — ${merchant.name}` });
  const c = flow.canvas;
  c.text(flow.left, flow.y + 14, merchant.name, { font: 'Helvetica-Bold', size: 14 });
  c.text(flow.left, flow.y + 28, `NIF ${merchant.nif} — RCCM ${merchant.rccm}`, { size: 8 });
  c.text(flow.left, flow.y + 39, merchant.city === undefined ? merchant.address : `${merchant.address}, ${merchant.city}`, { size: 8 });
  c.text(flow.right, flow.y + 14, 'RAPPORT A', { font: 'Helvetica-Bold', size: 16, align: 'right' });
  c.text(flow.right, flow.y + 28, 'Ventes par article, avoirs déduits', { size: 9, align: 'right' });
  c.text(flow.right, flow.y + 39, `Du ${printIsoTime(report.period.from)} au ${printIsoTime(report.period.to)} (exclu)`, { size: 8, align: 'right' });
  if (options.printed_at !== undefined) c.text(flow.right, flow.y + 50, `Imprimé le ${printIsoTime(options.printed_at)}`, { size: 8, align: 'right', color: GREY });
  flow.y += 62;
  c.line(flow.left, flow.y, flow.right, flow.y, 1);
  flow.y += 12;
  if (report.sections.length === 0) {
    c.text(flow.left, flow.y + 10, 'Aucune vente sur la période.', { size: 10, color: GREY });
    flow.y += 20;
  }
  for (const s of report.sections) {
    sectionTable(flow, s);
    sectionCharts(flow, s);
  }
  return buildPdf(flow.pages(), { title: `Rapport A — ${merchant.name}`, subject: `${report.period.from} — ${report.period.to}`, author: merchant.name, ...(options.created_at === undefined ? {} : { created_at: options.created_at }) });
}
