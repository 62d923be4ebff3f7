// GS commands of the ESC/POS decoder: character size, cuts, images, barcodes and the GS ( k 2D symbols (QR).
import type { DecodedAlign, DecodedEvent, QrLevel } from './escpos-decoder-types';

export type QrState = { model: 1 | 2 | 'micro'; size: number; level: QrLevel; data: Uint8Array | null };

/** What a GS command may read and change: the bytes, the character size, the QR being built. */
export type GsContext = {
  buf: Uint8Array;
  pos: number;
  avail: number;
  at: (i: number) => number;
  out: DecodedEvent[];
  unknown: (len: number) => number;
  printBuffer: () => void;
  style: { width: number; height: number; align: DecodedAlign };
  qr: QrState;
  /** Stream offset of buf[0]. */
  base: number;
};

const QR_LEVELS: Readonly<Record<number, QrLevel>> = { 48: 'L', 49: 'M', 50: 'Q', 51: 'H' };
/** GS commands with one parameter byte we accept without modelling (barcode settings, ASB, head control…). */
const GS_ONE_ARG = new Set([0x42, 0x48, 0x68, 0x77, 0x66, 0x61, 0x49, 0x72, 0x62, 0x45, 0x2f, 0x54]);
const GS_TWO_ARGS = new Set([0x4c, 0x57, 0x50, 0x24, 0x5c]);

/** Symbol data as text: UTF-8 when it is valid UTF-8, else one character per byte (ISO 8859-1). */
export function payloadText(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return Array.from(bytes, (b) => String.fromCharCode(b)).join('');
  }
}

export function stepGs(ctx: GsContext): number {
  const { buf, pos, avail, at, out, unknown, printBuffer, style } = ctx;
  if (avail < 2) return 0;
  const c = at(1);
  const needs = (n: number) => avail < n;
  switch (c) {
    case 0x21: // GS ! n: character size, width in the high nibble, height in the low one
      if (needs(3)) return 0;
      style.width = ((at(2) >> 4) & 7) + 1;
      style.height = (at(2) & 7) + 1;
      return 3;
    case 0x56: { // GS V m [n]: cut
      if (needs(3)) return 0;
      const m = at(2);
      const withFeed = m >= 65;
      if (withFeed && needs(4)) return 0;
      printBuffer();
      const isFull = m === 0 || m === 48 || m === 65 || m === 97 || m === 103;
      out.push({ kind: 'cut', mode: isFull ? 'full' : 'partial', feedDots: withFeed ? at(3) : 0, end: ctx.base + pos + (withFeed ? 4 : 3) });
      return withFeed ? 4 : 3;
    }
    case 0x28: { // GS ( fn pL pH …: extended functions, length-prefixed
      if (needs(5)) return 0;
      const len = at(3) + at(4) * 256;
      if (needs(5 + len)) return 0;
      const data = buf.subarray(pos + 5, pos + 5 + len);
      if (at(2) === 0x6b) twoDimensional(ctx.qr, data, style.align, out, printBuffer);
      else if (at(2) === 0x4c) out.push({ kind: 'image', widthDots: 0, heightDots: 0 });
      return 5 + len;
    }
    case 0x38: { // GS 8 L p1 p2 p3 p4 …: graphics with a 32-bit length
      if (needs(7)) return 0;
      const len = at(3) + at(4) * 0x100 + at(5) * 0x10000 + at(6) * 0x1000000;
      return needs(7 + len) ? 0 : 7 + len;
    }
    case 0x76: { // GS v 0 m xL xH yL yH d…: raster image, x bytes wide, y dots high
      if (needs(8)) return 0;
      const x = at(4) + at(5) * 256;
      const y = at(6) + at(7) * 256;
      if (needs(8 + x * y)) return 0;
      printBuffer();
      out.push({ kind: 'image', widthDots: x * 8, heightDots: y });
      return 8 + x * y;
    }
    case 0x6b: { // GS k m …: 1D barcode, NUL-terminated (m ≤ 6) or length-prefixed (m ≥ 65)
      if (needs(3)) return 0;
      const m = at(2);
      if (m <= 6) {
        const end = buf.indexOf(0, pos + 3);
        if (end < 0) return avail > 259 ? unknown(3) : 0;
        printBuffer();
        out.push({ kind: 'barcode', symbology: m, data: payloadText(buf.subarray(pos + 3, end)) });
        return end - pos + 1;
      }
      if (needs(4) || needs(4 + at(3))) return 0;
      printBuffer();
      out.push({ kind: 'barcode', symbology: m, data: payloadText(buf.subarray(pos + 4, pos + 4 + at(3))) });
      return 4 + at(3);
    }
    case 0x2a: { // GS * x y d…: define downloaded bit image
      if (needs(4)) return 0;
      const len = at(2) * at(3) * 8;
      return needs(4 + len) ? 0 : 4 + len;
    }
    case 0x3a:
      return 2;
    default:
      if (GS_ONE_ARG.has(c)) return needs(3) ? 0 : 3;
      if (GS_TWO_ARGS.has(c)) return needs(4) ? 0 : 4;
      return unknown(2);
  }
}

/** GS ( k: cn 49 is QR (fn 65 model, 67 module size, 69 error level, 80 store, 81 print); others are recorded. */
function twoDimensional(qr: QrState, data: Uint8Array, align: DecodedAlign, out: DecodedEvent[], printBuffer: () => void): void {
  const cn = data[0] ?? 0;
  const fn = data[1] ?? 0;
  const arg = data[2] ?? 0;
  if (cn !== 49) {
    out.push({ kind: 'symbol', cn, fn });
    return;
  }
  if (fn === 65) qr.model = arg === 49 ? 1 : arg === 51 ? 'micro' : 2;
  else if (fn === 67) qr.size = arg;
  else if (fn === 69) qr.level = QR_LEVELS[arg] ?? qr.level;
  else if (fn === 80) qr.data = data.slice(3);
  else if (fn === 81) {
    printBuffer();
    const bytes = qr.data ?? new Uint8Array(0);
    out.push({ kind: 'qr', payload: payloadText(bytes), payloadBytes: bytes, model: qr.model, moduleSize: qr.size, errorLevel: qr.level, align });
  }
}
