// The emulated MCF through real frames: its state machine, counters, replay, faults, memory bits and persisted memory.
import { describe, it, expect, afterEach } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMemoryPair } from '../../device/transport/memory';
import { createMcfDriver } from '../../device/mcf/driver';
import { createMcfClient } from '../../device/mcf/client';
import { MCF_COMMANDS as C, type McfClient as Buyer, type OpenInvoiceRequest } from '../../device/mcf/commands';
import { encodeCommandFrame, type ResponseFrame } from '../../device/mcf/frame';
import { createResponseParser } from '../../device/mcf/frame-parser';
import { createMcfEmulator, signatureCode, type McfEmulatorOptions } from '../../device/emulator/mcf-emulator';

const PP: Buyer = { type: 'PP', nif: '', name: '', address: '', phone: '', email: '', rccm: '' };
const header = (number: string, over: Partial<OpenInvoiceRequest> = {}): OpenInvoiceRequest => ({
  operatorId: 'C01', operatorName: 'JACQUES', nif: 'A9000011T', invoice: { type: 'FV' }, priceMode: 'TTC', isf: 'SFE01', number, ...over,
});
const JUS_2400 = { name: 'JUS', type: 'BIE' as const, group: 'B' as const, rate: 1600n, amount: 240000n, unitPrice: 240000n };

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function tempState(): string {
  const d = mkdtempSync(join(tmpdir(), 'mcf-emu-'));
  dirs.push(d);
  return join(d, 'mcf.json');
}

function rig(options: McfEmulatorOptions = {}) {
  const [sfe, device] = createMemoryPair();
  const emulator = createMcfEmulator(options);
  emulator.attach(device);
  const driver = createMcfDriver(sfe);
  return { emulator, driver, client: createMcfClient(driver), sfe };
}

async function openWith(client: ReturnType<typeof createMcfClient>, number: string, over: Partial<OpenInvoiceRequest> = {}) {
  await client.setClient(PP);
  return client.openInvoice(header(number, over));
}

async function sealOne(client: ReturnType<typeof createMcfClient>, number: string, over: Partial<OpenInvoiceRequest> = {}) {
  await openWith(client, number, over);
  await client.addItem(JUS_2400);
  await client.pay(null);
  return client.finalize(240000n, 33100n, number); // 2400 TTC at 16 %: VAT 331.03, rounded to the franc
}

describe('emulated MCF: invoice state machine', () => {
  it('refuses C0h without C3h first, with the "command forbidden" status bit', async () => {
    const { client } = rig();
    await expect(client.openInvoice(header('F-1'))).rejects.toMatchObject({
      code: 'MCF_REFUSED', details: { command: 'C0h', status: expect.objectContaining({ commandForbidden: true, invoiceOpen: false }) },
    });
  });

  it('answers 33h with the spec’s example text for Eau 3600 in A and JUS 500 in B', async () => {
    const { client, driver } = rig();
    await openWith(client, 'F-1');
    await client.addItem({ name: 'Eau', type: 'BIE', group: 'A', rate: 0n, amount: 360000n, unitPrice: 72000n, quantity: 5000n });
    await client.addItem({ name: 'JUS', type: 'BIE', group: 'B', rate: 1600n, amount: 50000n, unitPrice: 50000n });
    const raw = await driver.send(C.subtotal);
    expect(raw.text).toBe('4100.00,3600.00,500.00,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,69.00,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0');
    expect(raw.status.invoiceOpen).toBe(true);
  });

  it('plays the spec’s 35h example 4: M1000 → R-1400, V500 → R-900, E1000 → R100, then refuses more', async () => {
    const { client, driver } = rig();
    await openWith(client, 'F-1');
    await client.addItem(JUS_2400);
    const texts: string[] = [];
    for (const p of ['M1000', 'V500', 'E1000']) texts.push((await driver.send(C.payment, p)).text);
    expect(texts).toEqual(['R-1400', 'R-900', 'R100']);
    await expect(client.pay({ method: 'C', amount: 100n })).rejects.toMatchObject({ code: 'MCF_REFUSED' });
  });

  it('38h with a wrong amount answers LE MONTANT N\'EST PAS VALIDE and keeps the invoice open; C cancels it (ANNULEE)', async () => {
    const { client, emulator } = rig();
    await openWith(client, 'F-1');
    await client.addItem(JUS_2400);
    expect(await client.finalize(252000n, 33100n)).toEqual({ kind: 'error', message: "LE MONTANT N'EST PAS VALIDE" });
    expect(emulator.isInvoiceOpen).toBe(true);
    expect(await client.cancel()).toEqual({ kind: 'error', message: 'ANNULEE' });
    expect(emulator.isInvoiceOpen).toBe(false);
    expect((await client.state()).totalCount).toBe(0);
  });

  it('seals with TC and the per-kind counter (FVC for sales, FRC for credit notes), and C1h reports them', async () => {
    const { client } = rig();
    const first = await sealOne(client, 'F-1');
    expect(first).toMatchObject({ kind: 'sealed', fc: 1, tc: 1, type: 'FV', number: 'F-1', nif: 'A9000011T' });
    const code = first.kind === 'sealed' ? first.code : '';
    const credit = await sealOne(client, 'AV-1', { invoice: { type: 'FA', nature: 'COR', reference: code } });
    expect(credit).toMatchObject({ kind: 'sealed', fc: 1, tc: 2, type: 'FA' });
    const s = await client.state();
    expect(s).toMatchObject({ totalCount: 2, saleCount: 1, creditCount: 1, last: { number: 'AV-1', type: 'FA', total: 240000n } });
  });

  it('the signature code is the HMAC of the sealed content with the device key, 24 base32 characters', async () => {
    const { client, emulator } = rig({ key: 'k1' });
    const a = await sealOne(client, 'F-1');
    expect(a.kind).toBe('sealed');
    if (a.kind !== 'sealed') return;
    expect(a.code).toMatch(/^[A-Z2-7]{24}$/);
    const recomputed = signatureCode(new TextEncoder().encode('k1'), {
      mid: a.mid, nif: a.nif, number: 'F-1', type: 'FV', tc: 1, fc: 1, timestamp: a.timestamp, total: '2400.00', vat: '331.00',
      lines: ['JUS\tBIE,B16.00%2400.00\t2400.00'],
    });
    expect(recomputed).toBe(a.code);
    expect(emulator.journal[0]?.code).toBe(a.code);
  });

  it('refuses a C0h repeating the last sealed invoice number', async () => {
    const { client } = rig();
    await sealOne(client, 'F-1');
    await client.setClient(PP);
    await expect(client.openInvoice(header('F-1'))).rejects.toMatchObject({
      code: 'MCF_REFUSED', details: { deviceMessage: 'LE NUMERO DE FACTURE EST DEJA UTILISE POUR LA FACTURE PRECEDENTE' },
    });
  });

  it('refuses an item whose rate or amount disagrees with the device', async () => {
    const { client } = rig();
    await openWith(client, 'F-1');
    await expect(client.addItem({ ...JUS_2400, rate: 1800n })).rejects.toMatchObject({ details: { deviceMessage: 'TAUX DU GROUPE INVALIDE B' } });
    await expect(client.addItem({ ...JUS_2400, amount: 240100n })).rejects.toMatchObject({ details: { deviceMessage: "MONTANT DE L'ARTICLE INVALIDE" } });
  });

  it('writes and reads back comment lines with escaped commas', async () => {
    const { client } = rig();
    await openWith(client, 'F-1');
    await client.writeComment('A', 'Dérogation DGI n° 12, 2026 <ok>');
    expect(await client.readComment('A')).toBe('Dérogation DGI n° 12, 2026 <ok>');
  });

  it('answers an unknown command with the "invalid command" status bit', async () => {
    const { driver } = rig();
    const a = await driver.send(0x99);
    expect(a.status.invalidCommand).toBe(true);
  });
});

describe('emulated MCF: replay, faults and memory', () => {
  it('repeats its last answer for the same SEQ+CMD without running the command again', async () => {
    const { client, sfe, emulator } = rig();
    await openWith(client, 'F-1');
    await client.addItem(JUS_2400);
    const frames: ResponseFrame[] = [];
    const parser = createResponseParser((e) => { if (e.type === 'frame') frames.push(e.frame); });
    sfe.onData((b) => parser.push(b));
    const payment = encodeCommandFrame({ seq: 0x70, cmd: C.payment, data: new TextEncoder().encode('M1000') });
    await sfe.write(payment);
    await new Promise((r) => setTimeout(r, 20));
    await sfe.write(payment);
    await new Promise((r) => setTimeout(r, 20));
    expect(frames).toHaveLength(2);
    expect(frames[1]).toEqual(frames[0]);
    expect(new TextDecoder().decode(frames[0]?.data)).toBe('R-1400');
    expect(emulator.stats.replays).toBe(1);
  });

  it('a garbled command is NAKed and the driver’s resend goes through', async () => {
    const { client, emulator, driver } = rig();
    emulator.injectFault({ kind: 'garble-command' });
    expect((await client.state()).totalCount).toBe(0);
    expect(driver.stats.naks).toBe(1);
  });

  it('P: for the requested rounds, then the seal', async () => {
    const { client, emulator } = rig();
    await openWith(client, 'F-1');
    await client.addItem(JUS_2400);
    emulator.injectFault({ kind: 'pending', rounds: 2 }, { command: C.finalize });
    const kinds = [];
    for (let i = 0; i < 3; i++) kinds.push((await client.finalize(240000n, 33100n)).kind);
    expect(kinds).toEqual(['pending', 'pending', 'sealed']);
  });

  it('power loss drops the open invoice but keeps every sealed one, read back from the state file', async () => {
    const statePath = tempState();
    const { client, emulator } = rig({ statePath, rebootMs: 50 });
    await sealOne(client, 'F-1');
    await openWith(client, 'F-2');
    await client.addItem(JUS_2400);
    emulator.powerLoss();
    await new Promise((r) => setTimeout(r, 80));
    const s = await client.state();
    expect(client.lastStatus?.invoiceOpen).toBe(false);
    expect(s.totalCount).toBe(1);
    expect(JSON.parse(readFileSync(statePath, 'utf8')).journal).toHaveLength(1);
    await expect(client.addItem(JUS_2400)).rejects.toMatchObject({ details: { status: expect.objectContaining({ commandForbidden: true }) } });
  });

  it('a new emulator on the same state file continues the counters', async () => {
    const statePath = tempState();
    await sealOne(rig({ statePath }).client, 'F-1');
    const again = await sealOne(rig({ statePath }).client, 'F-2');
    expect(again).toMatchObject({ tc: 2, fc: 2 });
  });

  it('refuses a damaged state file instead of starting from zero', () => {
    const statePath = tempState();
    writeFileSync(statePath, '{"version":1');
    expect(() => createMcfEmulator({ statePath })).toThrow(expect.objectContaining({ code: 'EMULATOR_STATE_INVALID' }));
  });

  it('sets "fewer than 50 records" and "memory full", and refuses C0h when full', async () => {
    const low = rig({ memoryCapacity: 51 });
    await sealOne(low.client, 'F-1');
    await sealOne(low.client, 'F-2');
    await low.client.state();
    expect(low.client.lastStatus).toMatchObject({ memoryLow: true, memoryFull: false });
    const full = rig({ memoryCapacity: 1 });
    await sealOne(full.client, 'F-1');
    await full.client.state();
    expect(full.client.lastStatus?.memoryFull).toBe(true);
    await expect(openWith(full.client, 'F-2')).rejects.toMatchObject({ details: { deviceMessage: 'MEMOIRE PLEINE' } });
  });

  it('offline: uploads queue up in C2h and credit notes cannot be verified; online again sends them all', async () => {
    const { client, emulator } = rig({ online: false });
    const sale = await sealOne(client, 'F-1');
    await sealOne(client, 'F-2');
    expect(await client.uploadStatus()).toMatchObject({ sent: 0, available: 2, lastSuccess: null, connection: 'DIS' });
    await openWith(client, 'AV-1', { invoice: { type: 'FA', nature: 'COR', reference: sale.kind === 'sealed' ? sale.code : '' } });
    await client.addItem(JUS_2400);
    const refusedCredit = await client.finalize(240000n, 33100n);
    expect(refusedCredit).toMatchObject({ kind: 'error', message: expect.stringMatching(/AVOIR N'A PAS PU ETRE VERIFIEE/) });
    emulator.setOnline(true);
    expect(await client.uploadStatus()).toMatchObject({ sent: 2, available: 2, connection: 'CON' });
  });

  it('reports "daily report due" in every answer once set', async () => {
    const { client, emulator } = rig();
    emulator.setDailyReportDue(true);
    await client.state();
    expect(client.lastStatus?.dailyReportDue).toBe(true);
  });
});
