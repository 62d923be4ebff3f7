// USB discovery: vendor ids and interface classes to role guesses, failures as typed problems, and hot-plug following.
import { describe, expect, it } from 'vitest';
import { discoverUsb } from '../../device/discovery/usb-source';
import type { UsbBackend, UsbDeviceInfo, UsbLoader } from '../../device/usb/usb-backend';
import { nativeUsbLoader } from '../../device/usb/usb-backend';
import { usbFound } from '../../device/usb/usb-found';
import { guessUsbRole, KNOWN_VENDORS } from '../../device/usb/vendors';
import { watchUsb, type UsbDetached } from '../../device/usb/watch';
import type { FoundDevice } from '../../device/discovery/types';

const dev = (over: Partial<UsbDeviceInfo>): UsbDeviceInfo => ({
  vendorId: 0x1234, productId: 0x0001, deviceClass: 0, interfaceClasses: [], manufacturer: null, product: null,
  serialNumber: null, bus: '1-2', address: 5, handle: 'h1', ...over,
});

/** An error as Node and native bindings raise it: a message and an errno-style code. */
const errno = (message: string, code: string): Error => Object.assign(new Error(message), { code });

const failingLoader = (err: Error): UsbLoader => () => Promise.reject(err);
const listFailing = (err: Error): UsbLoader => async () => ({ list: () => Promise.reject(err), watch: () => Promise.reject(err) });

describe('USB role guesses', () => {
  it('names receipt-printer makers as likely printers: Epson, Star, Bixolon, Citizen', () => {
    for (const vid of [0x04b8, 0x0519, 0x1504, 0x1d90]) {
      expect(guessUsbRole(vid)).toMatchObject({ roles: ['printer'], confidence: 'likely' });
    }
  });

  it('treats controller-chip vendors behind unbranded printers (0416h, 0483h) as possible printers only', () => {
    expect(guessUsbRole(0x0416)).toMatchObject({ roles: ['printer'], confidence: 'possible' });
    expect(guessUsbRole(0x0483)).toMatchObject({ roles: ['printer'], confidence: 'possible' });
  });

  it('names scanner makers Honeywell, Zebra/Symbol and Datalogic as scanners', () => {
    for (const vid of [0x0c2e, 0x05e0, 0x05f9]) expect(guessUsbRole(vid).roles).toEqual(['scanner']);
  });

  it('calls every USB-serial bridge (FTDI, Prolific, CH340, CP210x) an MCF candidate first', () => {
    for (const vid of [0x0403, 0x067b, 0x1a86, 0x10c4]) {
      const g = guessUsbRole(vid);
      expect(g.roles[0]).toBe('mcf');
      expect(g.note).toMatch(/candidat MCF \(115200 bauds, 8N1\)/);
    }
  });

  it('lets a printer-class interface (07h) win over an unknown vendor, and a CDC interface make an MCF candidate', () => {
    expect(guessUsbRole(0x9999, [0x07])).toMatchObject({ roles: ['printer'], confidence: 'likely' });
    expect(guessUsbRole(0x9999, [0x02, 0x0a])).toMatchObject({ roles: ['mcf'], confidence: 'possible' });
    expect(guessUsbRole(0x9999, [])).toMatchObject({ roles: [], confidence: 'unknown' });
  });

  it('ignores hubs and root hubs', () => {
    expect(usbFound(dev({ deviceClass: 0x09 }))).toBeNull();
    expect(usbFound(dev({ vendorId: 0x1d6b }))).toBeNull();
  });

  it('has no vendor id twice in its table', () => {
    expect(new Set(KNOWN_VENDORS.map((v) => v.vendorId)).size).toBe(KNOWN_VENDORS.length);
  });

  it('labels a device in French with its maker, product and role, and an id with ids and bus position', () => {
    const f = usbFound(dev({ vendorId: 0x04b8, productId: 0x0202, manufacturer: 'EPSON', product: 'TM-T20II', serialNumber: 'X1' }));
    expect(f).toMatchObject({ id: 'usb:04b8:0202@1-2.5', label: 'EPSON TM-T20II — imprimante de tickets (USB)', serialNumber: 'X1', vendorName: 'Epson' });
    expect(f?.address).toEqual({ kind: 'usb', vendorId: 0x04b8, productId: 0x0202, bus: '1-2', deviceAddress: 5 });
  });
});

describe('discoverUsb', () => {
  it('lists useful devices and counts the hubs it ignores', async () => {
    const loader: UsbLoader = async () => ({
      list: async () => [dev({ vendorId: 0x04b8 }), dev({ vendorId: 0x1d6b, handle: 'root' }), dev({ vendorId: 0x0403, handle: 'h3' })],
      watch: async () => async () => undefined,
    });
    const r = await discoverUsb(loader);
    expect(r.status).toBe('ok');
    expect(r.devices.map((d) => d.roles[0])).toEqual(['printer', 'mcf']);
    expect(r.ignored).toBe(1);
  });

  it('turns a missing native library (libusb .so ENOENT) into USB_LIBRARY_MISSING naming libusb-1.0-0', async () => {
    const r = await discoverUsb(failingLoader(errno('libusb-1.0.so.0: cannot open shared object file: No such file or directory', 'ERR_DLOPEN_FAILED')));
    expect(r.status).toBe('failed');
    expect(r.problem?.code).toBe('USB_LIBRARY_MISSING');
    expect(r.problem?.hint.fr).toContain('libusb-1.0-0');
    expect(r.problem?.hint.en).toContain('libusb-1.0-0');
  });

  it('turns a module that cannot be found into USB_LIBRARY_MISSING too', async () => {
    const r = await discoverUsb(failingLoader(errno("Cannot find module 'usb'", 'ERR_MODULE_NOT_FOUND')));
    expect(r.problem?.code).toBe('USB_LIBRARY_MISSING');
  });

  it('turns EACCES while listing into USB_PERMISSION_DENIED with the udev rule / plugdev advice', async () => {
    const r = await discoverUsb(listFailing(errno('EACCES: permission denied, open /dev/bus/usb/001/005', 'EACCES')));
    expect(r.problem).toMatchObject({ code: 'USB_PERMISSION_DENIED', source: 'usb', subject: '/dev/bus/usb/001/005' });
    expect(r.problem?.hint.fr).toMatch(/règle udev.*plugdev/);
    expect(r.problem?.hint.en).toMatch(/udev rule.*plugdev/);
  });

  it('turns the missing /sys/bus/usb of a container (ENOENT) into USB_SUBSYSTEM_UNAVAILABLE', async () => {
    const r = await discoverUsb(listFailing(errno('getDevices error: /sys/bus/usb/devices/ not found (errno 2)', 'GenericFailure')));
    expect(r.problem).toMatchObject({ code: 'USB_SUBSYSTEM_UNAVAILABLE', subject: '/sys/bus/usb/devices' });
    expect(r.problem?.message.fr).not.toBe(r.problem?.message.en);
  });

  it('on this machine, with the real `usb` package: a list or a typed problem, never an exception', async () => {
    const r = await discoverUsb(nativeUsbLoader);
    if (r.status === 'ok') {
      expect(Array.isArray(r.devices)).toBe(true);
      expect(r.problem).toBeNull();
    } else {
      // This CI container has no /sys/bus/usb: the problem says so instead of crashing.
      expect(['USB_SUBSYSTEM_UNAVAILABLE', 'USB_PERMISSION_DENIED', 'USB_LIBRARY_MISSING', 'USB_LIST_FAILED']).toContain(r.problem?.code);
      expect(r.problem?.hint.fr.length).toBeGreaterThan(20);
    }
  });
});

/** A backend whose hot-plug events the test fires, as the native emitter would. */
function scriptedBackend(initial: UsbDeviceInfo[]) {
  let attach: ((d: UsbDeviceInfo) => void) | null = null;
  let detach: ((h: string) => void) | null = null;
  let unsubscribed = 0;
  const backend: UsbBackend = {
    list: async () => initial,
    watch: async (a, d) => {
      attach = a;
      detach = d;
      return async () => {
        unsubscribed++;
      };
    },
  };
  return {
    loader: (async () => backend) as UsbLoader,
    plug: (d: UsbDeviceInfo) => attach?.(d),
    unplug: (h: string) => detach?.(h),
    unsubscribed: () => unsubscribed,
  };
}

describe('watchUsb', () => {
  it('reports a printer plugged in and names the device of a later detach by its handle', async () => {
    const s = scriptedBackend([dev({ vendorId: 0x0403, handle: 'ftdi' })]);
    const attached: FoundDevice[] = [];
    const detached: UsbDetached[] = [];
    const stop = watchUsb((d) => attached.push(d), (d) => detached.push(d), { loader: s.loader });
    expect(await stop.ready).toBeNull();
    s.plug(dev({ vendorId: 0x04b8, productId: 0x0e15, handle: 'epson' }));
    s.unplug('epson');
    s.unplug('ftdi');
    s.unplug('never-seen');
    expect(attached.map((d) => d.id)).toEqual(['usb:04b8:0e15@1-2.5']);
    expect(detached.map((d) => d.id)).toEqual(['usb:04b8:0e15@1-2.5', 'usb:0403:0001@1-2.5', null]);
    expect(detached[1]?.device?.roles[0]).toBe('mcf');
    await stop();
    expect(s.unsubscribed()).toBe(1);
  });

  it('stays silent after stop, and stop is idempotent', async () => {
    const s = scriptedBackend([]);
    const seen: string[] = [];
    const stop = watchUsb((d) => seen.push(d.id), () => seen.push('detach'), { loader: s.loader });
    await stop.ready;
    await stop();
    await stop();
    s.plug(dev({ vendorId: 0x04b8 }));
    expect(seen).toEqual([]);
    expect(s.unsubscribed()).toBe(1);
  });

  it('does not report hubs coming and going', async () => {
    const s = scriptedBackend([]);
    const seen: string[] = [];
    const stop = watchUsb((d) => seen.push(d.id), (d) => seen.push(`-${String(d.id)}`), { loader: s.loader });
    await stop.ready;
    s.plug(dev({ deviceClass: 0x09, handle: 'hub' }));
    s.unplug('hub');
    expect(seen).toEqual([]);
    await stop();
  });

  it('never throws when the library is missing: ready and onProblem carry USB_LIBRARY_MISSING', async () => {
    const problems: string[] = [];
    const stop = watchUsb(() => undefined, () => undefined, {
      loader: failingLoader(errno("Cannot find module 'usb/index.js'", 'ERR_MODULE_NOT_FOUND')),
      onProblem: (p) => problems.push(p.code),
    });
    expect((await stop.ready)?.code).toBe('USB_LIBRARY_MISSING');
    expect(problems).toEqual(['USB_LIBRARY_MISSING']);
    await stop();
  });

  it('names a hot-plug subscription that fails for another reason USB_WATCH_FAILED', async () => {
    const loader: UsbLoader = async () => ({ list: async () => [], watch: () => Promise.reject(new Error('netlink socket refused')) });
    const stop = watchUsb(() => undefined, () => undefined, { loader });
    expect((await stop.ready)?.code).toBe('USB_WATCH_FAILED');
  });

  it('with the real `usb` package on this machine: starts or reports a typed problem, and stops cleanly', async () => {
    const stop = watchUsb(() => undefined, () => undefined);
    const p = await stop.ready;
    if (p !== null) expect(p.source).toBe('usb');
    await stop();
  });
});
