// Receipt paper widths the driver supports, in characters of font A (12x24 dots) and in printable dots.

export type PaperWidth = '58mm' | '80mm';

export type PaperSpec = {
  width: PaperWidth;
  /** Characters per line in font A at normal size. */
  columns: number;
  /** Printable dots per line at 203 dpi. */
  dots: number;
};

/** 58 mm rolls print 48 mm (384 dots, 32 columns); 80 mm rolls print 72 mm (576 dots, 48 columns). */
export const PAPER: Readonly<Record<PaperWidth, PaperSpec>> = {
  '58mm': { width: '58mm', columns: 32, dots: 384 },
  '80mm': { width: '80mm', columns: 48, dots: 576 },
};

export function paperSpec(width: PaperWidth): PaperSpec {
  return PAPER[width];
}
