// Proves printing after sealing on the printer emulator over TCP: receipt and drawer, DUPLICATA, the "en attente" ticket, preview, faults.
import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { createPrinterEmulator, type PrinterEmulator } from '../../device/emulator/printer';
import type { SignerState } from '../../main/core/signer-choice';
import { tempDir, DEMO_SETTINGS, type TempDir } from '../support/core-fixtures';
import { softwareSealer } from '../support/core-sealers';
import { must, openTestTill, type TestTill } from '../support/core-till';

const ONLINE: SignerState = { device: { paired: false, ready: false }, cloud: { configured: true, reachable: true }, delegated: { credential: null }, now: new Date().toISOString() };
const OFFLINE: SignerState = { ...ONLINE, cloud: { configured: true, reachable: false } };

let dir: TempDir;
let printer: PrinterEmulator;
let port: number;
let till: TestTill;
let state: SignerState;

beforeEach(async () => {
  dir = tempDir();
  printer = createPrinterEmulator();
  port = (await printer.listenTcp(0)).port;
  state = ONLINE;
  const soft = await softwareSealer('cloud', 'SC01000001-1');
  till = await openTestTill(dir, DEMO_SETTINGS, { sealers: { cloud: soft.sealer }, probeSigners: async () => state });
  const api = till.core.service.api;
  await must(api.login({ name: 'TSHIBANDA', pin: '9876' }));
  await must(api.pairDevice({ role: 'printer', transport: 'tcp', path: `127.0.0.1:${port}`, options: { paper: '80mm' } }));
  await must(api.login({ name: 'JACQUES', pin: '1234' }));
});
afterEach(async () => {
  await till.close();
  await printer.close();
  dir.remove();
});

describe('printing after sealing', () => {
  it('prints the sealed invoice with its security elements and QR, and kicks the drawer for a cash sale', async () => {
    const r = await till.sell();
    expect(r.print).toMatchObject({ status: 'printed', kind: 'original', drawer_opened: true });
    const [job] = await printer.waitForJobs(1);
    const sec = r.invoice.sealed!.security;
    expect(job!.text).toContain('FACTURE DE VENTE');
    expect(job!.text).toContain(r.invoice.invoice_number);
    expect(job!.text).not.toContain('DUPLICATA');
    expect(job!.qrCodes.map((q) => q.payload)).toEqual([sec.qr]);
    expect(job!.drawerKicks).toHaveLength(1);
    expect(job!.cuts).toHaveLength(1);
    expect(printer.isDrawerOpen()).toBe(true);
  });

  it('reprints as DUPLICATA at head and foot, without opening the drawer', async () => {
    const r = await till.sell();
    await printer.waitForJobs(1);
    printer.closeDrawer();
    const again = await must(till.core.service.api.reprintInvoice({ client_invoice_id: r.invoice.client_invoice_id }));
    expect(again).toMatchObject({ status: 'printed', kind: 'duplicate', drawer_opened: false });
    const jobs = await printer.waitForJobs(2);
    const dup = jobs[1]!;
    expect(dup.text.split('\n').filter((l) => l.trim() === 'DUPLICATA')).toHaveLength(2);
    expect(dup.drawerKicks).toHaveLength(0);
    expect(printer.isDrawerOpen()).toBe(false);
    expect(till.store.db.prepare('SELECT kind FROM receipt_prints ORDER BY id').pluck().all()).toEqual(['original', 'duplicate']);
  });

  it('prints no fiscal receipt for a sale waiting for its seal: a ticket marked NON FISCAL / EN ATTENTE, no code, no QR', async () => {
    state = OFFLINE;
    const r = await till.sell();
    expect(r.receipt).toBe('none');
    expect(r.print).toMatchObject({ status: 'printed', kind: 'pending' });
    const [job] = await printer.waitForJobs(1);
    expect(job!.text).toContain('TICKET NON FISCAL');
    expect(job!.text).toContain('EN ATTENTE DE SIGNATURE');
    expect(job!.text).not.toMatch(/CODE DEF|DEF NIM|FACTURE DE VENTE/);
    expect(job!.qrCodes).toHaveLength(0);
    const refused = await till.core.service.api.reprintInvoice({ client_invoice_id: r.invoice.client_invoice_id });
    expect(refused).toMatchObject({ ok: false, error: { code: 'not_sealed' } });
    // Sealed later: the first fiscal print is the original, not a DUPLICATA.
    state = ONLINE;
    await till.core.agent.runPass();
    expect(await must(till.core.service.api.reprintInvoice({ client_invoice_id: r.invoice.client_invoice_id }))).toMatchObject({ kind: 'original' });
  });

  it('previews the receipt as printed, as HTML with the QR inline; a waiting sale previews as the non-fiscal ticket', async () => {
    const r = await till.sell();
    const p = await must(till.core.service.api.receiptPreview({ client_invoice_id: r.invoice.client_invoice_id }));
    expect(p).toMatchObject({ kind: 'fiscal', paper: '80mm' });
    expect(p.html).toContain(`data-payload="${r.invoice.sealed!.security.qr}"`);
    expect(p.html).toContain('FACTURE DE VENTE');
    state = OFFLINE;
    const w = await till.sell();
    const q = await must(till.core.service.api.receiptPreview({ client_invoice_id: w.invoice.client_invoice_id }));
    expect(q.kind).toBe('pending');
    expect(q.html).toContain('TICKET NON FISCAL');
    expect(q.html).not.toContain('data-payload');
  });

  it('a printer fault does not undo the sale: the report says what to check, the light turns red, a reprint clears it', async () => {
    printer.setFault('cover-open');
    const r = await till.sell();
    expect(r.invoice.status).toBe('done');
    expect(r.print).toMatchObject({ status: 'failed', drawer_opened: false });
    expect(r.print!.message).toMatch(/capot/i);
    const red = await must(till.core.service.api.syncStatus());
    expect(red.light).toBe('red');
    expect(red.reason).toMatch(/Imprimante/);
    printer.clearFaults();
    expect(await must(till.core.service.api.reprintInvoice({ client_invoice_id: r.invoice.client_invoice_id }))).toMatchObject({ status: 'printed', kind: 'original' });
    expect((await must(till.core.service.api.syncStatus())).light).toBe('green');
  });
});

describe('the device manager', () => {
  it('lists paired devices, replaces a role on re-pairing, prints a test page, and refuses a bad link', async () => {
    const api = till.core.service.api;
    await must(api.login({ name: 'TSHIBANDA', pin: '9876' }));
    const list = await must(api.listDevices());
    expect(list).toMatchObject([{ role: 'printer', transport: 'tcp', path: `127.0.0.1:${port}`, status: 'unknown', last_seen_at: null }]);
    const t = await must(api.testDevice({ device_id: list[0]!.id }));
    expect(t).toMatchObject({ ok: true, message: 'Page de test imprimée.' });
    const [job] = await printer.waitForJobs(1);
    expect(job!.text).toContain('PAGE DE TEST');
    expect(job!.qrCodes).toHaveLength(0);
    expect((await must(api.listDevices()))[0]).toMatchObject({ status: 'ok', last_seen_at: expect.any(String) });
    expect(await api.pairDevice({ role: 'printer', transport: 'tcp', path: 'not-a-port' })).toMatchObject({ ok: false, error: { code: 'invalid_argument' } });
    await must(api.pairDevice({ role: 'printer', transport: 'serial', path: '/dev/ttyUSB0', options: { baud_rate: 9600 } }));
    await must(api.pairDevice({ role: 'scanner', transport: 'hid', path: '05e0:1200' }));
    expect((await must(api.listDevices())).map((d) => [d.role, d.path])).toEqual([['printer', '/dev/ttyUSB0'], ['scanner', '05e0:1200']]);
    expect(await api.testDevice({ device_id: 'nope' })).toMatchObject({ ok: false, error: { code: 'device_not_paired' } });
  });
});
