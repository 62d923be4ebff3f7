// Proves the PosApi service: roles enforced in the core for every method, one session per till, honest not_implemented.
import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { createPosService, type PosService } from '../../main/core/pos-service';
import { METHOD_ACCESS, POS_METHODS, type PosMethod } from '../../main/api/pos-api';
import type { Role } from '../../main/api/pos-types';
import { importCatalog } from '../../main/core/catalog';
import { createCashier } from '../../main/core/cashiers';
import { fixedClock } from '../../main/core/clock';
import type { Store } from '../../main/core/store/open-store';
import { openTestStore, tempDir, type TempDir } from '../support/core-fixtures';

let dir: TempDir;
let store: Store;
let pos: PosService;

beforeEach(async () => {
  dir = tempDir();
  store = openTestStore(dir);
  importCatalog(store.db, [{ code: 'EAU15', name: 'EAU MINÉRALE 1.5L', type: 'BIE', tax_group: 'B', price: '464.00', barcode: '6009000000014' }]);
  await createCashier(store.db, { name: 'Marie', pin: '1111', role: 'owner' });
  await createCashier(store.db, { name: 'Jacques', pin: '2222', role: 'cashier' });
  await createCashier(store.db, { name: 'Tech', pin: '3333', role: 'technician' });
  pos = createPosService({ store, clock: fixedClock('2026-11-25T13:03:11Z') });
});
afterEach(() => {
  store.close();
  dir.remove();
});

const PINS: Record<Role, [string, string]> = { owner: ['Marie', '1111'], cashier: ['Jacques', '2222'], technician: ['Tech', '3333'] };
const NOT_BUILT: PosMethod[] = ['syncNow', 'xReport', 'zReport', 'aReport', 'listDevices', 'pairDevice', 'testDevice'];

async function as(role: Role | null): Promise<void> {
  await pos.api.logout();
  if (role !== null) {
    const r = await pos.api.login({ name: PINS[role][0], pin: PINS[role][1] });
    expect(r.ok).toBe(true);
  }
}

describe('roles, enforced in the core', () => {
  for (const role of [null, 'cashier', 'owner', 'technician'] as const) {
    it(`lets ${role ?? 'nobody'} call exactly the methods METHOD_ACCESS gives ${role ?? 'the public'}`, async () => {
      await as(role);
      for (const method of POS_METHODS) {
        if (method === 'login' || method === 'logout') continue;
        const access = METHOD_ACCESS[method];
        const isAllowed = access === 'public' || (role !== null && (access === 'session' || (access as readonly Role[]).includes(role)));
        const result = await pos.dispatch(method, {});
        const code = result.ok ? 'ok' : result.error.code;
        if (isAllowed) expect({ method, code }).not.toMatchObject({ code: expect.stringMatching(/^(forbidden|not_logged_in)$/) });
        else expect({ method, code }).toEqual({ method, code: role === null ? 'not_logged_in' : 'forbidden' });
      }
    });
  }

  it('answers not_implemented, never a fake value, for what is not built yet', async () => {
    for (const method of NOT_BUILT) {
      const role: Role = METHOD_ACCESS[method].includes('owner' as never) ? 'owner' : 'technician';
      await as(method === 'syncNow' ? 'cashier' : role);
      const r = await pos.dispatch(method, { from: '2026-11-01T00:00:00+01:00', to: '2026-11-30T00:00:00+01:00', device_id: 'x', role: 'printer', transport: 'serial', path: '/dev/ttyUSB0' });
      expect({ method, r }).toMatchObject({ method, r: { ok: false, error: { code: 'not_implemented' } } });
    }
  });
});

describe('sessions', () => {
  it('keeps one person at the till: a new login replaces the session, logout closes it', async () => {
    await as('cashier');
    const first = pos.currentSession();
    await as('owner');
    expect(pos.currentSession()?.cashier.role).toBe('owner');
    expect(store.db.prepare('SELECT close_reason FROM sessions WHERE id = ?').pluck().get(first?.session_id)).toBe('logout');
    const r = await pos.api.logout();
    expect(r).toEqual({ ok: true, value: { closed: true } });
    expect(await pos.api.currentSession()).toEqual({ ok: true, value: null });
  });

  it('closes a session left open by a crash when the service starts again', async () => {
    await as('cashier');
    const id = pos.currentSession()?.session_id;
    createPosService({ store });
    expect(store.db.prepare('SELECT close_reason FROM sessions WHERE id = ?').pluck().get(id)).toBe('restart');
  });

  it('lets a fresh till create its first owner without a session, and only that', async () => {
    const fresh = tempDir();
    const s = openTestStore(fresh);
    const svc = createPosService({ store: s });
    expect(await svc.api.createCashier({ name: 'Intrus', pin: '0000', role: 'cashier' })).toMatchObject({ ok: false, error: { code: 'not_logged_in' } });
    expect(await svc.api.createCashier({ name: 'Patronne', pin: '4321', role: 'owner' })).toMatchObject({ ok: true, value: { id: 'OP001', role: 'owner' } });
    expect(await svc.api.createCashier({ name: 'Second', pin: '4321', role: 'owner' })).toMatchObject({ ok: false, error: { code: 'not_logged_in' } });
    s.close();
    fresh.remove();
  });
});

describe('the till methods', () => {
  it('sells, finds the sale again and lists it, as a cashier', async () => {
    await as('cashier');
    const found = await pos.api.lookupBarcode({ barcode: '6009000000014' });
    expect(found).toMatchObject({ ok: true, value: { code: 'EAU15' } });
    const sale = await pos.api.checkout({ lines: [{ code: 'EAU15', quantity: '2' }], payments: [{ method: 'E', amount: '1000.00' }] });
    if (!sale.ok) throw new Error(sale.error.message);
    expect(sale.value.invoice).toMatchObject({ status: 'awaiting_seal', change_due: '72.00' });
    expect(sale.value.invoice.draft.cashier_name).toBe('Jacques');
    const again = await pos.api.getInvoice({ client_invoice_id: sale.value.invoice.client_invoice_id });
    expect(again).toEqual({ ok: true, value: sale.value.invoice });
    const page = await pos.api.listInvoices({ status: ['awaiting_seal'] });
    expect(page.ok && page.value.invoices.map((i) => i.total_ttc)).toEqual(['928.00']);
    const status = await pos.api.syncStatus();
    expect(status).toMatchObject({ ok: true, value: { light: 'red', signer: 'none', awaiting_seal: 1 } });
    expect(await pos.api.getInvoice({ client_invoice_id: 'nope' })).toMatchObject({ ok: false, error: { code: 'invoice_not_found' } });
  });

  it('refuses arguments that are not an object, and unknown methods, as values', async () => {
    await as('cashier');
    expect(await pos.dispatch('searchProducts', ['eau'])).toMatchObject({ ok: false, error: { code: 'invalid_argument' } });
    expect(await pos.dispatch('searchProducts', { query: 42 })).toMatchObject({ ok: false, error: { code: 'invalid_argument' } });
    expect(await pos.dispatch('dropDatabase', {})).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
    expect(await pos.dispatch('__proto__', {})).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
  });
});
