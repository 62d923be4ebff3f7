// Test helper: a till core on a real SQLite file with a small catalog and a cashier logged in, wired by createTillCore.
import { importCatalog } from '../../main/core/catalog';
import { createCashier } from '../../main/core/cashiers';
import type { PosResult, ProductInput, Ticket } from '../../main/api/pos-types';
import type { Store } from '../../main/core/store/open-store';
import { openStore } from '../../main/core/store/open-store';
import { saveSettings, type TillSettings } from '../../main/core/store/settings';
import { createTillCore, type TillCore, type TillCoreOptions } from '../../main/core/till-core';
import { join } from 'node:path';
import type { TempDir } from './core-fixtures';

export const TEST_PRODUCTS: ProductInput[] = [
  { code: 'EAU15', name: 'EAU MINÉRALE SWISSTA 1.5L', type: 'BIE', tax_group: 'B', price: '464.00', barcode: '6009000000014' },
  { code: 'RIZ5', name: 'RIZ PARFUMÉ JASMIN 5KG', type: 'BIE', tax_group: 'C', price: '14500.00' },
  { code: 'PAIN', name: 'PAIN', type: 'BIE', tax_group: 'A', price: '500.00' },
];

export type TestTill = {
  store: Store;
  core: TillCore;
  /** Checkout of `lines` paid in cash; throws on a PosApi failure. */
  sell(lines?: Ticket['lines'], payments?: Ticket['payments']): Promise<import('../../main/api/pos-types').CheckoutResult>;
  close(): Promise<void>;
};

export async function must<T>(p: Promise<PosResult<T>>): Promise<T> {
  const r = await p;
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
}

/** Opens (or re-opens) `name` in `dir`; settings and people are written only when the file is new. */
export async function openTestTill(dir: TempDir, settings: TillSettings, options: Omit<TillCoreOptions, 'store'> = {}, name = 'till.db'): Promise<TestTill> {
  const store = openStore(join(dir.path, name));
  const isNew = (store.db.prepare('SELECT count(*) FROM cashiers').pluck().get() as number) === 0;
  if (isNew) {
    saveSettings(store.db, settings);
    importCatalog(store.db, TEST_PRODUCTS);
    await createCashier(store.db, { name: 'JACQUES', pin: '1234', role: 'cashier' });
    await createCashier(store.db, { name: 'MARIE', pin: '4321', role: 'owner' });
    await createCashier(store.db, { name: 'TSHIBANDA', pin: '9876', role: 'technician' });
  }
  const core = createTillCore({ reachabilityTtlMs: 0, sync: { autoStart: false }, ...options, store });
  await must(core.service.api.login({ name: 'JACQUES', pin: '1234' }));
  return {
    store, core,
    sell: (lines = [{ code: 'EAU15', quantity: '2' }, { code: 'PAIN', quantity: '1' }], payments = [{ method: 'E', amount: '2000.00' }]) =>
      must(core.service.api.checkout({ lines, payments })),
    async close() {
      await core.close();
      store.close();
    },
  };
}
