// The slice of node-hid we use (list HID devices, open one by path), loaded lazily, with open failures named.
import { access, constants } from 'node:fs/promises';
import { errorText, isLoadFailure, isMissingFailure, isPermissionFailure } from '../discovery/native-failure';
import { DeviceProblemError, problem } from '../discovery/problem';

export type HidDeviceInfo = {
  /** What `open` takes: /dev/hidrawN on Linux, a device interface path on Windows; null when the OS gives none. */
  path: string | null;
  vendorId: number;
  productId: number;
  manufacturer: string | null;
  product: string | null;
  serialNumber: string | null;
  /** Top-level collection usage page (8Ch bar code scanner, 01h generic desktop, FF00h+ vendor-defined). */
  usagePage: number | null;
  usage: number | null;
  interfaceNumber: number;
};

/** An open HID device: input reports in, output reports out. */
export type HidHandle = {
  onData(cb: (report: Uint8Array) => void): void;
  onError(cb: (err: Error) => void): void;
  /** Writes one output report; the first byte is the report id (0 for devices without numbered reports). */
  write(report: Uint8Array): Promise<number>;
  close(): Promise<void>;
};

export type HidBackend = {
  devices(): Promise<HidDeviceInfo[]>;
  open(path: string): Promise<HidHandle>;
};

export type HidLoader = () => Promise<HidBackend>;

type NodeHid = typeof import('node-hid');

export const nodeHidLoader: HidLoader = async () => {
  const m = (await import('node-hid')) as NodeHid & { default?: NodeHid };
  const hid: NodeHid = typeof m.devicesAsync === 'function' ? m : (m.default as NodeHid);
  return {
    async devices() {
      return (await hid.devicesAsync()).map((d) => ({
        path: d.path ?? null,
        vendorId: d.vendorId,
        productId: d.productId,
        manufacturer: d.manufacturer ?? null,
        product: d.product ?? null,
        serialNumber: d.serialNumber || null,
        usagePage: d.usagePage ?? null,
        usage: d.usage ?? null,
        interfaceNumber: d.interface,
      }));
    },
    async open(path) {
      const device = await hid.HIDAsync.open(path);
      return {
        onData: (cb) => {
          device.on('data', (b: Buffer) => cb(new Uint8Array(b.buffer, b.byteOffset, b.byteLength)));
        },
        onError: (cb) => {
          device.on('error', (e: unknown) => cb(e instanceof Error ? e : new Error(String(e))));
        },
        write: (report) => device.write(Buffer.from(report.buffer, report.byteOffset, report.byteLength)),
        close: async () => {
          device.removeAllListeners('data');
          await device.close();
        },
      };
    },
  };
};

/**
 * hidapi says only "cannot open device with path …", without errno. On a system with device files (Linux
 * /dev/hidraw*) the file itself tells whether it is gone or forbidden, so we ask it.
 */
export async function explainHidOpenFailure(err: unknown, path: string): Promise<DeviceProblemError> {
  const text = errorText(err);
  if (isLoadFailure(err)) return new DeviceProblemError(problem('HID_LIBRARY_MISSING', 'hid', 'node-hid', text), err);
  if (isPermissionFailure(err)) return new DeviceProblemError(problem('HID_PERMISSION_DENIED', 'hid', path, text), err);
  if (path.startsWith('/dev/')) {
    try {
      await access(path, constants.R_OK | constants.W_OK);
    } catch (probe) {
      if (isMissingFailure(probe)) return new DeviceProblemError(problem('HID_NOT_FOUND', 'hid', path, text), err);
      if (isPermissionFailure(probe)) return new DeviceProblemError(problem('HID_PERMISSION_DENIED', 'hid', path, text), err);
    }
  }
  return new DeviceProblemError(problem('HID_OPEN_FAILED', 'hid', path, text), err);
}

/** Loads the library and opens `path`; every failure is a DeviceProblemError with a bilingual hint. */
export async function openHid(path: string, loader: HidLoader = nodeHidLoader): Promise<HidHandle> {
  let backend: HidBackend;
  try {
    backend = await loader();
  } catch (err) {
    throw new DeviceProblemError(problem('HID_LIBRARY_MISSING', 'hid', 'node-hid', errorText(err)), err);
  }
  try {
    return await backend.open(path);
  } catch (err) {
    throw await explainHidOpenFailure(err, path);
  }
}
