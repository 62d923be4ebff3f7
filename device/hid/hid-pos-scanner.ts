// Barcode scanners in HID POS mode (usage page 8Ch): the scanned-data input report turned into the code that was read.

/** "HID Point of Sale Usage Tables" 1.02: usage page 8Ch is Bar Code Scanner, usage 02h a scanner. */
export const HID_PAGE_BARCODE_SCANNER = 0x8c;
export const HID_USAGE_BARCODE_SCANNER = 0x02;
/** The report id scanners in HID POS mode send scanned data with (Honeywell, Newland; see docs/devices.md). */
export const SCANNED_DATA_REPORT_ID = 0x02;

export function isHidPosScanner(info: { usagePage: number | null }): boolean {
  return info.usagePage === HID_PAGE_BARCODE_SCANNER;
}

/**
 * Where the fields sit in a 64-byte scanned-data report (report id at index 0, as hidapi reads numbered reports):
 * - `honeywell`: [1] data length in this report, [2..4] AIM symbology identifier, [5..60] data, [63] bit 0 set
 *   when more reports follow (a QR code of the DGI receipt is longer than one report);
 * - `newland`: [1] data length, [2..57] data, no AIM prefix, one report per code.
 */
export type HidPosLayout = 'honeywell' | 'newland';

export type ScannedCode = {
  text: string;
  bytes: Uint8Array;
  /** "]E0" (EAN-13/UPC), "]Q1" (QR)…; null when the layout carries none. */
  aim: string | null;
  symbology: string | null;
};

/** AIM symbology identifiers (ISO/IEC 15424): the letter after "]". */
const AIM_LETTERS: Readonly<Record<string, string>> = {
  A: 'code39', C: 'code128', E: 'ean-upc', F: 'codabar', G: 'code93', I: 'interleaved-2-of-5', L: 'pdf417',
  Q: 'qr-code', d: 'data-matrix', e: 'gs1-databar', z: 'aztec',
};

export function symbologyOfAim(aim: string | null): string | null {
  if (aim === null || aim[0] !== ']') return null;
  const base = AIM_LETTERS[aim[1] ?? ''] ?? null;
  // ]C1 is Code 128 with FNC1 first: a GS1-128 code.
  if (base === 'code128' && aim[2] === '1') return 'gs1-128';
  if (base === 'ean-upc' && aim[2] === '4') return 'ean8';
  return base;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const latin1 = new TextDecoder('latin1');

/** Codes are bytes; most are ASCII, a QR may hold UTF-8, older 1D symbologies Latin-1. */
function textOf(bytes: Uint8Array): string {
  try {
    return utf8.decode(bytes);
  } catch {
    return latin1.decode(bytes);
  }
}

const ascii = (bytes: Uint8Array): string => String.fromCharCode(...bytes);

export type ScanAssembler = {
  /** Feeds one input report; returns the code once its last report is in, else null. Other reports are ignored. */
  push(report: Uint8Array): ScannedCode | null;
  reset(): void;
};

export function createScanAssembler(layout: HidPosLayout = 'honeywell'): ScanAssembler {
  let parts: Uint8Array[] = [];
  let aim: string | null = null;
  return {
    push(report) {
      if (report[0] !== SCANNED_DATA_REPORT_ID || report.length < 3) return null;
      const declared = report[1] ?? 0;
      const start = layout === 'honeywell' ? 5 : 2;
      const end = layout === 'honeywell' ? 61 : 58;
      // A length larger than the data field is a device quirk; read what the field holds.
      const data = report.subarray(start, Math.min(start + declared, end, report.length));
      if (parts.length === 0 && layout === 'honeywell') aim = ascii(report.subarray(2, 5));
      parts.push(Uint8Array.from(data));
      const isContinued = layout === 'honeywell' && ((report[63] ?? 0) & 0x01) === 1;
      if (isContinued) return null;
      const bytes = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
      let at = 0;
      for (const p of parts) {
        bytes.set(p, at);
        at += p.length;
      }
      const code: ScannedCode = { text: textOf(bytes), bytes, aim, symbology: symbologyOfAim(aim) };
      parts = [];
      aim = null;
      return code;
    },
    reset() {
      parts = [];
      aim = null;
    },
  };
}

/** Builds the reports a Honeywell-layout scanner sends for `code`: for tests and the emulated scanner of the wizard. */
export function honeywellReports(code: Uint8Array | string, aim = ']E0'): Uint8Array[] {
  const bytes = typeof code === 'string' ? new TextEncoder().encode(code) : code;
  const reports: Uint8Array[] = [];
  for (let i = 0; i === 0 || i < bytes.length; i += 56) {
    const chunk = bytes.subarray(i, Math.min(bytes.length, i + 56));
    const r = new Uint8Array(64);
    r[0] = SCANNED_DATA_REPORT_ID;
    r[1] = chunk.length;
    for (let k = 0; k < 3; k++) r[2 + k] = aim.charCodeAt(k) & 0xff;
    r.set(chunk, 5);
    r[63] = i + 56 < bytes.length ? 1 : 0;
    reports.push(r);
  }
  return reports;
}
