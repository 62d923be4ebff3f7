// Our own small ESC/POS API: a list of print commands in, printer bytes out (wraps @point-of-sale/receipt-printer-encoder).
import ReceiptPrinterEncoder from '@point-of-sale/receipt-printer-encoder';
import { paperSpec, type PaperWidth } from './paper';

export type TextSize = 'normal' | 'double-height' | 'double-width' | 'double';
import type { QrErrorLevel } from '../../documents/qr-matrix';

export type { QrErrorLevel };
export type DrawerPin = 2 | 5;

/** One command of a print job. Text lines arrive already fitted to the paper (see text-fit.ts). */
export type EscPosCommand =
  | { op: 'text'; text: string; bold?: boolean; size?: TextSize }
  | { op: 'feed'; lines: number }
  | { op: 'qr'; payload: string; errorLevel: QrErrorLevel; moduleDots: number }
  | { op: 'cut'; partial?: boolean; feedLines?: number }
  | { op: 'drawer'; pin?: DrawerPin; onMs?: number; offMs?: number };

export type EncodeOptions = { paper: PaperWidth };

/** Horizontal and vertical magnification (GS ! n) of each size. */
export const SIZE_FACTORS: Readonly<Record<TextSize, { width: 1 | 2; height: 1 | 2 }>> = {
  normal: { width: 1, height: 1 },
  'double-height': { width: 1, height: 2 },
  'double-width': { width: 2, height: 1 },
  double: { width: 2, height: 2 },
};

/** Columns a line of this size may hold on the given paper. */
export function columnsFor(paper: PaperWidth, size: TextSize = 'normal'): number {
  return Math.floor(paperSpec(paper).columns / SIZE_FACTORS[size].width);
}

const QR_LEVEL: Readonly<Record<QrErrorLevel, 'l' | 'm' | 'q' | 'h'>> = { L: 'l', M: 'm', Q: 'q', H: 'h' };

/**
 * Encodes a job: ESC @, code page CP858 (ESC t 19 in Epson's numbering: French accents and the euro sign),
 * then each command. QR codes use the printer's own symbol generator (GS ( k, model 2) so the code stays
 * sharp at any density, centred with ESC a 1.
 */
export function encodeEscPos(commands: readonly EscPosCommand[], options: EncodeOptions): Uint8Array {
  const spec = paperSpec(options.paper);
  const enc = new ReceiptPrinterEncoder({
    language: 'esc-pos',
    columns: spec.columns,
    codepageMapping: 'epson',
    newline: '\n',
    feedBeforeCut: 0,
    errors: 'relaxed',
  });
  enc.initialize().codepage('cp858');
  for (const c of commands) {
    switch (c.op) {
      case 'text': {
        const f = SIZE_FACTORS[c.size ?? 'normal'];
        if (c.bold === true) enc.bold(true);
        if (f.width !== 1 || f.height !== 1) enc.size(f.width, f.height);
        enc.text(c.text);
        if (f.width !== 1 || f.height !== 1) enc.size(1, 1);
        if (c.bold === true) enc.bold(false);
        enc.newline();
        break;
      }
      case 'feed':
        if (c.lines > 0) enc.newline(c.lines);
        break;
      case 'qr':
        enc.align('center');
        enc.qrcode(c.payload, { model: 2, size: c.moduleDots, errorlevel: QR_LEVEL[c.errorLevel] });
        enc.align('left');
        break;
      case 'cut':
        if ((c.feedLines ?? 0) > 0) enc.newline(c.feedLines);
        enc.cut(c.partial === false ? 'full' : 'partial');
        break;
      case 'drawer':
        // ESC p m t1 t2: m selects connector pin 2 or 5; times are in 2 ms units.
        enc.pulse(c.pin === 5 ? 1 : 0, c.onMs ?? 100, c.offMs ?? 500);
        break;
    }
  }
  return enc.encode();
}

/** DLE EOT n: the real-time status request, answered with one byte even while the printer is offline. */
export function statusRequest(n: 1 | 2 | 3 | 4): Uint8Array {
  return Uint8Array.of(0x10, 0x04, n);
}

/** Only a drawer kick (ESC p), for "open the drawer" without printing. */
export function drawerKick(pin: DrawerPin = 2, onMs = 100, offMs = 500): Uint8Array {
  return Uint8Array.of(0x1b, 0x70, pin === 5 ? 1 : 0, Math.min(255, Math.round(onMs / 2)), Math.min(255, Math.round(offMs / 2)));
}
