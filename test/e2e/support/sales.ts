// Sales made straight through the core's PosApi before the browser logs in: a realistic morning for the owner's screens.
import type { PosApi } from '../../../main/api/pos-api';
import type { CheckoutResult, Ticket } from '../../../main/api/pos-types';
import { PEOPLE } from './seeded-till';

/** Beer (B + excise), maize flour (C), paracetamol (A), water (B), a phone top-up out of scope (A, HORS CHAMP). */
export function morning(today: string): Ticket[] {
  return [
  { lines: [{ code: '10001', quantity: '2' }, { code: '10719', quantity: '1' }], payments: [{ method: 'E', amount: '10000.00' }] },
  { lines: [{ code: '10945', quantity: '3' }], payments: [{ method: 'M' }] },
  {
    lines: [{ code: '10081', quantity: '12' }],
    client: { type: 'PM', nif: 'A9001255A', name: 'ABC SARL', address: '5 AV. KASA-VUBU' },
    payments: [{ method: 'C' }],
  },
  {
    lines: [{ code: '10988', quantity: '1' }, { code: '10001', quantity: '1' }],
    usd_rate: { rate: '2850.00', date: today },
    payments: [{ method: 'E', amount: '2.00', currency: 'USD' }],
  },
  ];
}

export async function ringUp(api: PosApi, tickets: readonly Ticket[]): Promise<CheckoutResult[]> {
  const login = await api.login({ name: PEOPLE.cashier.name, pin: PEOPLE.cashier.pin });
  if (!login.ok) throw new Error(`e2e sales: ${login.error.message}`);
  const out: CheckoutResult[] = [];
  for (const t of tickets) {
    const r = await api.checkout(t);
    if (!r.ok) throw new Error(`e2e sales: ${r.error.code} ${r.error.message}`);
    out.push(r.value);
  }
  await api.logout();
  return out;
}
