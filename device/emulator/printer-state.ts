// The emulated printer's condition (faults injected on demand, drawer) and the DLE EOT bytes it answers with.

export type PrinterFault = 'paper-out' | 'paper-near-end' | 'cover-open' | 'offline' | 'autocutter-error' | 'silent';
export const PRINTER_FAULTS: readonly PrinterFault[] = ['paper-out', 'paper-near-end', 'cover-open', 'offline', 'autocutter-error', 'silent'];

export type PrinterCondition = { faults: Set<PrinterFault>; isDrawerOpen: boolean };

// Bits 1 and 4 are fixed to 1 in every real-time status byte (Epson ESC/POS, DLE EOT).
const FIXED = 0x12;

/**
 * The answer to DLE EOT n as an Epson TM printer gives it. A printer with its cover open or out of paper stops
 * and reports itself offline (n=1 bit 3), with the cause in n=2; an empty roll also trips the near-end sensor.
 */
export function statusByte(n: number, c: PrinterCondition): number | null {
  const has = (f: PrinterFault) => c.faults.has(f);
  const isPaperOut = has('paper-out');
  const isStopped = isPaperOut || has('cover-open') || has('offline') || has('autocutter-error');
  switch (n) {
    case 1:
      return FIXED | (c.isDrawerOpen ? 0x04 : 0) | (isStopped ? 0x08 : 0);
    case 2:
      return FIXED | (has('cover-open') ? 0x04 : 0) | (isPaperOut ? 0x20 : 0) | (has('autocutter-error') ? 0x40 : 0);
    case 3:
      return FIXED | (has('autocutter-error') ? 0x08 : 0);
    case 4:
      return FIXED | (isPaperOut || has('paper-near-end') ? 0x0c : 0) | (isPaperOut ? 0x60 : 0);
    default:
      return null;
  }
}
