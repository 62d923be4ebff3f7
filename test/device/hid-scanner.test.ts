// HID POS barcode scanners: scanned-data reports assembled into codes (a DGI receipt QR spans two), and which HID devices are scanners.
import { describe, expect, it } from 'vitest';
import { discoverHid, hidFound } from '../../device/discovery/hid-source';
import type { HidDeviceInfo, HidHandle, HidLoader } from '../../device/hid/hid-backend';
import { createScanAssembler, honeywellReports, isHidPosScanner, symbologyOfAim } from '../../device/hid/hid-pos-scanner';
import { openHidScanner, type ScanEvent } from '../../device/hid/scanner-reader';

/** The QR payload of the DGI sample receipt's layout ("RDCDEF01;NIM;CODE;NIF;time"): 71 bytes, more than one report. */
const DGI_QR = 'RDCDEF01;XX01710090-1;TEST2AAAAXM2ODVUHYRJDQ6TZ;A1234567B;20251125140311';

describe('createScanAssembler (Honeywell layout)', () => {
  it('reads an EAN-13 from one report, with its AIM identifier and symbology', () => {
    const a = createScanAssembler('honeywell');
    const code = a.push((honeywellReports('6001234567890', ']E0'))[0] as Uint8Array);
    expect(code).toMatchObject({ text: '6001234567890', aim: ']E0', symbology: 'ean-upc' });
  });

  it('joins a QR code that spans two reports, the first flagged “more follows”', () => {
    const reports = honeywellReports(DGI_QR, ']Q1');
    expect(reports).toHaveLength(2);
    expect(reports[0]?.[63]).toBe(1);
    const a = createScanAssembler();
    expect(a.push(reports[0] as Uint8Array)).toBeNull();
    expect(a.push(reports[1] as Uint8Array)).toMatchObject({ text: DGI_QR, symbology: 'qr-code' });
  });

  it('ignores reports that are not scanned data (other report ids) and recovers after reset', () => {
    const a = createScanAssembler();
    expect(a.push(Uint8Array.of(0x04, 1, 2, 3))).toBeNull();
    const [first] = honeywellReports(DGI_QR, ']Q1');
    a.push(first as Uint8Array);
    a.reset();
    expect(a.push((honeywellReports('123', ']C0'))[0] as Uint8Array)?.text).toBe('123');
  });

  it('reads UTF-8 when the bytes are UTF-8, and Latin-1 otherwise', () => {
    const a = createScanAssembler();
    expect(a.push((honeywellReports('Épinards', ']Q1'))[0] as Uint8Array)?.text).toBe('Épinards');
    expect(a.push((honeywellReports(Uint8Array.of(0x43, 0xe9), ']A0'))[0] as Uint8Array)?.text).toBe('Cé');
  });

  it('reads the Newland layout: length then data, no AIM prefix', () => {
    const r = new Uint8Array(64);
    r.set([0x02, 4, 0x31, 0x32, 0x33, 0x34]);
    expect(createScanAssembler('newland').push(r)).toMatchObject({ text: '1234', aim: null, symbology: null });
  });

  it('maps AIM identifiers to symbologies, GS1-128 and EAN-8 included', () => {
    expect(symbologyOfAim(']C1')).toBe('gs1-128');
    expect(symbologyOfAim(']E4')).toBe('ean8');
    expect(symbologyOfAim(']d2')).toBe('data-matrix');
    expect(symbologyOfAim('XYZ')).toBeNull();
  });
});

const hid = (over: Partial<HidDeviceInfo>): HidDeviceInfo => ({
  path: '/dev/hidraw0', vendorId: 0x0c2e, productId: 0x0b87, manufacturer: 'Honeywell', product: 'Voyager 1450g',
  serialNumber: null, usagePage: 0x8c, usage: 0x02, interfaceNumber: 0, ...over,
});

describe('which HID devices are scanners', () => {
  it('takes a usage page 8Ch interface as a HID POS scanner to open', () => {
    expect(isHidPosScanner(hid({}))).toBe(true);
    expect(hidFound(hid({}))).toMatchObject({ id: 'hid:/dev/hidraw0', roles: ['scanner'], confidence: 'likely', address: { kind: 'hid', path: '/dev/hidraw0' } });
  });

  it('takes a scanner maker’s keyboard interface as a keyboard-wedge scanner: nothing to open', () => {
    const f = hidFound(hid({ usagePage: 0x01, usage: 0x06, vendorId: 0x05e0 }));
    expect(f).toMatchObject({ address: { kind: 'keyboard' }, roles: ['scanner'] });
    expect(f?.note).toMatch(/Entrée/);
  });

  it('ignores the mouse and keyboard of other makers', () => {
    expect(hidFound(hid({ vendorId: 0x046d, usagePage: 0x01, usage: 0x02 }))).toBeNull();
    expect(hidFound(hid({ vendorId: 0x046d, usagePage: 0x01, usage: 0x06 }))).toBeNull();
  });

  it('lists each device once, counting the collections it ignored', async () => {
    const loader: HidLoader = async () => ({
      devices: async () => [hid({}), hid({}), hid({ vendorId: 0x046d, usagePage: 0x01, usage: 0x02, path: '/dev/hidraw1' })],
      open: () => Promise.reject(new Error('not used')),
    });
    const r = await discoverHid(loader);
    expect(r.devices).toHaveLength(1);
    expect(r.ignored).toBe(2);
  });

  it('reports HID_PERMISSION_DENIED when listing is refused, and HID_LIBRARY_MISSING when node-hid cannot load', async () => {
    const denied: HidLoader = async () => ({ devices: () => Promise.reject(Object.assign(new Error('Permission denied'), { code: 'EACCES' })), open: () => Promise.reject(new Error('x')) });
    expect((await discoverHid(denied)).problem?.code).toBe('HID_PERMISSION_DENIED');
    const missing: HidLoader = () => Promise.reject(Object.assign(new Error('No native build was found for platform=linux'), { code: 'MODULE_NOT_FOUND' }));
    const r = await discoverHid(missing);
    expect(r).toMatchObject({ status: 'failed', devices: [] });
    expect(r.problem?.code).toBe('HID_LIBRARY_MISSING');
  });
});

describe('openHidScanner', () => {
  it('hands each assembled code to onScan, with the path and a time, and reports an unplug as HID_NOT_FOUND', async () => {
    const on: { data?: (r: Uint8Array) => void; error?: (e: Error) => void } = {};
    let closed = 0;
    const handle: HidHandle = { onData: (cb) => (on.data = cb), onError: (cb) => (on.error = cb), write: async () => 0, close: async () => void closed++ };
    const loader: HidLoader = async () => ({ devices: async () => [], open: async () => handle });
    const scans: ScanEvent[] = [];
    const problems: string[] = [];
    const scanner = await openHidScanner({ path: '/dev/hidraw3', loader, onScan: (s) => scans.push(s), onProblem: (p) => problems.push(p.code) });
    for (const r of honeywellReports(DGI_QR, ']Q1')) on.data?.(r);
    on.data?.((honeywellReports('6001234567890'))[0] as Uint8Array);
    expect(scans.map((s) => s.text)).toEqual([DGI_QR, '6001234567890']);
    expect(scans[0]).toMatchObject({ path: '/dev/hidraw3', symbology: 'qr-code' });
    expect(Number.isNaN(Date.parse(scans[0]?.at ?? ''))).toBe(false);
    on.error?.(new Error('read error'));
    expect(problems).toEqual(['HID_NOT_FOUND']);
    expect(scanner.isOpen).toBe(false);
    await scanner.close();
    expect(closed).toBe(1);
  });
});
