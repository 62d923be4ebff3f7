// Renders a fitted document to a self-contained HTML fragment for the on-screen preview, exactly as printed, QR as inline SVG.
import { SIZE_FACTORS } from './escpos';
import type { Layout } from './layout-model';
import type { PaperWidth } from './paper';
import { qrMatrix } from '../../documents/qr-matrix';
import { fitLayout, type FittedDocument, type PrintRow } from './text-fit';

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

/** The QR as an SVG of dark modules with a four-module quiet zone; one path keeps it small. */
export function qrSvg(payload: string, errorLevel: 'L' | 'M' | 'Q' | 'H', pixelsPerModule = 4): string {
  const m = qrMatrix(payload, errorLevel);
  const q = 4;
  const side = m.size + 2 * q;
  let d = '';
  for (let r = 0; r < m.size; r++) {
    for (let c = 0; c < m.size; c++) if (m.isDark(r, c)) d += `M${c + q} ${r + q}h1v1h-1z`;
  }
  const px = side * pixelsPerModule;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="qr" width="${px}" height="${px}" viewBox="0 0 ${side} ${side}" ` +
    `shape-rendering="crispEdges" role="img" aria-label="${escapeHtml(payload)}" data-payload="${escapeHtml(payload)}">` +
    `<rect width="${side}" height="${side}" fill="#fff"/><path fill="#000" d="${d}"/></svg>`
  );
}

function rowHtml(row: PrintRow): string {
  if (row.kind === 'feed') return '<div class="row"> </div>'.repeat(row.lines);
  if (row.kind === 'qr') return `<div class="row qr-row">${qrSvg(row.payload, row.errorLevel)}</div>`;
  const f = SIZE_FACTORS[row.size];
  const classes = ['row', row.bold ? 'bold' : '', f.width === 2 ? 'dw' : '', f.height === 2 ? 'dh' : ''].filter((c) => c !== '');
  return `<div class="${classes.join(' ')}">${escapeHtml(row.text) || ' '}</div>`;
}

const STYLE =
  '.receipt{font-family:"DejaVu Sans Mono",Consolas,monospace;font-size:13px;line-height:1.35;background:#fff;color:#000;' +
  'padding:12px;white-space:pre;display:inline-block}.receipt .bold{font-weight:bold}' +
  '.receipt .dw{transform:scaleX(2);transform-origin:left}.receipt .dh{font-size:26px;line-height:1.2}' +
  '.receipt .dw.dh{transform:none;font-size:26px;letter-spacing:0}.receipt .qr-row{text-align:center;padding:6px 0}' +
  '.receipt .cut{border-top:1px dashed #999;margin-top:8px}';

/** A <div class="receipt"> with its own <style>, width in characters of the paper. */
export function renderHtmlFromDocument(doc: FittedDocument): string {
  const cols = doc.paper === '58mm' ? 32 : 48;
  const body = doc.rows.map(rowHtml).join('');
  return (
    `<style>${STYLE}</style><div class="receipt" data-paper="${doc.paper}" style="width:${cols}ch">${body}` +
    `${doc.cut ? '<div class="cut"></div>' : ''}</div>`
  );
}

export function renderHtml(layout: Layout, paper: PaperWidth): string {
  return renderHtmlFromDocument(fitLayout(layout, paper));
}
