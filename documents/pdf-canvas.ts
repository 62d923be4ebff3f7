// Drawing on one PDF page in top-down coordinates (y grows downwards), so a receipt's height can be fixed at the end.
import { textWidth, type PdfFont } from './pdf-fonts';
import { FONT_RESOURCE, pdfNumber as n, pdfString, type PdfPage } from './pdf-writer';
import { qrMatrix } from './qr-matrix';

/** A colour as red, green, blue from 0 to 1. */
export type Rgb = readonly [number, number, number];
export const BLACK: Rgb = [0, 0, 0];
export const GREY: Rgb = [0.45, 0.45, 0.45];
export const LIGHT: Rgb = [0.85, 0.85, 0.85];

export type TextStyle = { font?: PdfFont; size?: number; color?: Rgb; align?: 'left' | 'center' | 'right' };

export type PdfCanvas = {
  readonly width: number;
  /** Text with its baseline at y; x is its left edge, centre or right edge by `align`. */
  text(x: number, y: number, text: string, style?: TextStyle): void;
  line(x1: number, y1: number, x2: number, y2: number, width?: number, color?: Rgb): void;
  rect(x: number, y: number, w: number, h: number, fill: Rgb): void;
  frame(x: number, y: number, w: number, h: number, width?: number, color?: Rgb): void;
  /** A QR symbol (error correction M, byte mode) with its top-left corner at (x, y), `size` points wide with no quiet zone. */
  qr(x: number, y: number, size: number, payload: string): void;
  /** The page, `height` points tall: operators are written now that y can be flipped. */
  finish(height: number): PdfPage;
};

const rgb = (c: Rgb, op: 'rg' | 'RG') => `${n(c[0])} ${n(c[1])} ${n(c[2])} ${op}`;

/** The text cut with an ellipsis so it fits `max` points. */
export function fitText(text: string, font: PdfFont, size: number, max: number): string {
  if (textWidth(text, font, size) <= max) return text;
  let cut = text;
  while (cut.length > 0 && textWidth(`${cut}…`, font, size) > max) cut = cut.slice(0, -1);
  return `${cut}…`;
}

/** Words wrapped to lines no wider than `max` points; a word longer than a line is cut. */
export function wrapText(text: string, font: PdfFont, size: number, max: number): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(/\s+/).filter((w) => w !== '')) {
    const tryLine = current === '' ? word : `${current} ${word}`;
    if (textWidth(tryLine, font, size) <= max) current = tryLine;
    else {
      if (current !== '') lines.push(current);
      current = fitText(word, font, size, max);
    }
  }
  if (current !== '') lines.push(current);
  return lines.length === 0 ? [''] : lines;
}

export function createCanvas(width: number): PdfCanvas {
  const ops: ((h: number) => string)[] = [];
  return {
    width,
    text(x, y, text, style = {}) {
      const font = style.font ?? 'Helvetica';
      const size = style.size ?? 9;
      const w = textWidth(text, font, size);
      const left = style.align === 'right' ? x - w : style.align === 'center' ? x - w / 2 : x;
      const color = style.color ?? BLACK;
      ops.push((h) => `${rgb(color, 'rg')}\nBT /${FONT_RESOURCE[font]} ${n(size)} Tf 1 0 0 1 ${n(left)} ${n(h - y)} Tm ${pdfString(text)} Tj ET`);
    },
    line(x1, y1, x2, y2, width = 0.5, color = BLACK) {
      ops.push((h) => `${rgb(color, 'RG')} ${n(width)} w ${n(x1)} ${n(h - y1)} m ${n(x2)} ${n(h - y2)} l S`);
    },
    rect(x, y, w, hh, fill) {
      ops.push((h) => `${rgb(fill, 'rg')} ${n(x)} ${n(h - y - hh)} ${n(w)} ${n(hh)} re f`);
    },
    frame(x, y, w, hh, width = 0.5, color = BLACK) {
      ops.push((h) => `${rgb(color, 'RG')} ${n(width)} w ${n(x)} ${n(h - y - hh)} ${n(w)} ${n(hh)} re S`);
    },
    qr(x, y, size, payload) {
      const m = qrMatrix(payload, 'M');
      const cell = size / m.size;
      ops.push((h) => {
        // One rectangle per run of dark modules in a row keeps the stream small; the union is the exact symbol.
        const parts: string[] = [rgb(BLACK, 'rg')];
        for (let row = 0; row < m.size; row++) {
          let col = 0;
          while (col < m.size) {
            if (!m.isDark(row, col)) {
              col++;
              continue;
            }
            const start = col;
            while (col < m.size && m.isDark(row, col)) col++;
            parts.push(`${n(x + start * cell)} ${n(h - y - (row + 1) * cell)} ${n((col - start) * cell)} ${n(cell)} re`);
          }
        }
        parts.push('f');
        return parts.join('\n');
      });
    },
    finish(height) {
      return { width, height, content: ops.map((op) => op(height)).join('\n') };
    },
  };
}
