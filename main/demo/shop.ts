// The demo shop on the till: settings pointing at the demo cloud, the ~1,000-product catalog, an owner, a cashier, a technician.
import type Database from 'better-sqlite3';
import type { Role } from '../api/pos-types';
import { importCatalog } from '../core/catalog';
import { demoCatalog } from '../core/catalog-seed';
import { createCashier, listCashiers } from '../core/cashiers';
import { saveSettings } from '../core/store/settings';
import { DEMO_MERCHANT, type DemoTenant } from './cloud';

export type DemoPerson = { name: string; pin: string; role: Role; what: string };

/** Printed at start so whoever runs the demo can log in. Demo PINs only: a real shop sets its own. */
export const DEMO_PEOPLE: readonly DemoPerson[] = [
  { name: 'JACQUES', pin: '1234', role: 'cashier', what: 'caissier / cashier' },
  { name: 'MARIE', pin: '4321', role: 'owner', what: 'gérante / owner (rapports X, Z, A)' },
  { name: 'TSHIBANDA', pin: '9876', role: 'technician', what: 'technicien / technician (appareils)' },
];

export const DEMO_TERMINAL_ID = 'T01';

/**
 * Settings every start (the cloud's port changes from run to run); catalog and people on the first run only, so a
 * shop's own changes survive a restart of the demo.
 */
export async function setUpDemoShop(db: Database.Database, cloudUrl: string, tenant: DemoTenant): Promise<{ products: number; isFirstRun: boolean }> {
  saveSettings(db, {
    merchant: { ...DEMO_MERCHANT },
    outlet: { id: tenant.outlet_id, name: tenant.outlet_name, authority_id: tenant.authority_id, isf: tenant.isf },
    terminal_id: DEMO_TERMINAL_ID,
    cloud: { url: cloudUrl, api_key: tenant.terminal_key },
  });
  const isFirstRun = listCashiers(db).length === 0;
  if ((db.prepare('SELECT count(*) FROM products').pluck().get() as number) === 0) importCatalog(db, demoCatalog());
  if (isFirstRun) {
    // The owner first: the first owner of an empty till is the one person created without a session.
    for (const p of [...DEMO_PEOPLE].sort((a, b) => (a.role === 'owner' ? -1 : b.role === 'owner' ? 1 : 0))) {
      await createCashier(db, { name: p.name, pin: p.pin, role: p.role });
    }
  }
  return { products: db.prepare('SELECT count(*) FROM products WHERE active = 1').pluck().get() as number, isFirstRun };
}
