// discoverDevices: every source answers or fails alone with a typed bilingual problem, progress in words, one entry per device.
import { describe, expect, it } from 'vitest';
import { discoverDevices, mergeFound } from '../../device/discovery/discover';
import type { DiscoveryProgress, SourceResult } from '../../device/discovery/types';
import type { HidLoader } from '../../device/hid/hid-backend';
import type { SerialLoader } from '../../device/transport/serial';
import type { UsbDeviceInfo, UsbLoader } from '../../device/usb/usb-backend';

const errno = (message: string, code: string): Error => Object.assign(new Error(message), { code });

/** The `serialport` module as far as discovery reads it: SerialPort.list(). */
const serialListing = (ports: object[] | Error): SerialLoader =>
  (async () => ({
    SerialPort: { list: async () => { if (ports instanceof Error) throw ports; return ports; } },
  })) as unknown as SerialLoader;

const usbListing = (devices: Partial<UsbDeviceInfo>[]): UsbLoader => async () => ({
  list: async () => devices.map((d) => ({
    vendorId: 0, productId: 0, deviceClass: 0, interfaceClasses: [], manufacturer: null, product: null, serialNumber: null,
    bus: '1-1', address: 2, handle: null, ...d,
  })),
  watch: async () => async () => undefined,
});

const noHid: HidLoader = async () => ({ devices: async () => [], open: () => Promise.reject(new Error('unused')) });

describe('discoverDevices on this machine (no USB hardware)', () => {
  it('never throws; each source is ok or failed with a typed problem in French and English', async () => {
    const progress: DiscoveryProgress[] = [];
    const report = await discoverDevices({ onProgress: (p) => progress.push(p) });
    for (const source of ['serial', 'usb', 'hid'] as const) {
      const r = report.sources[source];
      expect(['ok', 'failed']).toContain(r.status);
      if (r.status === 'failed') {
        expect(r.problem?.source).toBe(source);
        expect(r.problem?.message.fr).not.toBe(r.problem?.message.en);
        expect(r.problem?.hint.fr.length).toBeGreaterThan(20);
      } else {
        expect(r.problem).toBeNull();
      }
    }
    expect(report.sources.network.status).toBe('skipped');
    expect(progress.filter((p) => p.phase === 'start').map((p) => p.message.fr)).toContain('Recherche des ports série…');
    expect(progress.filter((p) => p.phase === 'done')).toHaveLength(3);
    expect(progress.at(-1)?.completed).toBe(3);
  });
});

describe('discoverDevices with sources that fail', () => {
  it('keeps answering from the other sources when USB fails with ENOENT and HID with EACCES', async () => {
    const report = await discoverDevices({
      serial: { loader: serialListing([{ path: '/dev/ttyUSB0', vendorId: '0403', productId: '6001', manufacturer: 'FTDI' }]) },
      usbLoader: async () => ({ list: () => Promise.reject(errno('getDevices error: /sys/bus/usb/devices/ not found (errno 2)', 'GenericFailure')), watch: () => Promise.reject(new Error('x')) }),
      hidLoader: async () => ({ devices: () => Promise.reject(errno('EACCES: permission denied, open /dev/hidraw0', 'EACCES')), open: () => Promise.reject(new Error('x')) }),
    });
    expect(report.sources.usb.problem?.code).toBe('USB_SUBSYSTEM_UNAVAILABLE');
    expect(report.sources.hid.problem?.code).toBe('HID_PERMISSION_DENIED');
    expect(report.sources.hid.problem?.subject).toBe('/dev/hidraw0');
    expect(report.sources.serial.status).toBe('ok');
    expect(report.devices.map((d) => d.id)).toEqual(['serial:/dev/ttyUSB0']);
    expect(report.devices[0]?.note).toMatch(/candidat MCF/);
  });

  it('names a serial library that cannot load SERIAL_LIBRARY_MISSING, and a missing udevadm SERIAL_TOOL_MISSING', async () => {
    const missingLib: SerialLoader = () => Promise.reject(errno("Cannot find module '@serialport/bindings-cpp'", 'ERR_MODULE_NOT_FOUND'));
    const a = await discoverDevices({ sources: ['serial'], serial: { loader: missingLib } });
    expect(a.sources.serial.problem?.code).toBe('SERIAL_LIBRARY_MISSING');
    const b = await discoverDevices({ sources: ['serial'], serial: { loader: serialListing(errno('spawn udevadm ENOENT', 'ENOENT')) } });
    expect(b.sources.serial.problem).toMatchObject({ code: 'SERIAL_TOOL_MISSING', subject: 'udevadm' });
    expect(b.sources.serial.problem?.hint.fr).toMatch(/apt-get install udev/);
  });

  it('stops a source that hangs after sourceTimeoutMs and says so (SOURCE_TIMEOUT)', async () => {
    const hanging: UsbLoader = () => new Promise(() => undefined);
    const started = performance.now();
    const report = await discoverDevices({ sources: ['usb', 'hid'], usbLoader: hanging, hidLoader: noHid, sourceTimeoutMs: 150 });
    expect(performance.now() - started).toBeLessThan(2000);
    expect(report.sources.usb.problem?.code).toBe('SOURCE_TIMEOUT');
    expect(report.sources.hid.status).toBe('ok');
  });

  it('survives a progress callback that throws', async () => {
    const report = await discoverDevices({ sources: ['hid'], hidLoader: noHid, onProgress: () => { throw new Error('UI gone'); } });
    expect(report.sources.hid.status).toBe('ok');
  });

  it('tells progress in words: the problem’s sentence when a source fails, a count when it answers', async () => {
    const progress: DiscoveryProgress[] = [];
    await discoverDevices({
      sources: ['usb', 'hid'],
      usbLoader: () => Promise.reject(errno('libusb-1.0.so.0: cannot open shared object file', 'ERR_DLOPEN_FAILED')),
      hidLoader: noHid,
      onProgress: (p) => progress.push(p),
    });
    const usbDone = progress.find((p) => p.source === 'usb' && p.phase === 'done');
    expect(usbDone?.problem?.code).toBe('USB_LIBRARY_MISSING');
    expect(usbDone?.message.fr).toMatch(/bibliothèque USB/);
    expect(progress.find((p) => p.source === 'hid' && p.phase === 'done')?.message.fr).toBe('0 lecteur(s) ou appareil(s) HID trouvé(s).');
  });
});

describe('one entry per physical device', () => {
  it('keeps a USB-serial cable as its serial port (what a driver opens), with the USB id beside it', async () => {
    const report = await discoverDevices({
      serial: { loader: serialListing([{ path: '/dev/ttyUSB0', vendorId: '1a86', productId: '7523' }]) },
      usbLoader: usbListing([
        { vendorId: 0x1a86, productId: 0x7523 },
        { vendorId: 0x04b8, productId: 0x0202, interfaceClasses: [7], manufacturer: 'EPSON' },
        { vendorId: 0x1d6b, productId: 0x0002 },
      ]),
      hidLoader: noHid,
    });
    expect(report.devices.map((d) => d.id)).toEqual(['usb:04b8:0202@1-1.2', 'serial:/dev/ttyUSB0']);
    expect(report.devices[1]?.alsoSeenAs).toEqual(['usb:1a86:7523@1-1.2']);
    expect(report.sources.usb.devices).toHaveLength(2);
    expect(report.sources.usb.ignored).toBe(1);
  });

  it('does not merge two cables of the same model with different serial numbers', () => {
    const serial: SourceResult = {
      source: 'serial', status: 'ok', problem: null, misses: [], missesOmitted: 0, ignored: 0, durationMs: 0,
      devices: [{ id: 'serial:/dev/ttyUSB0', source: 'serial', address: { kind: 'serial', path: '/dev/ttyUSB0' }, roles: ['mcf'], confidence: 'possible', label: '', note: '', vendorId: 0x0403, productId: 0x6001, serialNumber: 'A' }],
    };
    const usb: SourceResult = {
      ...serial, source: 'usb',
      devices: [{ id: 'usb:b', source: 'usb', address: { kind: 'usb', vendorId: 0x0403, productId: 0x6001 }, roles: ['mcf'], confidence: 'possible', label: '', note: '', vendorId: 0x0403, productId: 0x6001, serialNumber: 'B' }],
    };
    expect(mergeFound([serial, usb]).map((d) => d.id)).toEqual(['serial:/dev/ttyUSB0', 'usb:b']);
  });

  it('lists likely devices before possible ones, and unknown devices last', async () => {
    const report = await discoverDevices({
      sources: ['usb'],
      usbLoader: usbListing([{ vendorId: 0x9999 }, { vendorId: 0x0416 }, { vendorId: 0x0519, address: 3 }]),
    });
    expect(report.devices.map((d) => d.confidence)).toEqual(['likely', 'possible', 'unknown']);
  });
});
