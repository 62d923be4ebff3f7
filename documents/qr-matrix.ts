// The QR symbol's module matrix, as the printer's own generator builds it from GS ( k: byte mode, the given error level.
import QRCode from 'qrcode';
/** ISO/IEC 18004 error correction levels. */
export type QrErrorLevel = 'L' | 'M' | 'Q' | 'H';

export type QrMatrix = { size: number; version: number; isDark(row: number, col: number): boolean };

/** Byte mode on purpose: ';' is outside the QR alphanumeric set, so RDCDEF01 payloads cannot be alphanumeric. */
export function qrMatrix(payload: string, errorLevel: QrErrorLevel): QrMatrix {
  const code = QRCode.create([{ data: new TextEncoder().encode(payload), mode: 'byte' }], { errorCorrectionLevel: errorLevel });
  const m = code.modules;
  return { size: m.size, version: code.version, isDark: (row, col) => m.get(row, col) === 1 };
}
