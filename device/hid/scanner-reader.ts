// Reads codes from a HID POS barcode scanner and hands each one to the till; keyboard-wedge scanners never come here.
import { problem, type DeviceProblem } from '../discovery/problem';
import { nodeHidLoader, openHid, type HidLoader } from './hid-backend';
import { createScanAssembler, type HidPosLayout, type ScannedCode } from './hid-pos-scanner';

export type ScanEvent = ScannedCode & { at: string; path: string };

export type HidScannerOptions = {
  path: string;
  layout?: HidPosLayout;
  loader?: HidLoader;
  onScan: (scan: ScanEvent) => void;
  /** The scanner went away (unplugged, read error); the reader is closed by then. */
  onProblem?: (p: DeviceProblem) => void;
};

export type HidScanner = { readonly path: string; readonly isOpen: boolean; close(): Promise<void> };

/**
 * Opens the scanner's HID interface and assembles its scanned-data reports. A keyboard-wedge scanner types into
 * the till screen instead (a burst of keys ending in Enter); the renderer recognises that, not this module.
 */
export async function openHidScanner(options: HidScannerOptions): Promise<HidScanner> {
  const handle = await openHid(options.path, options.loader ?? nodeHidLoader);
  const assembler = createScanAssembler(options.layout ?? 'honeywell');
  let open = true;
  handle.onData((report) => {
    if (!open) return;
    const code = assembler.push(report);
    if (code !== null) options.onScan({ ...code, at: new Date().toISOString(), path: options.path });
  });
  handle.onError((err) => {
    if (!open) return;
    open = false;
    handle.close().catch(() => undefined);
    options.onProblem?.(problem('HID_NOT_FOUND', 'hid', options.path, err.message));
  });
  return {
    path: options.path,
    get isOpen() {
      return open;
    },
    async close() {
      if (!open) return;
      open = false;
      await handle.close().catch(() => undefined);
    },
  };
}
