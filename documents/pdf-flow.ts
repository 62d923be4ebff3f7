// Flowing content down fixed-size pages (A4): a cursor, a page break when a block would not fit, page numbers at the end.
import { createCanvas, GREY, type PdfCanvas } from './pdf-canvas';
import type { PdfPage } from './pdf-writer';

/** ISO 216 A4 in points (210 × 297 mm at 72 points per inch). */
export const A4 = { width: 595.28, height: 841.89 } as const;
/** An 80 mm receipt roll in points. */
export const RECEIPT_80MM_WIDTH = 226.77;

export type PdfFlow = {
  /** The page being written. */
  readonly canvas: PdfCanvas;
  /** Distance from the top of the current page to where the next block goes. */
  y: number;
  readonly left: number;
  readonly right: number;
  readonly bottom: number;
  /** Starts a new page unless `height` points still fit above the bottom margin. */
  ensure(height: number): void;
  newPage(): void;
  /** Every page, each with "Page i/n" at its foot. */
  pages(): PdfPage[];
};

export type FlowOptions = {
  width?: number;
  height?: number;
  margin?: number;
  /** Drawn at the top of every page after the first (a table's header, a running title); returns the new y. */
  onNewPage?: (canvas: PdfCanvas, top: number) => number;
  footer?: string;
};

export function createFlow(options: FlowOptions = {}): PdfFlow {
  const width = options.width ?? A4.width;
  const height = options.height ?? A4.height;
  const margin = options.margin ?? 40;
  const canvases: PdfCanvas[] = [createCanvas(width)];
  const flow: PdfFlow = {
    get canvas() {
      return canvases[canvases.length - 1]!;
    },
    y: margin,
    left: margin,
    right: width - margin,
    bottom: height - margin,
    ensure(h) {
      if (flow.y + h > flow.bottom) flow.newPage();
    },
    newPage() {
      canvases.push(createCanvas(width));
      flow.y = margin;
      if (options.onNewPage !== undefined) flow.y = options.onNewPage(flow.canvas, flow.y);
    },
    pages() {
      return canvases.map((c, i) => {
        const foot = `${options.footer === undefined ? '' : `${options.footer} — `}Page ${i + 1}/${canvases.length}`;
        c.text(width / 2, height - margin / 2, foot, { size: 7, color: GREY, align: 'center' });
        return c.finish(height);
      });
    },
  };
  return flow;
}
