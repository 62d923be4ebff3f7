// An independent ESC/POS decoder, written from the command reference: bytes in, printed lines and events out, streaming.
import { byteToChar, CODE_PAGES } from './escpos-decoder-codepages';
import { stepGs, type QrState } from './escpos-decoder-gs';
import type { DecodedAlign, DecodedEvent, DecodedJob, DecodedLine, DecodedSpan } from './escpos-decoder-types';

const LF = 0x0a;
const CR = 0x0d;
const HT = 0x09;
const FF = 0x0c;
const DLE = 0x10;
const ESC = 0x1b;
const GS = 0x1d;
const FS = 0x1c;
const CAN = 0x18;

type Style = { isBold: boolean; isDoubleStrike: boolean; isUnderlined: boolean; width: number; height: number; align: DecodedAlign; codePage: number };

const initialStyle = (): Style => ({ isBold: false, isDoubleStrike: false, isUnderlined: false, width: 1, height: 1, align: 'left', codePage: 0 });
const initialQr = (): QrState => ({ model: 2, size: 3, level: 'L', data: null });

const ALIGNS: Readonly<Record<number, DecodedAlign>> = { 0: 'left', 1: 'center', 2: 'right', 48: 'left', 49: 'center', 50: 'right' };
/** ESC commands that take exactly one parameter byte and only change settings we do not model. */
const ESC_ONE_ARG = new Set([0x20, 0x33, 0x4d, 0x52, 0x55, 0x7b, 0x56, 0x72, 0x3d, 0x25, 0x3f, 0x54, 0x65, 0x75]);

export type EscPosParser = {
  /** Feeds bytes as they arrive; returns the events they complete (a command split across chunks waits). */
  push(chunk: Uint8Array): DecodedEvent[];
  /** The stream ended: flushes the print buffer and reports any truncated command. */
  end(): DecodedEvent[];
};

export function createEscPosParser(): EscPosParser {
  let pending = new Uint8Array(0);
  let base = 0;
  let style = initialStyle();
  let qr = initialQr();
  let spans: DecodedSpan[] = [];
  let lineAlign: DecodedAlign | null = null;
  let column = 0;

  const addText = (s: string) => {
    if (lineAlign === null) lineAlign = style.align;
    const isBold = style.isBold || style.isDoubleStrike;
    const last = spans[spans.length - 1];
    if (last && last.isBold === isBold && last.isUnderlined === style.isUnderlined && last.width === style.width && last.height === style.height) {
      last.text += s;
    } else {
      spans.push({ text: s, isBold, isUnderlined: style.isUnderlined, width: style.width, height: style.height });
    }
    column += s.length * style.width;
  };

  const makeLine = (isTerminated: boolean): DecodedLine => {
    const visible = spans.filter((s) => s.text.trim() !== '');
    const line: DecodedLine = {
      kind: 'line',
      text: spans.map((s) => s.text).join(''),
      spans,
      align: lineAlign ?? style.align,
      isBold: visible.length > 0 && visible.every((s) => s.isBold),
      width: Math.max(1, ...visible.map((s) => s.width)),
      height: Math.max(1, ...visible.map((s) => s.height)),
      isTerminated,
    };
    spans = [];
    lineAlign = null;
    column = 0;
    return line;
  };

  const hasBuffer = () => spans.length > 0;

  /** Consumes one command at `pos`; returns the bytes used, or 0 when more bytes are needed. */
  const step = (buf: Uint8Array, pos: number, out: DecodedEvent[]): number => {
    const b = buf[pos] ?? 0;
    if (b >= 0x20) {
      // Printable bytes are most of a receipt: take the whole run at once.
      let end = pos + 1;
      while (end < buf.length && (buf[end] ?? 0) >= 0x20) end++;
      let s = '';
      for (let i = pos; i < end; i++) s += byteToChar(buf[i] ?? 0, style.codePage);
      addText(s);
      return end - pos;
    }
    const avail = buf.length - pos;
    const at = (i: number) => buf[pos + i] ?? 0;
    const unknown = (len: number): number => {
      out.push({ kind: 'unknown', offset: base + pos, bytes: Array.from(buf.subarray(pos, pos + len)) });
      return len;
    };
    const printBuffer = () => {
      if (hasBuffer()) out.push(makeLine(true));
    };

    switch (b) {
      case LF:
        out.push(makeLine(true));
        return 1;
      case CR:
      case CAN:
        return 1;
      case HT:
        addText(' '.repeat(8 - (column % 8)));
        return 1;
      case FF:
        printBuffer();
        return 1;
      case DLE: {
        if (avail < 3) return 0;
        if (at(1) === 0x04) {
          const n = at(2);
          if ((n === 7 || n === 8) && avail < 4) return 0;
          out.push({ kind: 'status-request', n });
          return n === 7 || n === 8 ? 4 : 3;
        }
        if (at(1) === 0x05) return 3;
        if (at(1) === 0x14) {
          if (avail < 5) return 0;
          // DLE DC4 1 m t: real-time drawer pulse, t x 100 ms on and off.
          if (at(2) === 1) out.push({ kind: 'drawer', pin: at(3) === 1 ? 5 : 2, onMs: at(4) * 100, offMs: at(4) * 100 });
          return 5;
        }
        return unknown(2);
      }
      case ESC:
        return stepEsc(buf, pos, avail, at, out, unknown, printBuffer);
      case GS:
        return stepGs({ buf, pos, avail, at, out, unknown, printBuffer, style, qr, base });
      case FS: {
        if (avail < 2) return 0;
        const c = at(1);
        if (c === 0x2e || c === 0x26) return 2;
        if (c === 0x21 || c === 0x2d || c === 0x43 || c === 0x57) return avail < 3 ? 0 : 3;
        if (c === 0x70 || c === 0x53) return avail < 4 ? 0 : 4;
        if (c === 0x28) {
          if (avail < 5) return 0;
          const len = at(3) + at(4) * 256;
          return avail < 5 + len ? 0 : 5 + len;
        }
        return unknown(2);
      }
      default:
        return unknown(1);
    }
  };

  const stepEsc = (
    buf: Uint8Array, pos: number, avail: number, at: (i: number) => number, out: DecodedEvent[],
    unknown: (len: number) => number, printBuffer: () => void,
  ): number => {
    if (avail < 2) return 0;
    const c = at(1);
    const needs = (n: number) => avail < n;
    switch (c) {
      case 0x40: // ESC @: initialize, the print buffer is cleared
        spans = [];
        lineAlign = null;
        column = 0;
        style = initialStyle();
        qr = initialQr();
        out.push({ kind: 'init' });
        return 2;
      case 0x45: // ESC E n: emphasized
        if (needs(3)) return 0;
        style.isBold = (at(2) & 1) === 1;
        return 3;
      case 0x47: // ESC G n: double-strike
        if (needs(3)) return 0;
        style.isDoubleStrike = (at(2) & 1) === 1;
        return 3;
      case 0x2d: // ESC - n: underline (0/48 off, 1-2/49-50 on)
        if (needs(3)) return 0;
        style.isUnderlined = (at(2) & 3) !== 0;
        return 3;
      case 0x21: { // ESC ! n: print mode
        if (needs(3)) return 0;
        const n = at(2);
        style.isBold = (n & 0x08) !== 0;
        style.height = (n & 0x10) !== 0 ? 2 : 1;
        style.width = (n & 0x20) !== 0 ? 2 : 1;
        style.isUnderlined = (n & 0x80) !== 0;
        return 3;
      }
      case 0x61: // ESC a n: justification
        if (needs(3)) return 0;
        style.align = ALIGNS[at(2)] ?? style.align;
        return 3;
      case 0x74: { // ESC t n: character code table
        if (needs(3)) return 0;
        style.codePage = at(2);
        out.push({ kind: 'code-page', n: at(2), name: CODE_PAGES.get(at(2))?.name ?? null });
        return 3;
      }
      case 0x4a: // ESC J n: print and feed n dots
        if (needs(3)) return 0;
        printBuffer();
        out.push({ kind: 'feed', lines: 0, dots: at(2) });
        return 3;
      case 0x64: { // ESC d n: print and feed n lines
        if (needs(3)) return 0;
        let n = at(2);
        if (hasBuffer() && n > 0) {
          out.push(makeLine(true));
          n -= 1;
        }
        for (let i = 0; i < n; i++) out.push(makeLine(true));
        return 3;
      }
      case 0x70: // ESC p m t1 t2: drawer kick, times in 2 ms units
        if (needs(5)) return 0;
        out.push({ kind: 'drawer', pin: at(2) % 48 === 1 ? 5 : 2, onMs: at(3) * 2, offMs: at(4) * 2 });
        return 5;
      case 0x69: // ESC i / ESC m: obsolete cuts
      case 0x6d:
        printBuffer();
        out.push({ kind: 'cut', mode: c === 0x69 ? 'full' : 'partial', feedDots: 0, end: base + pos + 2 });
        return 2;
      case 0x32: case 0x3c: case 0x4c: case 0x53:
        return 2;
      case 0x24: case 0x5c: case 0x63:
        return needs(4) ? 0 : 4;
      case 0x57:
        return needs(10) ? 0 : 10;
      case 0x2a: { // ESC * m nL nH d…: bit image
        if (needs(5)) return 0;
        const n = at(3) + at(4) * 256;
        const len = at(2) === 32 || at(2) === 33 ? 3 * n : n;
        if (needs(5 + len)) return 0;
        printBuffer();
        out.push({ kind: 'image', widthDots: n, heightDots: len === n ? 8 : 24 });
        return 5 + len;
      }
      case 0x44: { // ESC D n1…nk NUL: tab stops
        const end = buf.indexOf(0, pos + 2);
        if (end < 0) return avail > 34 ? unknown(2) : 0;
        return end - pos + 1;
      }
      default:
        if (ESC_ONE_ARG.has(c)) return needs(3) ? 0 : 3;
        return unknown(2);
    }
  };

  return {
    push(chunk) {
      const buf = new Uint8Array(pending.length + chunk.length);
      buf.set(pending, 0);
      buf.set(chunk, pending.length);
      const out: DecodedEvent[] = [];
      let pos = 0;
      while (pos < buf.length) {
        const used = step(buf, pos, out);
        if (used === 0) break;
        pos += used;
      }
      pending = buf.slice(pos);
      base += pos;
      return out;
    },
    end() {
      const out: DecodedEvent[] = [];
      if (pending.length > 0) out.push({ kind: 'unknown', offset: base, bytes: Array.from(pending) });
      pending = new Uint8Array(0);
      if (hasBuffer()) out.push(makeLine(false));
      return out;
    },
  };
}

/** Groups a job's events for assertions. */
export function summarizeJob(events: DecodedEvent[]): DecodedJob {
  const lines = events.filter((e): e is DecodedLine => e.kind === 'line');
  return {
    events,
    lines,
    text: lines.map((l) => l.text).join('\n'),
    qrCodes: events.filter((e) => e.kind === 'qr'),
    cuts: events.filter((e) => e.kind === 'cut'),
    drawerKicks: events.filter((e) => e.kind === 'drawer'),
    codePages: events.flatMap((e) => (e.kind === 'code-page' ? [e.n] : [])),
    unknown: events.filter((e) => e.kind === 'unknown'),
  };
}

/** Decodes a complete byte stream. */
export function decodeEscPos(bytes: Uint8Array): DecodedJob {
  const parser = createEscPosParser();
  return summarizeJob([...parser.push(bytes), ...parser.end()]);
}
