// The e-MCF emulator over real HTTP: two phases, its own counters, the 10-pending limit, expiry, outages and refusals.
import { afterEach, describe, expect, it } from 'vitest';
import { createEmcfClient } from '../../server/dgi-sync/emcf-client';
import type { EmcfInvoiceRequest } from '../../server/dgi-sync/emcf-wire';
import { startEmcfEmulator, type EmcfEmulator } from '../../server/emcf-emulator/emcf-emulator';

const invoice = (rn: string): EmcfInvoiceRequest => ({
  rn, nif: 'A9000011T', isf: 'STALELA-POS', nim: 'SC00000001-1', type: 'FV', price_mode: 'TTC', currency: 'CDF',
  issued_at: '2026-11-25T14:03:11+01:00', fiscal_number: 1, reference: null,
  items: [{ code: '6001', name: 'EAU', type: 'BIE', tax_group: 'B', unit_price: '720.00', quantity: '5' }],
  payments: [{ method: 'E', amount: '3600.00', currency: 'CDF' }],
});

let emulator: EmcfEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

describe('e-MCF emulator', () => {
  it('registers with its own totals, confirms with counters, code and QR, and repeats a confirm answer', async () => {
    emulator = await startEmcfEmulator({ nim: 'EM01000001-1' });
    const client = createEmcfClient({ baseUrl: emulator.url, token: emulator.token });
    const reg = await client.register(invoice('a'));
    if (reg.kind !== 'ok') throw new Error(JSON.stringify(reg));
    // 3600 TTC at 16 %: VAT = 3600 × 16 / 116 = 496.55, rounded to whole francs (the kernel's CDF rule)
    expect(reg.value).toMatchObject({ total: '3600.00', curTotal: '3600.00', vtotal: '497.00' });
    const first = await client.confirm(reg.value.uid, { total: '3600.00', vtotal: '497.00' });
    if (first.kind !== 'ok') throw new Error(JSON.stringify(first));
    expect(first.value.counters).toBe('1/1 FV');
    expect(first.value.codeDEFDGI).toMatch(/^[A-Z2-7]{24}$/);
    expect(first.value.qrCode).toBe(`RDCDEF01;EM01000001-1;${first.value.codeDEFDGI};A9000011T;${first.value.dateTime}`);
    const again = await client.confirm(reg.value.uid, { total: '3600.00', vtotal: '497.00' });
    expect(again).toEqual(first);
    expect(emulator.state.confirmations('a')).toBe(1);
  });

  it('refuses an eleventh pending registration, and frees the slot when one is cancelled', async () => {
    emulator = await startEmcfEmulator();
    const client = createEmcfClient({ baseUrl: emulator.url, token: emulator.token });
    const uids: string[] = [];
    for (let i = 0; i < 10; i++) {
      const r = await client.register(invoice(`p${i}`));
      if (r.kind !== 'ok') throw new Error(JSON.stringify(r));
      uids.push(r.value.uid);
    }
    const eleventh = await client.register(invoice('p10'));
    expect(eleventh.kind).toBe('transient');
    expect(await client.cancel(uids[0] ?? '')).toMatchObject({ kind: 'ok' });
    expect((await client.register(invoice('p10'))).kind).toBe('ok');
    expect(emulator.state.pendingCount()).toBe(10);
  });

  it('expires an unconfirmed registration: its confirm then answers unknown_uid', async () => {
    let now = 1_000_000;
    emulator = await startEmcfEmulator({ expiryMs: 120_000, now: () => now });
    const client = createEmcfClient({ baseUrl: emulator.url, token: emulator.token });
    const r = await client.register(invoice('late'));
    if (r.kind !== 'ok') throw new Error('register');
    now += 120_001;
    expect(emulator.state.pendingCount()).toBe(0);
    expect((await client.confirm(r.value.uid, { total: r.value.total, vtotal: r.value.vtotal })).kind).toBe('unknown_uid');
  });

  it('refuses connections when down, answers 500 in error mode, and refuses a named invoice with its reason', async () => {
    emulator = await startEmcfEmulator();
    const client = createEmcfClient({ baseUrl: emulator.url, token: emulator.token });
    await emulator.setMode('down');
    const down = await client.register(invoice('x'));
    expect(down).toMatchObject({ kind: 'transient' });
    expect(down.kind === 'transient' && down.reason).toContain('ECONNREFUSED');
    await emulator.setMode('error');
    expect(await client.register(invoice('x'))).toMatchObject({ kind: 'transient' });
    await emulator.setMode('up');
    emulator.refuse('bad', { status: 400, errorCode: 'NIF_UNKNOWN', errorDesc: 'The NIF is not registered.' });
    expect(await client.register(invoice('bad'))).toEqual({ kind: 'refused', status: 400, code: 'NIF_UNKNOWN', reason: 'NIF_UNKNOWN: The NIF is not registered.' });
    expect((await client.register(invoice('x'))).kind).toBe('ok');
    expect(emulator.state.registrations('x')).toBe(1);
  });

  it('wants the bearer token; a refused token is a wait, not a refusal of the invoice', async () => {
    emulator = await startEmcfEmulator();
    const client = createEmcfClient({ baseUrl: emulator.url, token: 'wrong' });
    const r = await client.register(invoice('x'));
    expect(r.kind).toBe('transient');
    expect(r.kind === 'transient' && r.reason).toContain('UNAUTHORIZED');
    expect(emulator.state.registrations('x')).toBe(0);
  });
});
