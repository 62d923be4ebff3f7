// The serial transport: lazy loading, open errors a technician can act on, and real bytes through a socat PTY pair.
import { describe, it, expect, afterEach } from 'vitest';
import { describeSerialOpenError, openSerialTransport } from '../../device/transport/serial';
import { hasSocat, ptyPair, SOCAT_MISSING } from '../support/pty';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('serial open errors', () => {
  it('a missing serialport library is SERIAL_LIBRARY_MISSING, not a crash', async () => {
    const failing = (): Promise<never> => Promise.reject(new Error("Cannot find module 'serialport'"));
    await expect(openSerialTransport({ path: '/dev/ttyUSB0' }, failing)).rejects.toMatchObject({ code: 'SERIAL_LIBRARY_MISSING' });
  });
  it('EACCES says to join the dialout group or add a udev rule', () => {
    const e = describeSerialOpenError(new Error('Error: Permission denied, cannot open /dev/ttyUSB0'), '/dev/ttyUSB0');
    expect(e.code).toBe('SERIAL_PERMISSION_DENIED');
    expect(e.hint).toMatch(/dialout/);
    expect(e.hint).toMatch(/udev/);
  });
  it('a port held by another program is SERIAL_BUSY', () => {
    expect(describeSerialOpenError(new Error('Error Resource temporarily unavailable Cannot lock port'), '/dev/ttyS0').code).toBe('SERIAL_BUSY');
  });
  it('opening a port that does not exist, with the real binding, is SERIAL_NOT_FOUND', async () => {
    await expect(openSerialTransport({ path: '/dev/ttyNOPE-stalela' })).rejects.toMatchObject({ code: 'SERIAL_NOT_FOUND' });
  });
});

describe.skipIf(!hasSocat())(`serial over a PTY pair (real serialport binding; skipped when ${SOCAT_MISSING})`, () => {
  it('carries every byte value both ways at 115200 baud', async () => {
    const pair = await ptyPair(cleanups);
    const a = await openSerialTransport({ path: pair.paths[0] });
    const b = await openSerialTransport({ path: pair.paths[1] });
    cleanups.push(() => a.close(), () => b.close());
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    const got: number[] = [];
    const done = new Promise<void>((r) => b.onData((d) => { got.push(...d); if (got.length >= 256) r(); }));
    await a.write(all);
    await done;
    expect(got).toEqual([...all]);
    expect(a.description).toBe(`serial ${pair.paths[0]} @115200`);
  });
  it('closing the port makes writes fail with TRANSPORT_CLOSED', async () => {
    const pair = await ptyPair(cleanups);
    const a = await openSerialTransport({ path: pair.paths[0] });
    await a.close();
    expect(a.isOpen).toBe(false);
    await expect(a.write(Uint8Array.of(1))).rejects.toMatchObject({ code: 'TRANSPORT_CLOSED' });
  });
});
