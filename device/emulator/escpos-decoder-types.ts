// What the ESC/POS decoder reports: printed lines with their style, 2D symbols, cuts, drawer kicks, status requests.

export type DecodedAlign = 'left' | 'center' | 'right';

/** A run of characters printed in one style. */
export type DecodedSpan = { text: string; isBold: boolean; isUnderlined: boolean; width: number; height: number };

/** A printed line (ended by LF, ESC d, ESC J, a cut or a QR print). */
export type DecodedLine = {
  kind: 'line';
  text: string;
  spans: DecodedSpan[];
  /** ESC a in force when the line began (it only applies at the start of a line). */
  align: DecodedAlign;
  /** Every visible character is emphasized (ESC E / ESC ! bit 3 / ESC G). */
  isBold: boolean;
  /** Largest character magnification on the line (GS ! / ESC ! bits 4, 5). */
  width: number;
  height: number;
  /** False for text still in the print buffer when the stream ended (a printer would not print it yet). */
  isTerminated: boolean;
};

export type QrLevel = 'L' | 'M' | 'Q' | 'H';

/** A QR symbol printed with GS ( k function 181, from what functions 165, 167, 169 and 180 set. */
export type DecodedQr = {
  kind: 'qr';
  payload: string;
  payloadBytes: Uint8Array;
  model: 1 | 2 | 'micro';
  moduleSize: number;
  errorLevel: QrLevel;
  align: DecodedAlign;
};

export type DecodedEvent =
  | DecodedLine
  | DecodedQr
  | { kind: 'init' }
  | { kind: 'code-page'; n: number; name: string | null }
  | { kind: 'feed'; lines: number; dots: number }
  /** `end`: stream offset just past the cut command, where the next job begins. */
  | { kind: 'cut'; mode: 'full' | 'partial'; feedDots: number; end: number }
  | { kind: 'drawer'; pin: 2 | 5; onMs: number; offMs: number }
  | { kind: 'status-request'; n: number }
  | { kind: 'image'; widthDots: number; heightDots: number }
  | { kind: 'barcode'; symbology: number; data: string }
  | { kind: 'symbol'; cn: number; fn: number }
  | { kind: 'unknown'; offset: number; bytes: number[] };

/** A whole decoded job, with the events sorted by kind for assertions. */
export type DecodedJob = {
  events: DecodedEvent[];
  lines: DecodedLine[];
  /** The printed lines joined with '\n'. */
  text: string;
  qrCodes: DecodedQr[];
  cuts: Extract<DecodedEvent, { kind: 'cut' }>[];
  drawerKicks: Extract<DecodedEvent, { kind: 'drawer' }>[];
  codePages: number[];
  unknown: Extract<DecodedEvent, { kind: 'unknown' }>[];
};
