// DLE EOT n=1..4 status bytes (Epson ESC/POS real-time status) decoded to what a cashier or technician acts on.
import { PrinterError } from './printer-error';

export type PrinterStatus = {
  isOnline: boolean;
  isCoverOpen: boolean;
  isPaperOut: boolean;
  isPaperNearEnd: boolean;
  /** Drawer-kick connector pin 3; which level means "open" depends on the drawer (see options). */
  isDrawerOpen: boolean;
  /** Printing stopped because the paper ran out (n=2 bit 5). */
  isStoppedByPaperEnd: boolean;
  hasAutocutterError: boolean;
  hasUnrecoverableError: boolean;
  hasAutoRecoverableError: boolean;
  /** The four raw bytes, n=1..4, for the health page. */
  raw: [number, number, number, number];
};

export type DrawerSense = 'open-when-high' | 'open-when-low';

/** Bits 1 and 4 are always 1, bits 0 and 7 always 0 in every DLE EOT answer: a byte that breaks this is noise. */
export function isStatusByte(b: number): boolean {
  return (b & 0b1001_0011) === 0b0001_0010;
}

const bit = (b: number, n: number): boolean => ((b >> n) & 1) === 1;

/** Decodes the four answers (to DLE EOT 1, 2, 3, 4). */
export function decodeStatus(raw: [number, number, number, number], drawer: DrawerSense = 'open-when-high'): PrinterStatus {
  raw.forEach((b, i) => {
    if (!isStatusByte(b)) throw new PrinterError('bad-status-byte', `DLE EOT ${i + 1} answered 0x${b.toString(16).padStart(2, '0')}`);
  });
  const [printer, offline, error, paper] = raw;
  const pin3High = bit(printer, 2);
  return {
    isOnline: !bit(printer, 3),
    isCoverOpen: bit(offline, 2),
    isStoppedByPaperEnd: bit(offline, 5),
    isPaperOut: bit(paper, 5) || bit(paper, 6),
    isPaperNearEnd: bit(paper, 2) || bit(paper, 3),
    isDrawerOpen: drawer === 'open-when-high' ? pin3High : !pin3High,
    hasAutocutterError: bit(error, 3),
    hasUnrecoverableError: bit(error, 5),
    hasAutoRecoverableError: bit(error, 6),
    raw,
  };
}

/** The one error that blocks printing, most specific first; null when the printer can print. */
export function blockingError(s: PrinterStatus): PrinterError | null {
  if (s.isCoverOpen) return new PrinterError('cover-open');
  if (s.isPaperOut || s.isStoppedByPaperEnd) return new PrinterError('paper-out');
  if (s.hasAutocutterError || s.hasUnrecoverableError) {
    return new PrinterError('printer-fault', s.hasAutocutterError ? 'autocutter' : 'unrecoverable error');
  }
  if (!s.isOnline) return new PrinterError('printer-offline');
  return null;
}

/** A one-line French summary for the health page ("En ligne, papier bientôt épuisé"). */
export function describeStatus(s: PrinterStatus): string {
  const parts = [s.isOnline ? 'En ligne' : 'Hors ligne'];
  if (s.isCoverOpen) parts.push('capot ouvert');
  if (s.isPaperOut) parts.push('plus de papier');
  else if (s.isPaperNearEnd) parts.push('papier bientôt épuisé');
  if (s.hasAutocutterError) parts.push('erreur du massicot');
  if (s.hasUnrecoverableError) parts.push('erreur irrécupérable');
  parts.push(s.isDrawerOpen ? 'tiroir ouvert' : 'tiroir fermé');
  return parts.join(', ');
}
