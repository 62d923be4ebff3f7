// checkHealth against the printer and MCF emulators over TCP and PTY: paper out, cover, a silent printer, an old MCF upload.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dgiTimestamp } from '../../fiscal/dgi-time';
import { createMcfEmulator, freshState, listenMcfPty, listenMcfTcp, sampleInvoice, saveState, type McfEmulator, type McfEmulatorOptions } from '../../device/emulator/mcf-emulator';
import { createPrinterEmulator, type PrinterEmulator } from '../../device/emulator/printer';
import { checkAllHealth, checkHealth, type PairedDevice } from '../../device/health';
import type { HidLoader } from '../../device/hid/hid-backend';
import { createMcfClient } from '../../device/mcf/client';
import { createMcfDriver } from '../../device/mcf/driver';
import { normalize } from '../../device/mcf/normalize';
import { createPrinterDriver } from '../../device/printer/driver';
import { connectTcpTransport } from '../../device/transport/tcp';
import { hasSocat } from '../support/pty';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const DAY_MS = 24 * 60 * 60 * 1000;

async function printerTcp(): Promise<{ emulator: PrinterEmulator; device: PairedDevice }> {
  const emulator = createPrinterEmulator();
  const { port } = await emulator.listenTcp(0);
  cleanups.push(() => emulator.close());
  return { emulator, device: { id: 'printer-1', role: 'printer', name: 'Imprimante caisse 1', address: { kind: 'tcp', host: '127.0.0.1', port } } };
}

async function mcfTcp(options: McfEmulatorOptions = {}): Promise<{ emulator: McfEmulator; device: PairedDevice; port: number }> {
  const emulator = createMcfEmulator(options);
  const listener = await listenMcfTcp(emulator, { port: 0 });
  cleanups.push(async () => {
    emulator.close();
    await listener.close();
  });
  return { emulator, port: listener.port, device: { id: 'mcf-1', role: 'mcf', address: { kind: 'tcp', host: '127.0.0.1', port: listener.port } } };
}

describe('printer health over TCP', () => {
  it('is green for an idle printer: reachable, contacted now, no error', async () => {
    const { device } = await printerTcp();
    const h = await checkHealth(device);
    expect(h).toMatchObject({ state: 'ok', isReachable: true, summary: 'En ligne, tiroir fermé', lastError: null, link: `tcp 127.0.0.1:${device.address.kind === 'tcp' ? device.address.port : 0}`, name: 'Imprimante caisse 1' });
    expect(h.lastContact).toBe(h.checkedAt);
    expect(h.printer?.status.raw).toEqual([0x12, 0x12, 0x12, 0x12]);
  });

  it('is red with paper out: the error says to replace the roll, and the printer still counts as reached', async () => {
    const { emulator, device } = await printerTcp();
    emulator.setFault('paper-out');
    const h = await checkHealth(device);
    expect(h).toMatchObject({ state: 'error', isReachable: true, lastError: { code: 'paper-out', message: "L'imprimante n'a plus de papier.", hint: 'Remplacez le rouleau de papier.' } });
    expect(h.printer?.status.isPaperOut).toBe(true);
    expect(h.summary).toContain('plus de papier');
  });

  it('is yellow with the paper nearly out, and red with the cover open', async () => {
    const { emulator, device } = await printerTcp();
    emulator.setFault('paper-near-end');
    const near = await checkHealth(device);
    expect(near.state).toBe('warn');
    expect(near.warnings).toEqual(['Papier bientôt épuisé : préparez un rouleau.']);
    emulator.clearFaults();
    emulator.setFault('cover-open');
    expect((await checkHealth(device)).lastError?.code).toBe('cover-open');
  });

  it('keeps the last contact of the previous check when the printer goes silent, and names the timeout', async () => {
    const { emulator, device } = await printerTcp();
    const before = await checkHealth(device);
    emulator.setFault('silent');
    const after = await checkHealth(device, { previous: before, statusTimeoutMs: 150 });
    expect(after).toMatchObject({ state: 'error', isReachable: false, lastContact: before.lastContact, lastError: { code: 'printer-timeout' } });
    expect(after.lastError?.hint).toMatch(/câble ou le réseau, le port et la vitesse/);
  });

  it('keeps the earlier error on record once the printer is fixed', async () => {
    const { emulator, device } = await printerTcp();
    emulator.setFault('paper-out');
    const out = await checkHealth(device);
    emulator.clearFaults();
    const fixed = await checkHealth(device, { previous: out });
    expect(fixed.state).toBe('ok');
    expect(fixed.lastError).toEqual(out.lastError);
  });

  it('names a printer nobody listens for in French, with what to check', async () => {
    const { emulator, device } = await printerTcp();
    await emulator.close();
    const h = await checkHealth(device, { connectTimeoutMs: 500 });
    expect(h).toMatchObject({ state: 'error', isReachable: false, lastContact: null, lastError: { code: 'TCP_CONNECT_FAILED' } });
    expect(h.lastError?.message).toMatch(/^Aucune réponse à l’adresse tcp 127\.0\.0\.1:\d+/);
    expect(h.lastError?.hint).toMatch(/adresse IP et le port/);
  });
});

describe('drawer health', () => {
  it('reads the drawer through its printer: open after a kick, and a printer fault is a warning only', async () => {
    const { emulator, device } = await printerTcp();
    const drawer: PairedDevice = { ...device, id: 'drawer-1', role: 'drawer' };
    expect((await checkHealth(drawer)).drawer).toEqual({ isOpen: false });
    const kicker = createPrinterDriver(await connectTcpTransport({ port: device.address.kind === 'tcp' ? device.address.port : 0 }));
    await kicker.openDrawer();
    await kicker.close();
    await new Promise((r) => setTimeout(r, 50));
    const open = await checkHealth(drawer);
    expect(open).toMatchObject({ state: 'ok', summary: 'Tiroir ouvert.', drawer: { isOpen: true } });
    expect(emulator.isDrawerOpen()).toBe(true);
    emulator.setFault('paper-out');
    const warned = await checkHealth(drawer);
    expect(warned.state).toBe('warn');
    expect(warned.warnings[0]).toMatch(/plus de papier/);
  });
});

describe('MCF health over TCP', () => {
  it('reads NIM, NIF, TC and a recent upload after a sealed invoice: green', async () => {
    const { device, port } = await mcfTcp();
    const t = await connectTcpTransport({ port });
    await normalize(createMcfClient(createMcfDriver(t)), sampleInvoice(1), { isf: 'HEALTH-01' });
    await t.close();
    const h = await checkHealth(device);
    expect(h).toMatchObject({
      state: 'ok', isReachable: true, warnings: [],
      mcf: { nim: 'EM01000001-1', nif: 'A9000011T', totalCount: 1, saleCount: 1, upload: { isOverdue: false, pending: 0, connection: 'CON' } },
    });
    expect(h.mcf?.lastInvoice?.type).toBe('FV');
    expect(h.summary).toMatch(/^MCF EM01000001-1 — TC 1 — Dernière connexion réussie du MCF à la DGI/);
  });

  it('warns when the last upload to the DGI is older than a day (C2h), counting the invoices waiting', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stalela-health-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const statePath = join(dir, 'mcf.json');
    const state = freshState();
    state.upload = { sent: 0, lastSuccess: dgiTimestamp(new Date(Date.now() - 2 * DAY_MS)) };
    saveState(statePath, state);
    const { device, port } = await mcfTcp({ statePath, online: false });
    const t = await connectTcpTransport({ port });
    await normalize(createMcfClient(createMcfDriver(t)), sampleInvoice(1), { isf: 'HEALTH-01' });
    await t.close();
    const h = await checkHealth(device);
    expect(h.state).toBe('warn');
    expect(h.mcf?.upload).toMatchObject({ isOverdue: true, pending: 1, connection: 'DIS' });
    expect(h.mcf?.upload.ageMs).toBeGreaterThan(DAY_MS);
    expect(h.warnings[0]).toMatch(/^Attention : dernière connexion réussie du MCF à la DGI le .* il y a plus d’un jour \(1 facture\(s\) en attente d’envoi\)/);
  });

  it('warns when the MCF asks for its daily report, and is red when its memory is full', async () => {
    const due = await mcfTcp();
    due.emulator.setDailyReportDue(true);
    const h = await checkHealth(due.device);
    expect(h.state).toBe('warn');
    expect(h.mcf?.flags).toContain('dailyReportDue');
    expect(h.warnings).toContain('Le MCF demande son rapport journalier (clôture Z).');
    const full = await mcfTcp({ memoryCapacity: 0 });
    const f = await checkHealth(full.device);
    expect(f).toMatchObject({ state: 'error', isReachable: true, lastError: { code: 'MCF_FAULT' } });
    expect(f.lastError?.message).toMatch(/mémoire du MCF est pleine/);
  });

  it('names an MCF that does not answer (deaf) and keeps the previous contact', async () => {
    const { emulator, device } = await mcfTcp();
    const first = await checkHealth(device);
    emulator.injectFault({ kind: 'deaf', durationMs: 10_000 });
    const h = await checkHealth(device, { previous: first, mcf: { timeoutMs: 100, maxAttempts: 2 } });
    expect(h).toMatchObject({ state: 'error', isReachable: false, lastContact: first.lastContact, lastError: { code: 'MCF_NO_ANSWER', message: 'Le MCF ne répond pas, ou répond de façon illisible.' } });
    expect(h.lastError?.hint).toMatch(/115200 bauds, 8N1/);
  });
});

describe.skipIf(!hasSocat())('health over a serial PTY', () => {
  it('reads the printer emulator through the real serial binding, paper out included', async () => {
    const emulator = createPrinterEmulator();
    cleanups.push(() => emulator.close());
    const { devicePath } = await emulator.openPty();
    const device: PairedDevice = { id: 'p-serial', role: 'printer', address: { kind: 'serial', path: devicePath } };
    const ok = await checkHealth(device);
    expect(ok).toMatchObject({ state: 'ok', link: `série ${devicePath} @115200` });
    emulator.setFault('paper-out');
    expect((await checkHealth(device)).lastError?.code).toBe('paper-out');
  });

  it('reads the MCF emulator through the real serial binding at 115200 8N1', async () => {
    const emulator = createMcfEmulator();
    const pty = await listenMcfPty(emulator);
    cleanups.push(async () => {
      emulator.close();
      await pty.close();
    });
    const h = await checkHealth({ id: 'm-serial', role: 'mcf', address: { kind: 'serial', path: pty.sfePath } });
    expect(h).toMatchObject({ state: 'ok', mcf: { nim: 'EM01000001-1', totalCount: 0 } });
  });

  it('names a serial port that is gone SERIAL_NOT_FOUND with what to check', async () => {
    const h = await checkHealth({ id: 'gone', role: 'mcf', address: { kind: 'serial', path: '/dev/ttyUSB97' } });
    expect(h).toMatchObject({ state: 'error', lastError: { code: 'SERIAL_NOT_FOUND', message: 'Le port série /dev/ttyUSB97 @115200 n’existe pas (ou plus).' } });
  });
});

describe('scanner health and links that cannot be tested', () => {
  const listing = (paths: string[]): HidLoader => async () => ({
    devices: async () => paths.map((path) => ({ path, vendorId: 0x0c2e, productId: 1, manufacturer: null, product: null, serialNumber: null, usagePage: 0x8c, usage: 2, interfaceNumber: 0 })),
    open: () => Promise.reject(new Error('unused')),
  });

  it('says a keyboard-wedge scanner is tested on the till screen (unknown, not red)', async () => {
    const h = await checkHealth({ id: 's', role: 'scanner', address: { kind: 'keyboard' } });
    expect(h).toMatchObject({ state: 'unknown', scanner: { isPresent: null }, lastError: null });
  });

  it('finds a HID scanner by its path, and names it HID_NOT_FOUND once unplugged', async () => {
    const device: PairedDevice = { id: 's', role: 'scanner', address: { kind: 'hid', path: '/dev/hidraw4' } };
    expect(await checkHealth(device, { hidLoader: listing(['/dev/hidraw4']) })).toMatchObject({ state: 'ok', scanner: { isPresent: true } });
    expect(await checkHealth(device, { hidLoader: listing([]) })).toMatchObject({ state: 'error', scanner: { isPresent: false }, lastError: { code: 'HID_NOT_FOUND' } });
    // The real node-hid on this machine has no such device either.
    expect((await checkHealth(device)).lastError?.code).toBe('HID_NOT_FOUND');
  });

  it('refuses to test a printer over a raw USB address it has no driver for', async () => {
    const h = await checkHealth({ id: 'u', role: 'printer', address: { kind: 'usb', vendorId: 0x04b8, productId: 0x0202 } });
    expect(h).toMatchObject({ state: 'error', lastError: { code: 'LINK_UNSUPPORTED' } });
    expect(h.lastError?.message).toBe('Une imprimante ne se teste pas par la liaison usb 04b8:0202.');
  });

  it('checks every paired device at once, carrying each one’s previous snapshot by id', async () => {
    const { emulator, device } = await printerTcp();
    const m = await mcfTcp();
    const first = await checkAllHealth([device, m.device]);
    emulator.setFault('silent');
    const second = await checkAllHealth([device, m.device], first, { statusTimeoutMs: 100 });
    expect(second.map((s) => s.state)).toEqual(['error', 'ok']);
    expect(second[0]?.lastContact).toBe(first[0]?.lastContact);
  });
});
