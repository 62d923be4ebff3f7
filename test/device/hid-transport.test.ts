// The HID report transport: framings byte for byte, ordering, failures, the real node-hid's answers, and a printer behind a HID bridge.
import { describe, expect, it } from 'vitest';
import { isDeviceError } from '../../device/errors';
import { isDeviceProblemError } from '../../device/discovery/problem';
import { createPrinterEmulator } from '../../device/emulator/printer';
import { nodeHidLoader, openHid, type HidHandle, type HidLoader } from '../../device/hid/hid-backend';
import { hidFrames, hidTransport, openHidTransport } from '../../device/hid/hid-transport';
import { createPrinterDriver } from '../../device/printer/driver';
import type { ByteTransport } from '../../device/transport/byte-transport';

const bytes = (n: number, from = 1) => Uint8Array.from({ length: n }, (_, i) => (from + i) & 0xff);

describe('hidFrames', () => {
  it('raw: report id then the bytes, padded to the report size, split at the size', () => {
    const f = hidFrames({ framing: 'raw', reportSize: 4 });
    expect(f.encode(bytes(6)).map((r) => [...r])).toEqual([[0, 1, 2, 3, 4], [0, 5, 6, 0, 0]]);
    expect([...f.decode(Uint8Array.of(9, 8, 0, 0))]).toEqual([9, 8, 0, 0]);
  });

  it('raw without padding writes only what is needed, and drops a numbered input report id when told', () => {
    const f = hidFrames({ framing: 'raw', reportSize: 4, pad: false, reportId: 3, hasInputReportId: true });
    expect(f.encode(bytes(5)).map((r) => [...r])).toEqual([[3, 1, 2, 3, 4], [3, 5]]);
    expect([...f.decode(Uint8Array.of(3, 0x12, 0x14))]).toEqual([0x12, 0x14]);
  });

  it('length-byte: id, count, bytes; the count lets padding be told from data on the way back', () => {
    const f = hidFrames({ framing: 'length-byte', reportSize: 4 });
    expect(f.encode(bytes(4)).map((r) => [...r])).toEqual([[0, 3, 1, 2, 3], [0, 1, 4, 0, 0]]);
    expect([...f.decode(Uint8Array.of(2, 0x41, 0x42, 0, 0))]).toEqual([0x41, 0x42]);
    expect([...f.decode(Uint8Array.of(0, 0, 0))]).toEqual([]);
  });

  it('report-id-length (CP2110): the report id is the byte count, at most 63 per report', () => {
    const f = hidFrames({ framing: 'report-id-length' });
    const reports = f.encode(bytes(100));
    expect(reports.map((r) => r[0])).toEqual([63, 37]);
    expect(reports.every((r) => r.length === 64)).toBe(true);
    expect([...(reports[1] as Uint8Array).subarray(1, 38)]).toEqual([...bytes(37, 64)]);
    expect([...f.decode(Uint8Array.of(2, 0x10, 0x20, 0x30))]).toEqual([0x10, 0x20]);
  });

  it('never reads past the report when a count claims more than it holds', () => {
    const f = hidFrames({ framing: 'length-byte' });
    expect([...f.decode(Uint8Array.of(50, 1, 2))]).toEqual([1, 2]);
  });
});

/** An open HID handle the test drives: what was written, and input reports or an error pushed in. */
function scriptedHandle() {
  const written: number[][] = [];
  let onData: ((r: Uint8Array) => void) | null = null;
  let onError: ((e: Error) => void) | null = null;
  let closes = 0;
  let failWrites = false;
  const handle: HidHandle = {
    onData: (cb) => (onData = cb),
    onError: (cb) => (onError = cb),
    write: async (r) => {
      await new Promise((res) => setTimeout(res, 1));
      if (failWrites) throw new Error('hid_write: device disconnected');
      written.push([...r]);
      return r.length;
    },
    close: async () => {
      closes++;
    },
  };
  return {
    handle, written,
    input: (r: number[]) => onData?.(Uint8Array.from(r)),
    fail: (e: Error) => onError?.(e),
    failWrites: () => (failWrites = true),
    closes: () => closes,
  };
}

describe('hidTransport', () => {
  it('keeps the reports of two overlapping writes in order, never interleaved', async () => {
    const s = scriptedHandle();
    const t = hidTransport(s.handle, { path: '/dev/hidraw7', framing: 'length-byte', reportSize: 3, pad: false });
    await Promise.all([t.write(bytes(4, 1)), t.write(bytes(4, 0x11))]);
    expect(s.written).toEqual([[0, 2, 1, 2], [0, 2, 3, 4], [0, 2, 0x11, 0x12], [0, 2, 0x13, 0x14]]);
    expect(t.description).toBe('hid /dev/hidraw7');
  });

  it('delivers the payload of each input report and ignores empty ones', () => {
    const s = scriptedHandle();
    const t = hidTransport(s.handle, { path: 'p', framing: 'length-byte' });
    const got: number[][] = [];
    t.onData((b) => got.push([...b]));
    s.input([2, 0x12, 0x12, 0, 0]);
    s.input([0, 0, 0]);
    expect(got).toEqual([[0x12, 0x12]]);
  });

  it('closes with TRANSPORT_CLOSED and a hint when the device reports an error (unplugged)', async () => {
    const s = scriptedHandle();
    const t = hidTransport(s.handle, { path: 'p' });
    const reasons: unknown[] = [];
    t.onClose((r) => reasons.push(r));
    s.fail(new Error('could not read from HID device'));
    expect(t.isOpen).toBe(false);
    expect(isDeviceError(reasons[0], 'TRANSPORT_CLOSED')).toBe(true);
    await expect(t.write(bytes(1))).rejects.toMatchObject({ code: 'TRANSPORT_CLOSED' });
    expect(s.closes()).toBe(1);
  });

  it('turns a failed report write into TRANSPORT_WRITE_FAILED, and close is idempotent', async () => {
    const s = scriptedHandle();
    const t = hidTransport(s.handle, { path: 'p' });
    s.failWrites();
    await expect(t.write(bytes(3))).rejects.toMatchObject({ code: 'TRANSPORT_WRITE_FAILED' });
    let closeEvents = 0;
    t.onClose(() => closeEvents++);
    await t.close();
    await t.close();
    expect(closeEvents).toBe(1);
    expect(s.closes()).toBe(1);
  });
});

/**
 * A HID-to-serial bridge (length-byte framing) in front of the emulated printer: reports in become bytes to the
 * printer, the printer's bytes become input reports. The ESC/POS driver above cannot tell it from a serial port.
 */
function hidBridgeTo(printerEnd: ByteTransport): HidHandle {
  const frames = hidFrames({ framing: 'length-byte' });
  let onData: ((r: Uint8Array) => void) | null = null;
  printerEnd.onData((b) => {
    for (const r of frames.encode(b)) onData?.(r.subarray(1));
  });
  return {
    onData: (cb) => (onData = cb),
    onError: () => undefined,
    write: async (report) => {
      const body = report.subarray(1);
      await printerEnd.write(body.subarray(1, 1 + (body[0] ?? 0)));
      return report.length;
    },
    close: () => printerEnd.close(),
  };
}

describe('a printer behind a HID bridge', () => {
  it('answers the driver’s DLE EOT status through HID reports, faults included', async () => {
    const emulator = createPrinterEmulator();
    const link = hidTransport(hidBridgeTo(emulator.memoryTransport()), { path: 'bridge', framing: 'length-byte' });
    const driver = createPrinterDriver(link, { statusTimeoutMs: 500 });
    expect((await driver.readStatus()).isOnline).toBe(true);
    emulator.setFault('cover-open');
    expect((await driver.readStatus()).isCoverOpen).toBe(true);
    await driver.close();
    await emulator.close();
  });
});

describe('opening HID devices for real', () => {
  it('names a /dev/hidraw path that does not exist HID_NOT_FOUND, through the real node-hid', async () => {
    try {
      await openHidTransport({ path: '/dev/hidraw99' });
      expect.unreachable('no such device');
    } catch (e) {
      expect(isDeviceProblemError(e, 'HID_NOT_FOUND')).toBe(true);
      if (isDeviceProblemError(e)) {
        expect(e.problem.subject).toBe('/dev/hidraw99');
        expect(e.problem.hint.fr).toMatch(/câble USB/);
      }
    }
  });

  it('names a library that cannot be loaded HID_LIBRARY_MISSING, with the packages to install', async () => {
    const missing: HidLoader = () => Promise.reject(Object.assign(new Error("Cannot find module 'node-hid'"), { code: 'ERR_MODULE_NOT_FOUND' }));
    await expect(openHid('/dev/hidraw0', missing)).rejects.toMatchObject({ code: 'HID_LIBRARY_MISSING' });
    await openHid('/dev/hidraw0', missing).catch((e: unknown) => {
      expect(isDeviceProblemError(e) && e.problem.hint.en).toMatch(/libudev1/);
    });
  });

  it('names a permission refusal HID_PERMISSION_DENIED with the udev rule', async () => {
    const denied: HidLoader = async () => ({
      devices: async () => [],
      open: () => Promise.reject(Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' })),
    });
    await openHid('/dev/hidraw0', denied).then(
      () => expect.unreachable(),
      (e: unknown) => {
        expect(isDeviceProblemError(e, 'HID_PERMISSION_DENIED')).toBe(true);
        expect(isDeviceProblemError(e) && e.problem.hint.fr).toMatch(/udev/);
      },
    );
  });

  it('lists this machine’s HID devices through node-hid without throwing', async () => {
    const list = await (await nodeHidLoader()).devices();
    expect(Array.isArray(list)).toBe(true);
    for (const d of list) expect(typeof d.vendorId).toBe('number');
  });
});
