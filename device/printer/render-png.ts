// Renders a fitted document to a PNG "paper" image: 203 dpi dots, font A cells of 12x24, the QR at its module size.
import { PNG } from 'pngjs';
import { SIZE_FACTORS } from './escpos';
import { ACCENT_ROWS, glyphOf } from './bitmap-font';
import type { Layout } from './layout-model';
import { paperSpec, type PaperWidth } from './paper';
import { qrMatrix, type QrMatrix } from '../../documents/qr-matrix';
import { fitLayout, type FittedDocument, type PrintRow } from './text-fit';

const CELL_W = 12;
const CELL_H = 24;
const QUIET_MODULES = 4;

type Canvas = { width: number; height: number; dots: Uint8Array };

function rowHeight(row: PrintRow, qr: QrMatrix | undefined): number {
  if (row.kind === 'text') return CELL_H * SIZE_FACTORS[row.size].height;
  if (row.kind === 'feed') return CELL_H * row.lines;
  return ((qr?.size ?? 0) + 2 * QUIET_MODULES) * row.moduleDots;
}

function fill(c: Canvas, x: number, y: number, w: number, h: number): void {
  const x0 = Math.max(0, x);
  const x1 = Math.min(c.width, x + w);
  const y1 = Math.min(c.height, y + h);
  for (let yy = Math.max(0, y); yy < y1; yy++) c.dots.fill(1, yy * c.width + x0, yy * c.width + x1);
}

function drawText(c: Canvas, row: Extract<PrintRow, { kind: 'text' }>, top: number): void {
  const f = SIZE_FACTORS[row.size];
  const sx = 2 * f.width;
  const sy = 2 * f.height;
  let x = 0;
  for (const ch of row.text) {
    const g = glyphOf(ch);
    const gx = x + sx;
    const gy = top + 4 * f.height;
    g.columns.forEach((bits, col) => {
      for (let r = 0; r < 8; r++) {
        if (((bits >> r) & 1) === 0) continue;
        fill(c, gx + col * sx, gy + r * sy, row.bold ? sx + 1 : sx, sy);
      }
    });
    if (g.accent !== null) {
      const rows = ACCENT_ROWS[g.accent];
      const ay = g.accent === 'cedilla' ? gy + 8 * sy - 2 * f.height : top;
      rows.forEach((pattern, r) => {
        Array.from(pattern).forEach((p, col) => {
          if (p === 'X') fill(c, gx + col * sx, ay + r * 2 * f.height, sx, 2 * f.height);
        });
      });
    }
    x += CELL_W * f.width;
  }
}

function drawQr(c: Canvas, row: Extract<PrintRow, { kind: 'qr' }>, m: QrMatrix, top: number): void {
  const side = m.size * row.moduleDots;
  const left = Math.floor((c.width - side) / 2);
  const y0 = top + QUIET_MODULES * row.moduleDots;
  for (let r = 0; r < m.size; r++) {
    for (let col = 0; col < m.size; col++) {
      if (m.isDark(r, col)) fill(c, left + col * row.moduleDots, y0 + r * row.moduleDots, row.moduleDots, row.moduleDots);
    }
  }
}

/** The document as black dots on white paper (1 = black), before PNG encoding. */
export function rasterize(doc: FittedDocument): Canvas {
  const width = paperSpec(doc.paper).dots;
  const qrs = doc.rows.map((r) => (r.kind === 'qr' ? qrMatrix(r.payload, r.errorLevel) : undefined));
  const heights = doc.rows.map((r, i) => rowHeight(r, qrs[i]));
  const height = heights.reduce((h, x) => h + x, 0) + CELL_H * 2;
  const c: Canvas = { width, height, dots: new Uint8Array(width * height) };
  let y = CELL_H;
  doc.rows.forEach((row, i) => {
    const qr = qrs[i];
    if (row.kind === 'text') drawText(c, row, y);
    else if (row.kind === 'qr' && qr !== undefined) drawQr(c, row, qr, y);
    y += heights[i] ?? 0;
  });
  return c;
}

/** Grayscale PNG, no filtering: a receipt is flat black on white and deflates well as it is. */
export function renderPngFromDocument(doc: FittedDocument): Buffer {
  const c = rasterize(doc);
  const png = new PNG({ width: c.width, height: c.height, colorType: 0, inputColorType: 0, inputHasAlpha: false, bitDepth: 8 });
  const data = Buffer.alloc(c.width * c.height);
  for (let i = 0; i < c.dots.length; i++) data[i] = c.dots[i] === 1 ? 0 : 255;
  png.data = data;
  return PNG.sync.write(png, { colorType: 0, inputColorType: 0, inputHasAlpha: false, filterType: 0 });
}

/** The layout printed on the given paper, as a PNG file's bytes. */
export function renderPng(layout: Layout, paper: PaperWidth): Buffer {
  return renderPngFromDocument(fitLayout(layout, paper));
}
