// Sealing invoices through the whole §4.3 flow against the emulator, with lost answers, reboots and refusals.
import { describe, it, expect } from 'vitest';
import { createMemoryPair } from '../../device/transport/memory';
import { createMcfDriver } from '../../device/mcf/driver';
import { createMcfClient, type McfClient } from '../../device/mcf/client';
import { MCF_COMMANDS as C } from '../../device/mcf/commands';
import { normalize, type NormalizeOptions, type NormalizeStep } from '../../device/mcf/normalize';
import { recover } from '../../device/mcf/recover';
import { createMcfEmulator, sampleInvoice, type McfEmulatorOptions } from '../../device/emulator/mcf-emulator';
import { defaultRates } from '../../device/emulator/mcf/state';

function rig(options: McfEmulatorOptions = {}) {
  const [sfe, device] = createMemoryPair();
  const emulator = createMcfEmulator({ rebootMs: 100, ...options });
  emulator.attach(device);
  const driver = createMcfDriver(sfe);
  return { emulator, driver, client: createMcfClient(driver) };
}

const OPTS: NormalizeOptions = { isf: 'STALELA-01', pendingDelayMs: 20, recoveryDelayMs: 100 };

function withSteps(): { steps: NormalizeStep[]; options: NormalizeOptions } {
  const steps: NormalizeStep[] = [];
  return { steps, options: { ...OPTS, onStep: (s) => steps.push(s) } };
}

describe('normalize: the happy path', () => {
  it('runs C1h, C2h, C3h, C0h, 31h per item, 33h, 35h, 38h in that order and returns the device’s elements', async () => {
    const { client, emulator } = rig();
    const { steps, options } = withSteps();
    const seal = await normalize(client, sampleInvoice(1), options);
    expect(steps).toEqual(['state', 'upload-status', 'client', 'open', 'item', 'item', 'subtotal', 'payment', 'finalize']);
    const entry = emulator.journal[0];
    expect(seal).toMatchObject({
      code: entry?.code, nim: 'EM01000001-1', nif: 'A9000011T', counters: { fc: 1, tc: 1, type: 'FV' },
      timestamp: entry?.timestamp, invoiceNumber: 'T-1', recovered: false, warnings: [],
    });
    expect(seal.qr).toBe(`RDCDEF01;EM01000001-1;${entry?.code};A9000011T;${entry?.timestamp}`);
  });

  it('writes the comment lines between the items and the subtotal', async () => {
    const { client } = rig();
    const { steps, options } = withSteps();
    await normalize(client, { ...sampleInvoice(1, { items: 1 }), comments: { A: 'Dérogation n° 7, DGI', C: 'Merci' } }, options);
    expect(steps.slice(4, 7)).toEqual(['item', 'comment', 'comment']);
  });

  it('asking again for an invoice already sealed returns its elements from C1h without sealing it twice', async () => {
    const { client, emulator } = rig();
    const first = await normalize(client, sampleInvoice(1), OPTS);
    const again = await normalize(client, sampleInvoice(1), OPTS);
    expect(again).toMatchObject({ code: first.code, counters: first.counters, timestamp: first.timestamp, recovered: true });
    expect(emulator.journal).toHaveLength(1);
  });

  it('registers several payments with change, converting a USD payment at the invoice’s rate', async () => {
    const { client, emulator } = rig();
    const base = sampleInvoice(2, { items: 1 }); // PAIN, COMPLET 2 x 1250 = 2500.00
    const invoice = { ...base, usd_rate: { rate: '2850.00', date: '2026-11-25' },
      payments: [{ method: 'M' as const, amount: '1000.00', currency: 'CDF' as const }, { method: 'E' as const, amount: '1.00', currency: 'USD' as const }] };
    const seal = await normalize(client, invoice, OPTS);
    expect(seal.counters.tc).toBe(1);
    expect(emulator.journal[0]?.total).toBe('2500.00');
  });

  it('warns when the last upload is more than a day old', async () => {
    const t0 = new Date('2026-11-20T08:00:00+01:00');
    const { client, emulator } = rig({ clock: () => t0 });
    emulator.setOnline(false);
    const seal = await normalize(client, sampleInvoice(1), { ...OPTS, now: () => new Date('2026-11-22T09:00:00+01:00') });
    expect(seal.warnings.join(' ')).toMatch(/plus d’un jour/);
  });
});

describe('normalize: refusals before anything is sealed', () => {
  it('a device of another taxpayer: MCF_NIF_MISMATCH', async () => {
    const { client } = rig({ nif: 'B1234567C' });
    await expect(normalize(client, sampleInvoice(1), OPTS)).rejects.toMatchObject({ code: 'MCF_NIF_MISMATCH' });
  });

  it('device rates that differ from the ticket’s: MCF_RATE_MISMATCH, and no invoice is opened', async () => {
    const { client, emulator } = rig({ rates: { ...defaultRates(), C: '8.00' } });
    await expect(normalize(client, sampleInvoice(3), OPTS)).rejects.toMatchObject({ code: 'MCF_RATE_MISMATCH' });
    expect(emulator.stats.commands).toBe(1);
  });

  it('a full memory: MCF_NOT_READY', async () => {
    const { client } = rig({ memoryCapacity: 1 });
    await normalize(client, sampleInvoice(1), OPTS);
    await expect(normalize(client, sampleInvoice(2), OPTS)).rejects.toMatchObject({ code: 'MCF_NOT_READY' });
  });

  it('an invoice in USD: MCF_INVOICE_UNSUPPORTED (the device counts in CDF)', async () => {
    const { client } = rig();
    await expect(normalize(client, { ...sampleInvoice(1), currency: 'USD' }, OPTS)).rejects.toMatchObject({ code: 'MCF_INVOICE_UNSUPPORTED' });
  });

  it('a 33h that disagrees with our totals: the invoice is cancelled on the device and MCF_TOTALS_MISMATCH names the field', async () => {
    const { client, emulator } = rig();
    const lying: McfClient = Object.create(client, {
      subtotal: { value: async () => ({ ...(await client.subtotal()), total: 1n }) },
    }) as McfClient;
    await expect(normalize(lying, sampleInvoice(1), OPTS)).rejects.toMatchObject({
      code: 'MCF_TOTALS_MISMATCH', details: { differences: [expect.objectContaining({ field: 'MV', device: '0.01' })] },
    });
    expect(emulator.isInvoiceOpen).toBe(false);
    expect(emulator.journal).toHaveLength(0);
  });

  it('a credit note while the device is offline: MCF_CREDIT_NOTE_UNVERIFIED, cancelled on the device', async () => {
    const { client, emulator } = rig();
    const sale = await normalize(client, sampleInvoice(1), OPTS);
    emulator.setOnline(false);
    const credit = { ...sampleInvoice(1, { type: 'FA', prefix: 'AV' }), reference: { nature: 'COR' as const, code: sale.code } };
    await expect(normalize(client, credit, OPTS)).rejects.toMatchObject({ code: 'MCF_CREDIT_NOTE_UNVERIFIED' });
    expect(emulator.isInvoiceOpen).toBe(false);
    emulator.setOnline(true);
    expect((await normalize(client, credit, OPTS)).counters).toEqual({ fc: 1, tc: 2, type: 'FA' });
  });
});

describe('normalize: faults on the way', () => {
  it('an invoice left open by a crashed earlier run is cancelled first', async () => {
    const { client, emulator } = rig();
    await client.setClient(null);
    await client.openInvoice({ operatorId: 'X', operatorName: 'X', nif: 'A9000011T', invoice: { type: 'FV' }, priceMode: 'TTC', isf: 'S', number: 'LEFT-1' });
    const { steps, options } = withSteps();
    await normalize(client, sampleInvoice(1), options);
    expect(steps).toContain('cancel-leftover');
    expect(emulator.journal.map((j) => j.number)).toEqual(['T-1']);
  });

  it('P: pending three times, then sealed', async () => {
    const { client, emulator } = rig();
    emulator.injectFault({ kind: 'pending', rounds: 3 }, { command: C.finalize });
    const { steps, options } = withSteps();
    const seal = await normalize(client, sampleInvoice(1), options);
    expect(steps.filter((s) => s === 'pending')).toHaveLength(3);
    expect(seal.counters.tc).toBe(1);
  });

  it('a slow 38h (SYN for 900 ms) seals without a resend', async () => {
    const { client, emulator, driver } = rig();
    emulator.injectFault({ kind: 'slow', delayMs: 900 }, { command: C.finalize });
    await normalize(client, sampleInvoice(1), OPTS);
    expect(driver.stats.resends).toBe(0);
    expect(driver.stats.syns).toBeGreaterThanOrEqual(8);
  });

  it('power lost right after sealing, before the answer: the seal is read back from C1h, once', async () => {
    const { client, emulator } = rig();
    emulator.injectFault({ kind: 'power-loss', when: 'after' }, { command: C.finalize });
    const { steps, options } = withSteps();
    const seal = await normalize(client, sampleInvoice(1), options);
    expect(steps).toContain('recover');
    expect(seal).toMatchObject({ recovered: true, code: emulator.journal[0]?.code, counters: { fc: 1, tc: 1, type: 'FV' } });
    expect(emulator.journal).toHaveLength(1);
  });

  it('power lost while items are sent: the invoice is sent again and sealed once', async () => {
    const { client, emulator } = rig();
    emulator.injectFault({ kind: 'power-loss', when: 'before' }, { command: C.item, after: 1 });
    const seal = await normalize(client, sampleInvoice(1), OPTS);
    expect(seal).toMatchObject({ recovered: false, counters: { tc: 1 } });
    expect(emulator.journal.map((j) => j.number)).toEqual(['T-1']);
    expect(emulator.stats.powerLosses).toBe(1);
  });

  it('a dead link during 33h (beyond every resend): recover cancels the open invoice, the flow runs again', async () => {
    const { client, emulator } = rig();
    emulator.injectFault({ kind: 'deaf', durationMs: 2200 }, { command: C.subtotal });
    const { steps, options } = withSteps();
    const seal = await normalize(client, sampleInvoice(1), { ...options, recoveryTries: 20 });
    expect(steps).toContain('recover');
    expect(steps).toContain('retry');
    expect(seal.counters.tc).toBe(1);
    expect(emulator.journal).toHaveLength(1);
  }, 20_000);
});

describe('recover', () => {
  it('says not-sealed when nothing of ours is on the device, and cancels an open invoice', async () => {
    const { client, emulator } = rig();
    expect(await recover(client, { invoiceNumber: 'T-9', total: 100n })).toEqual({ kind: 'not-sealed' });
    await client.setClient(null);
    await client.openInvoice({ operatorId: 'X', operatorName: 'X', nif: 'A9000011T', invoice: { type: 'FV' }, priceMode: 'TTC', isf: 'S', number: 'T-9' });
    expect(await recover(client, { invoiceNumber: 'T-9', total: 100n })).toEqual({ kind: 'cancelled' });
    expect(emulator.isInvoiceOpen).toBe(false);
  });

  it('does not take another invoice with our number but another total for ours', async () => {
    const { client } = rig();
    await normalize(client, sampleInvoice(1), OPTS);
    expect((await recover(client, { invoiceNumber: 'T-1', total: 1n })).kind).toBe('not-sealed');
  });
});
