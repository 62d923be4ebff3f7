// Opens a receipt printer by address (raw TCP or serial) over device/transport and wraps it in the driver.
import { openSerialTransport } from '../transport/serial';
import { connectTcpTransport } from '../transport/tcp';
import type { ByteTransport } from '../transport/byte-transport';
import { createPrinterDriver, type PrinterDriver, type PrinterDriverOptions } from './driver';
import { PrinterError } from './printer-error';

/** Network printers listen on raw TCP 9100; serial and USB-COM printers commonly run at 9600 or 115200 bauds. */
export type PrinterAddress =
  | { kind: 'tcp'; host: string; port?: number; connectTimeoutMs?: number }
  | { kind: 'serial'; path: string; baudRate?: number };

export async function connectPrinter(address: PrinterAddress, options: PrinterDriverOptions = {}): Promise<PrinterDriver> {
  let transport: ByteTransport;
  try {
    transport =
      address.kind === 'tcp'
        ? await connectTcpTransport({ host: address.host, port: address.port ?? 9100, connectTimeoutMs: address.connectTimeoutMs })
        : await openSerialTransport({ path: address.path, baudRate: address.baudRate ?? 115200 });
  } catch (e) {
    // The transport's message names the port or address; its hint (permissions, udev…) stays on `cause`.
    throw new PrinterError('connect-failed', e instanceof Error ? e.message : String(e), e);
  }
  return createPrinterDriver(transport, options);
}
