// A HID device as a ByteTransport: bytes cut into output reports, input reports turned back into bytes, per a framing.
import { DeviceError } from '../errors';
import { listeners, type ByteTransport } from '../transport/byte-transport';
import { nodeHidLoader, openHid, type HidHandle, type HidLoader } from './hid-backend';

/**
 * How a byte stream rides in fixed-size HID reports, whose unused tail is padding:
 * - `raw`: the report is the bytes; input reports are delivered whole (padding included), for devices with their
 *   own framing (ESC/POS status bytes, an MCF frame from SOH to ETX).
 * - `length-byte`: the first data byte says how many bytes follow (HID-to-serial bridges of printers and scanners).
 * - `report-id-length`: the report id itself is the byte count, 1–63 (Silicon Labs CP2110 HID-to-UART).
 */
export type HidFraming = 'raw' | 'length-byte' | 'report-id-length';

export type HidTransportOptions = {
  path: string;
  framing?: HidFraming;
  /** Report id of output reports for `raw` and `length-byte` (0: the device does not number its reports). */
  reportId?: number;
  /** Data bytes per report, after the id byte (64 for a full-speed device; 63 for the CP2110 framing). */
  reportSize?: number;
  /** Input reports start with a report id byte to drop (numbered reports on Linux hidraw). `report-id-length` implies it. */
  hasInputReportId?: boolean;
  /** Fill every output report to its full size, as Windows requires (default true). */
  pad?: boolean;
  loader?: HidLoader;
};

export type HidFrames = {
  /** The output reports, id byte first, that carry `bytes`. */
  encode(bytes: Uint8Array): Uint8Array[];
  /** The payload bytes of one input report (empty for a report that carries none). */
  decode(report: Uint8Array): Uint8Array;
};

/** The framing alone, without I/O, so it is tested byte for byte. */
export function hidFrames(options: Omit<HidTransportOptions, 'path' | 'loader'> = {}): HidFrames {
  const framing = options.framing ?? 'raw';
  // At least two data bytes, so a length byte and one byte of payload always fit.
  const size = Math.max(2, Math.floor(options.reportSize ?? (framing === 'report-id-length' ? 63 : 64)));
  const reportId = options.reportId ?? 0;
  const pad = options.pad ?? true;
  const dropId = framing === 'report-id-length' ? false : options.hasInputReportId ?? false;
  const room = framing === 'raw' ? size : framing === 'length-byte' ? size - 1 : Math.min(63, size);
  return {
    encode(bytes) {
      const reports: Uint8Array[] = [];
      for (let i = 0; i < bytes.length; i += room) {
        const chunk = bytes.subarray(i, Math.min(bytes.length, i + room));
        const head = framing === 'raw' ? [reportId] : framing === 'length-byte' ? [reportId, chunk.length] : [chunk.length];
        const report = new Uint8Array(pad ? 1 + size : head.length + chunk.length);
        report.set(head, 0);
        report.set(chunk, head.length);
        reports.push(report);
      }
      return reports;
    },
    decode(report) {
      const body = dropId ? report.subarray(1) : report;
      if (framing === 'raw') return body;
      const n = body[0] ?? 0;
      return body.subarray(1, 1 + Math.min(n, body.length - 1));
    },
  };
}

/** Wraps an open HID handle; exposed so code above it can be tested over any handle. */
export function hidTransport(handle: HidHandle, options: Omit<HidTransportOptions, 'loader'>): ByteTransport {
  const frames = hidFrames(options);
  const description = `hid ${options.path}`;
  const data = listeners<[Uint8Array]>();
  const closed = listeners<[DeviceError | undefined]>();
  let open = true;
  // Reports of one write must not interleave with those of the next.
  let chain: Promise<unknown> = Promise.resolve();
  const shut = (reason?: DeviceError): void => {
    if (!open) return;
    open = false;
    closed.emit(reason);
    data.clear();
    closed.clear();
  };
  handle.onData((report) => {
    if (!open) return;
    const bytes = frames.decode(report);
    if (bytes.length > 0) data.emit(Uint8Array.from(bytes));
  });
  handle.onError((err) => {
    // hidapi reports an unplugged device as a read error; the link is gone.
    shut(new DeviceError('TRANSPORT_CLOSED', `The ${description} link failed: ${err.message}.`, {
      cause: err,
      hint: 'Check the USB cable; unplug and replug the device, then test it again.',
    }));
    handle.close().catch(() => undefined);
  });
  return {
    description,
    get isOpen() {
      return open;
    },
    write(bytes) {
      if (!open) return Promise.reject(new DeviceError('TRANSPORT_CLOSED', `The ${description} link is closed; nothing can be written.`));
      const reports = frames.encode(bytes);
      const run = chain.then(async () => {
        for (const r of reports) {
          if (!open) throw new DeviceError('TRANSPORT_CLOSED', `The ${description} link closed during a write.`);
          try {
            await handle.write(r);
          } catch (err) {
            throw new DeviceError('TRANSPORT_WRITE_FAILED', `Writing to ${description} failed: ${err instanceof Error ? err.message : String(err)}.`, { cause: err });
          }
        }
      });
      chain = run.catch(() => undefined);
      return run;
    },
    onData: (cb) => data.add(cb),
    onClose: (cb) => closed.add(cb),
    async close() {
      if (!open) return;
      shut();
      await handle.close().catch(() => undefined);
    },
  };
}

/** Opens the HID device at `path` (node-hid, loaded on first use). Failures are DeviceProblemError (HID_*). */
export async function openHidTransport(options: HidTransportOptions): Promise<ByteTransport> {
  const handle = await openHid(options.path, options.loader ?? nodeHidLoader);
  return hidTransport(handle, options);
}
