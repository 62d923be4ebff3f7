// Benchmark of the till core at 100,000 products: catalog import, barcode lookup and name search latency (p50/p99), checkout rate.
import { join } from 'node:path';
import { importCatalog, lookupBarcode, searchProducts } from '../../main/core/catalog';
import { syntheticCatalog } from '../../main/core/catalog-seed';
import { createCashier } from '../../main/core/cashiers';
import { checkout } from '../../main/core/checkout';
import { systemClock } from '../../main/core/clock';
import { makeSignerProbe } from '../../main/core/signer-probe';
import { openTestStore, tempDir } from '../support/core-fixtures';
import { percentile } from './measure';

const N = 100_000;

function latencies(label: string, samples: number, fn: (i: number) => unknown): void {
  for (let i = 0; i < 200; i++) fn(i);
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const t = performance.now();
    fn(i);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const f = (p: number): string => `${(percentile(times, p) * 1000).toFixed(0)} µs`;
  console.log(`${label}: p50 ${f(50)}, p99 ${f(99)}, max ${f(100)} (${samples} samples)`);
}

export async function run(): Promise<void> {
  const dir = tempDir('stalela-core-bench-');
  const store = openTestStore(dir);
  try {
    const products = syntheticCatalog(N);
    let t = performance.now();
    importCatalog(store.db, products);
    console.log(`catalog import of ${N.toLocaleString('en-US')} products (one transaction, file on disk, synchronous=FULL): ${((performance.now() - t) / 1000).toFixed(2)} s`);

    latencies('barcode lookup (hit)', 20_000, (i) => lookupBarcode(store.db, products[(i * 7919) % N]!.barcode!));
    latencies('barcode lookup (miss)', 5_000, (i) => lookupBarcode(store.db, `999${i}`));
    const queries = ['c', 'cr', 'creme', 'CRÈME FRAÎCHE', 'lait ecreme kin', 'riz sud', 'savon doux', 'zz', 'e', 'biscuit vanille 5', 'S0054321', 'huile parf'];
    for (const q of ['c', 'creme', 'lait ecreme kin', 'zz']) latencies(`name search "${q}" (20 results)`, 2_000, () => searchProducts(store.db, q, 20));
    latencies(`name search, mix of ${queries.length} queries`, 12_000, (i) => searchProducts(store.db, queries[i % queries.length]!, 20));

    importCatalog(store.db, [{ code: 'EAU15', name: 'EAU MINÉRALE 1.5L', type: 'BIE', tax_group: 'B', price: '464.00' }, { code: 'RIZ5', name: 'RIZ 5KG', type: 'BIE', tax_group: 'C', price: '14500.00' }]);
    const cashier = await createCashier(store.db, { name: 'BENCH', pin: '1234', role: 'cashier' });
    const deps = { db: store.db, clock: systemClock, sealers: {}, probeSigners: makeSignerProbe(store.db, systemClock) };
    const ticket = { lines: [{ code: 'EAU15', quantity: '2' }, { code: 'RIZ5', quantity: '1' }], payments: [{ method: 'E' as const, amount: '20000.00' }] };
    const count = 1000;
    const times: number[] = [];
    t = performance.now();
    for (let i = 0; i < count; i++) {
      const s = performance.now();
      await checkout(deps, ticket, cashier);
      times.push(performance.now() - s);
    }
    const elapsed = performance.now() - t;
    times.sort((a, b) => a - b);
    console.log(
      `checkout (draft + outbox in one FULL-sync transaction, no signer): ${Math.round((count * 1000) / elapsed)} sales/s, ` +
        `p50 ${percentile(times, 50).toFixed(2)} ms, p99 ${percentile(times, 99).toFixed(2)} ms (${count} sales, db ${join(dir.path, 'till.db')})`,
    );
  } finally {
    store.close();
    dir.remove();
  }
}
