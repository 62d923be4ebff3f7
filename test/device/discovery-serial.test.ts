// Serial discovery: the OS list on this machine, ports typed by hand (the emulator's PTY), and the wizard's detect → test flow.
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { discoverDevices } from '../../device/discovery/discover';
import { checkSerialPath, discoverSerial, serialFound } from '../../device/discovery/serial-source';
import { createMcfEmulator, listenMcfPty } from '../../device/emulator/mcf-emulator';
import { checkHealth } from '../../device/health';
import type { SerialLoader } from '../../device/transport/serial';
import { hasSocat, ptyPair } from '../support/pty';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('serialFound: a listed port and its role guess', () => {
  it('calls an FTDI cable on /dev/ttyUSB0 an MCF candidate, and an Epson USB-COM port a printer', () => {
    expect(serialFound({ path: '/dev/ttyUSB0', vendorId: '0403', productId: '6001', manufacturer: 'FTDI' }))
      .toMatchObject({ id: 'serial:/dev/ttyUSB0', roles: ['mcf', 'printer'], vendorId: 0x0403, label: 'FTDI — MCF (module de contrôle de facturation) possible (port série /dev/ttyUSB0)' });
    expect(serialFound({ path: '/dev/ttyACM1', vendorId: '04b8', productId: '0e28' }).roles).toEqual(['printer']);
  });

  it('treats a USB virtual COM port of an unknown maker, or a bare ttyACM, as a possible MCF', () => {
    expect(serialFound({ path: 'COM7', vendorId: 'abcd', productId: '0001' })).toMatchObject({ roles: ['mcf'], confidence: 'possible' });
    expect(serialFound({ path: '/dev/ttyACM0' })).toMatchObject({ roles: ['mcf'], confidence: 'possible' });
  });

  it('offers a built-in RS232 port for either an MCF or a serial printer', () => {
    expect(serialFound({ path: '/dev/ttyS0' })).toMatchObject({ roles: ['mcf', 'printer'], label: 'Port série RS232 (/dev/ttyS0)' });
  });
});

describe('serial discovery on this machine', () => {
  it('lists the OS ports through serialport (udev), or names why it cannot', async () => {
    const r = await discoverSerial();
    if (r.status === 'ok') {
      for (const d of r.devices) expect(d.address.kind).toBe('serial');
    } else {
      expect(['SERIAL_TOOL_MISSING', 'SERIAL_LIST_FAILED', 'SERIAL_LIBRARY_MISSING']).toContain(r.problem?.code);
    }
  });

  it.skipIf(!hasSocat())('does not see a socat PTY in the OS list, but finds it when its path is typed', async () => {
    const pair = await ptyPair(cleanups);
    const path = pair.paths[1];
    const listed = await discoverSerial();
    // udev's tty list holds real ports only: a PTY (/dev/pts/N) is never in SerialPort.list().
    expect(listed.devices.map((d) => d.id)).not.toContain(`serial:${path}`);
    const typed = await discoverSerial({ manualPaths: [path] });
    expect(typed.devices.find((d) => d.id === `serial:${path}`)).toMatchObject({ address: { kind: 'serial', path }, label: `Port série ${path} (saisi à la main)` });
  });

  it('reports a typed path that does not exist, and a file that is not a device, as SERIAL_PATH_MISSING', async () => {
    const file = join(tmpdir(), `stalela-not-a-port-${process.pid}`);
    writeFileSync(file, '');
    const r = await discoverSerial({ manualPaths: ['/dev/ttyUSB97', file], loader: (async () => ({ SerialPort: { list: async () => [] } })) as unknown as SerialLoader });
    expect(r.misses.map((m) => [m.target, m.problem.code])).toEqual([['/dev/ttyUSB97', 'SERIAL_PATH_MISSING'], [file, 'SERIAL_PATH_MISSING']]);
    expect(r.misses[0]?.problem.hint.fr).toMatch(/pilote FTDI, Prolific, CH340 ou CP210x/);
    expect(r.misses[1]?.problem.detail).toBe('not a character device');
    expect(await checkSerialPath('/dev/null')).toMatchObject({ address: { kind: 'serial', path: '/dev/null' } });
  });

  it('names a refused serial listing SERIAL_PERMISSION_DENIED with the dialout group', async () => {
    const denied = (async () => ({ SerialPort: { list: async () => { throw Object.assign(new Error('EACCES: permission denied, open /dev/ttyUSB0'), { code: 'EACCES' }); } } })) as unknown as SerialLoader;
    const r = await discoverSerial({ loader: denied });
    expect(r.problem).toMatchObject({ code: 'SERIAL_PERMISSION_DENIED', subject: '/dev/ttyUSB0' });
    expect(r.problem?.hint.fr).toMatch(/dialout/);
    expect(r.problem?.hint.en).toMatch(/dialout/);
  });
});

describe('the wizard’s flow over a PTY: détecter, choisir le rôle, tester', () => {
  it.skipIf(!hasSocat())('finds the emulated MCF’s typed port, then its health check reads the NIM and TC', async () => {
    const emulator = createMcfEmulator();
    const pty = await listenMcfPty(emulator);
    cleanups.push(async () => {
      emulator.close();
      await pty.close();
    });
    const report = await discoverDevices({ sources: ['serial'], serial: { manualPaths: [pty.sfePath] } });
    const found = report.devices.find((d) => d.id === `serial:${pty.sfePath}`);
    expect(found?.roles).toContain('mcf');
    const health = await checkHealth({ id: 'mcf-1', role: 'mcf', address: found?.address ?? { kind: 'keyboard' } });
    expect(health).toMatchObject({ state: 'ok', isReachable: true, mcf: { nim: 'EM01000001-1', totalCount: 0 } });
  });
});
