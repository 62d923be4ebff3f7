// The ESC/POS printer driver: status read-back with a timeout, printing guarded by that status, drawer kick.
import { drawerKick, statusRequest, type DrawerPin } from './escpos';
import type { ByteTransport } from '../transport/byte-transport';
import { PrinterError } from './printer-error';
import { blockingError, decodeStatus, isStatusByte, type DrawerSense, type PrinterStatus } from './status';

export type PrinterDriverOptions = {
  /** How long to wait for each DLE EOT answer; real printers answer within a few ms. */
  statusTimeoutMs?: number;
  drawerSense?: DrawerSense;
};

export type PrintOptions = {
  /** Read the status first and refuse to print when the cover is open, the paper out or the printer offline. */
  checkStatus?: boolean;
};

export type PrinterDriver = {
  readStatus(timeoutMs?: number): Promise<PrinterStatus>;
  print(bytes: Uint8Array, options?: PrintOptions): Promise<void>;
  openDrawer(pin?: DrawerPin): Promise<void>;
  close(): Promise<void>;
};

/** The transport's own errors, as the printer errors callers of the driver switch on. */
function asPrinterError(e: unknown, where: string): PrinterError {
  if (e instanceof PrinterError) return e;
  const code = (e as { code?: unknown }).code === 'TRANSPORT_CLOSED' ? 'link-closed' : 'write-failed';
  return new PrinterError(code, `${where}: ${e instanceof Error ? e.message : String(e)}`, e);
}

export function createPrinterDriver(transport: ByteTransport, options: PrinterDriverOptions = {}): PrinterDriver {
  const link = {
    description: transport.description,
    write: (bytes: Uint8Array) => transport.write(bytes).catch((e: unknown) => Promise.reject(asPrinterError(e, transport.description))),
    onData: transport.onData.bind(transport),
    onClose: transport.onClose.bind(transport),
    close: () => transport.close(),
  };
  const timeoutMs = options.statusTimeoutMs ?? 1000;
  const inbox: number[] = [];
  let waiter: (() => void) | null = null;
  let isClosed = false;
  link.onData((chunk) => {
    for (const b of chunk) inbox.push(b);
    waiter?.();
  });
  link.onClose(() => {
    isClosed = true;
    waiter?.();
  });

  // One conversation at a time: a status read must not take the answer meant for another.
  let queue: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = queue.then(fn, fn);
    queue = run.catch(() => undefined);
    return run;
  };

  /** The next status-shaped byte; other bytes (automatic status back, noise) are skipped. */
  const nextStatusByte = (n: number, ms: number): Promise<number> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        waiter = null;
        reject(new PrinterError('printer-timeout', `${link.description}: no answer to DLE EOT ${n} within ${ms} ms`));
      }, ms);
      const check = () => {
        while (inbox.length > 0) {
          const b = inbox.shift() ?? 0;
          if (isStatusByte(b)) {
            clearTimeout(timer);
            waiter = null;
            resolve(b);
            return;
          }
        }
        if (isClosed) {
          clearTimeout(timer);
          waiter = null;
          reject(new PrinterError('link-closed', link.description));
        }
      };
      waiter = check;
      check();
    });

  const readStatusNow = async (ms: number): Promise<PrinterStatus> => {
    inbox.length = 0;
    const raw: number[] = [];
    for (const n of [1, 2, 3, 4] as const) {
      await link.write(statusRequest(n));
      raw.push(await nextStatusByte(n, ms));
    }
    return decodeStatus([raw[0] ?? 0, raw[1] ?? 0, raw[2] ?? 0, raw[3] ?? 0], options.drawerSense);
  };

  return {
    readStatus: (ms = timeoutMs) => exclusive(() => readStatusNow(ms)),
    print: (bytes, printOptions = {}) =>
      exclusive(async () => {
        if (printOptions.checkStatus !== false) {
          const blocked = blockingError(await readStatusNow(timeoutMs));
          if (blocked !== null) throw blocked;
        }
        await link.write(bytes);
      }),
    openDrawer: (pin = 2) => exclusive(() => link.write(drawerKick(pin))),
    close: () => link.close(),
  };
}
