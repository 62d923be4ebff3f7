// Simple bar charts for the owner's reports: sales by hour (columns), by tax group and by payment method (rows).
import { fitText, GREY, LIGHT, type PdfCanvas, type Rgb } from './pdf-canvas';

/** One bar: its label, its value (only the proportions matter) and the value as printed. */
export type Bar = { label: string; value: number; text: string };

const BAR: Rgb = [0.2, 0.2, 0.2];
const NEGATIVE: Rgb = [0.6, 0.6, 0.6];

const magnitude = (bars: readonly Bar[]) => Math.max(0, ...bars.map((b) => Math.abs(b.value)));

/**
 * Rows: label, a bar as long as the value's share of the largest, the printed value flush right. A negative value
 * (credit notes outweighing sales) is a lighter bar. Returns the height used.
 */
export function rowChart(c: PdfCanvas, x: number, y: number, width: number, title: string, bars: readonly Bar[], size = 7): number {
  const rowH = size + 4;
  c.text(x, y + size + 1, title, { font: 'Helvetica-Bold', size: size + 1 });
  let top = y + rowH + 3;
  if (bars.length === 0) {
    c.text(x, top + size, 'Aucune donnée', { size, color: GREY });
    return top + rowH - y;
  }
  const labelW = Math.min(width * 0.32, 90);
  const valueW = Math.min(width * 0.3, 80);
  const barX = x + labelW + 3;
  const barMax = width - labelW - valueW - 6;
  const max = magnitude(bars);
  for (const b of bars) {
    c.text(x, top + size, fitText(b.label, 'Helvetica', size, labelW), { size });
    const len = max === 0 ? 0 : (Math.abs(b.value) / max) * barMax;
    c.rect(barX, top + 1, barMax, size, [0.95, 0.95, 0.95]);
    if (len > 0) c.rect(barX, top + 1, Math.max(len, 0.75), size, b.value < 0 ? NEGATIVE : BAR);
    c.text(x + width, top + size, b.text, { size, align: 'right' });
    top += rowH;
  }
  return top - y;
}

/**
 * Columns over a baseline, one per bar, labels under them (every other one when they would crowd), the largest
 * value printed beside the title. Negative columns hang below the baseline. Returns the height used.
 */
export function columnChart(
  c: PdfCanvas, x: number, y: number, width: number, plotH: number, title: string, bars: readonly Bar[], maxText: string, size = 7,
): number {
  c.text(x, y + size + 1, title, { font: 'Helvetica-Bold', size: size + 1 });
  if (bars.length > 0) c.text(x + width, y + size + 1, maxText, { size: size - 1, color: GREY, align: 'right' });
  const top = y + size + 8;
  if (bars.length === 0) {
    c.text(x, top + size, 'Aucune donnée', { size, color: GREY });
    return top + size + 4 - y;
  }
  const maxPos = Math.max(0, ...bars.map((b) => b.value));
  const maxNeg = Math.max(0, ...bars.map((b) => -b.value));
  const span = maxPos + maxNeg || 1;
  const baseline = top + (plotH * maxPos) / span;
  const slot = width / bars.length;
  // Narrow columns even when there are few: one wide block reads as a box, not as a bar.
  const barW = Math.min(Math.max(slot * 0.7, 0.75), 14);
  c.line(x, top, x, top + plotH, 0.3, GREY);
  c.line(x, baseline, x + width, baseline, 0.5, GREY);
  const labelW = Math.max(...bars.map((b) => b.label.length)) * size * 0.55;
  const every = Math.max(1, Math.ceil(labelW / slot));
  bars.forEach((b, i) => {
    const bx = x + i * slot + (slot - barW) / 2;
    const h = (plotH * Math.abs(b.value)) / span;
    if (b.value > 0) c.rect(bx, baseline - h, barW, h, BAR);
    else if (b.value < 0) c.rect(bx, baseline, barW, h, NEGATIVE);
    if (i % every === 0) c.text(bx + barW / 2, top + plotH + size + 2, b.label, { size: size - 1, align: 'center' });
  });
  c.line(x, top + plotH, x + width, top + plotH, 0.2, LIGHT);
  return plotH + (top - y) + size + 5;
}
