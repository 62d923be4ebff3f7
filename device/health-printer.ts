// Printer (and drawer) health: the four DLE EOT status bytes through the ESC/POS driver, read as what blocks printing.
import { createPrinterDriver } from './printer/driver';
import { blockingError, describeStatus, type DrawerSense } from './printer/status';
import type { PrinterError } from './printer/printer-error';
import type { ByteTransport } from './transport/byte-transport';
import type { HealthState, PrinterHealth } from './health-types';

export type PrinterReading = { printer: PrinterHealth; state: HealthState; blocking: PrinterError | null; warnings: string[] };

export async function readPrinterHealth(transport: ByteTransport, timeoutMs: number, drawerSense?: DrawerSense): Promise<PrinterReading> {
  // The driver is not closed here: closing it closes the transport, which the caller owns.
  const driver = createPrinterDriver(transport, { statusTimeoutMs: timeoutMs, ...(drawerSense === undefined ? {} : { drawerSense }) });
  const status = await driver.readStatus();
  const blocking = blockingError(status);
  const warnings = status.isPaperNearEnd && !status.isPaperOut ? ['Papier bientôt épuisé : préparez un rouleau.'] : [];
  const state: HealthState = blocking !== null ? 'error' : warnings.length > 0 || status.hasAutoRecoverableError ? 'warn' : 'ok';
  return { printer: { status, description: describeStatus(status) }, state, blocking, warnings };
}
