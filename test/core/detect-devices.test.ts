// detectDevices through the PosApi: technicians only (the core refuses others), every source answers for itself, and a
// network printer's address is probed on 9100 (the printer emulator listening there on loopback).
import { describe, it, expect, afterEach } from 'vitest';
import { createPrinterEmulator } from '../../device/emulator/printer';
import { tempDir, type TempDir, DEMO_SETTINGS } from '../support/core-fixtures';
import { must, openTestTill, type TestTill } from '../support/core-till';

let dir: TempDir;
let till: TestTill | null = null;
afterEach(async () => {
  await till?.close();
  till = null;
  dir.remove();
});

describe('detectDevices', () => {
  it('is refused to a cashier, and lists every source for a technician, each with its result or its problem', async () => {
    dir = tempDir();
    till = await openTestTill(dir, DEMO_SETTINGS);
    const asCashier = await till.core.service.api.detectDevices();
    expect(asCashier.ok).toBe(false);
    if (!asCashier.ok) expect(asCashier.error.code).toBe('forbidden');
    await must(till.core.service.api.login({ name: 'TSHIBANDA', pin: '9876' }));
    const report = await must(till.core.service.api.detectDevices());
    expect(Object.keys(report.sources).sort()).toEqual(['hid', 'network', 'serial', 'usb']);
    for (const s of ['serial', 'usb', 'hid'] as const) {
      const r = report.sources[s];
      // Found something, or says why not (this machine has no USB bus, no serial port): never silent.
      expect(r.status === 'ok' || r.problem !== null, JSON.stringify(r)).toBe(true);
    }
    const bad = await till.core.service.api.detectDevices({ network_hosts: [''] });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.message).toMatch(/^network_hosts/);
    const smuggled = await till.core.service.api.detectDevices({ network_hosts: ['10.0.0.0/22 10.0.4.0/22'] });
    expect(smuggled.ok).toBe(false);
    if (!smuggled.ok) expect(smuggled.error.message).toMatch(/^network_hosts.*une par entrée/);
    const badPort = await till.core.service.api.detectDevices({ network_hosts: ['127.0.0.1'], network_port: 70000 });
    expect(badPort.ok).toBe(false);
    if (!badPort.ok) expect(badPort.error.message).toMatch(/^network_port/);
  });

  it('probes the port the technician gives, and says nobody answered on a closed one', async () => {
    dir = tempDir();
    const printer = createPrinterEmulator();
    const { port } = await printer.listenTcp(0, '127.0.0.1');
    try {
      till = await openTestTill(dir, DEMO_SETTINGS);
      await must(till.core.service.api.login({ name: 'TSHIBANDA', pin: '9876' }));
      const report = await must(till.core.service.api.detectDevices({ network_hosts: ['127.0.0.1'], network_port: port }));
      expect(report.devices.find((d) => d.address.kind === 'tcp')?.address).toMatchObject({ kind: 'tcp', host: '127.0.0.1', port });
      await printer.close();
      const none = await must(till.core.service.api.detectDevices({ network_hosts: ['127.0.0.1'], network_port: port }));
      expect(none.devices.filter((d) => d.address.kind === 'tcp')).toEqual([]);
      // The typed address is named with what went wrong there, in French and English.
      expect(none.sources.network.misses.map((m) => [m.target, m.problem.code])).toEqual([[`127.0.0.1:${port}`, 'NETWORK_REFUSED']]);
    } finally {
      await printer.close();
    }
  });

  it("finds the printer at the address the technician types, on port 9100", async () => {
    dir = tempDir();
    const printer = createPrinterEmulator();
    try {
      await printer.listenTcp(9100, '127.0.0.1');
    } catch {
      await printer.close();
      return; // 9100 taken on this machine: nothing to prove here.
    }
    try {
      till = await openTestTill(dir, DEMO_SETTINGS);
      await must(till.core.service.api.login({ name: 'TSHIBANDA', pin: '9876' }));
      const report = await must(till.core.service.api.detectDevices({ network_hosts: ['127.0.0.1'] }));
      const found = report.devices.find((d) => d.address.kind === 'tcp');
      expect(found?.address).toMatchObject({ kind: 'tcp', host: '127.0.0.1', port: 9100 });
      expect(found?.roles).toContain('printer');
    } finally {
      await printer.close();
    }
  });
});
