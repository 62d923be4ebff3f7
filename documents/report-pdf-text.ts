// Writing helpers shared by the PDF documents: signed amounts as the DGI prints them, and a receipt-width text column.
import type { Currency } from '../fiscal/invoice-types';
import { formatDgiAmount } from '../fiscal/money';
import { parseReportAmount } from '../fiscal/reports';
import { createCanvas, fitText, GREY, type PdfCanvas, type Rgb } from './pdf-canvas';
import { textWidth, type PdfFont } from './pdf-fonts';
import type { PdfPage } from './pdf-writer';
import { PrinterError } from './document-error';

/** A wire amount, possibly negative, as printed: "4.064", "-464", "1.234,50". */
export function pdfAmount(wire: string, currency: Currency, field = 'amount'): string {
  const m = parseReportAmount(wire);
  if (m === null) throw new PrinterError('bad-layout-input', `${field}: "${wire}" is not an amount`);
  return formatDgiAmount(m, currency);
}

/** The same with its currency when it is not the one the section is in. */
export function pdfMoney(wire: string, currency: Currency, sectionCurrency: Currency): string {
  const text = pdfAmount(wire, currency);
  return currency === sectionCurrency ? text : `${text} ${currency}`;
}

export type ColumnStyle = { bold?: boolean; size?: number; color?: Rgb; mono?: boolean };

/** A single column that grows downwards, for the 80 mm documents whose height is known only at the end. */
export type Column = {
  readonly canvas: PdfCanvas;
  y: number;
  readonly left: number;
  readonly right: number;
  readonly width: number;
  text(text: string, align?: 'left' | 'center' | 'right', style?: ColumnStyle): void;
  pair(label: string, value: string, style?: ColumnStyle): void;
  rule(dashed?: boolean): void;
  gap(points?: number): void;
  heading(text: string): void;
  finish(): PdfPage;
};

const fontOf = (s: ColumnStyle): PdfFont => (s.mono ? (s.bold ? 'Courier-Bold' : 'Courier') : s.bold ? 'Helvetica-Bold' : 'Helvetica');

export function createColumn(pageWidth: number, margin: number, baseSize = 8): Column {
  const canvas = createCanvas(pageWidth);
  const col: Column = {
    canvas,
    y: margin,
    left: margin,
    right: pageWidth - margin,
    width: pageWidth - 2 * margin,
    text(text, align = 'left', style = {}) {
      const size = style.size ?? baseSize;
      const font = fontOf(style);
      const fitted = fitText(text, font, size, col.width);
      col.y += size + 2;
      const x = align === 'left' ? col.left : align === 'right' ? col.right : pageWidth / 2;
      canvas.text(x, col.y, fitted, { font, size, align, ...(style.color === undefined ? {} : { color: style.color }) });
      col.y += 1;
    },
    pair(label, value, style = {}) {
      const size = style.size ?? baseSize;
      const font = fontOf(style);
      col.y += size + 2;
      // The value is what matters: it keeps up to 70 % of the width, the label takes what is left.
      const valueText = fitText(value, font, size, col.width * 0.7);
      canvas.text(col.right, col.y, valueText, { font, size, align: 'right' });
      const room = col.width - textWidth(valueText, font, size) - 4;
      canvas.text(col.left, col.y, fitText(label, font, size, room), { font, size });
      col.y += 1;
    },
    rule(dashed = false) {
      col.y += 3;
      if (dashed) for (let x = col.left; x < col.right; x += 4) canvas.line(x, col.y, Math.min(x + 2, col.right), col.y, 0.4, GREY);
      else canvas.line(col.left, col.y, col.right, col.y, 0.6);
      col.y += 2;
    },
    gap(points = baseSize / 2) {
      col.y += points;
    },
    heading(text) {
      col.gap(3);
      col.rule();
      col.text(text, 'left', { bold: true, size: baseSize + 1 });
    },
    finish() {
      return canvas.finish(col.y + margin);
    },
  };
  return col;
}
