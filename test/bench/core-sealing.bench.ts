// Benchmark of sealing from the till: checkout latency with a cloud seal over loopback, with a delegated seal while the
// cloud is cut off (and the reconciliation of those sales afterwards), with the MCF emulator over TCP, and the time the
// sync agent takes to drain 10,000 queued invoices to the cloud.
import { createMcfEmulator, listenMcfTcp } from '../../device/emulator/mcf-emulator';
import { toKinshasaIso } from '../../fiscal/dgi-time';
import { getCashier } from '../../main/core/cashiers';
import { getProduct } from '../../main/core/catalog';
import { buildDraft } from '../../main/core/checkout-draft';
import { insertSale } from '../../main/core/outbox';
import { nextCounter } from '../../main/core/store/counters';
import { requireSettings } from '../../main/core/store/settings';
import { uuidv7 } from '../../main/core/uuid-v7';
import { DEMO_SETTINGS, tempDir } from '../support/core-fixtures';
import { startTestCloud } from '../support/core-cloud';
import { startProxy } from '../support/core-proxy';
import { join } from 'node:path';
import { must, openTestTill, type TestTill } from '../support/core-till';
import { percentile } from './measure';

const LINES = [{ code: 'EAU15', quantity: '2' }, { code: 'PAIN', quantity: '1' }];

async function timeSales(label: string, till: TestTill, count: number): Promise<void> {
  for (let i = 0; i < 5; i++) await till.sell(LINES, [{ method: 'E' }]);
  const times: number[] = [];
  const started = performance.now();
  for (let i = 0; i < count; i++) {
    const t = performance.now();
    const r = await till.sell(LINES, [{ method: 'E' }]);
    times.push(performance.now() - t);
    if (r.receipt !== 'fiscal') throw new Error(`${label}: sale ${i} was not sealed (${r.invoice.reason})`);
  }
  const elapsed = performance.now() - started;
  times.sort((a, b) => a - b);
  console.log(`${label}: p50 ${percentile(times, 50).toFixed(1)} ms, p99 ${percentile(times, 99).toFixed(1)} ms, ${Math.round((count * 1000) / elapsed)} sales/s (${count} sales)`);
}

/** Real drafts (the kernel's figures, validated) written straight into the outbox as waiting: what an offline day leaves. */
function queueDrafts(till: TestTill, count: number): void {
  const db = till.store.db;
  const settings = requireSettings(db);
  const cashier = getCashier(db, 'OP001')!;
  db.transaction(() => {
    for (let i = 0; i < count; i++) {
      const now = new Date();
      const issuedAt = toKinshasaIso(now);
      const year = issuedAt.slice(0, 4);
      const { draft, change } = buildDraft({
        ticket: { lines: [{ code: 'EAU15', quantity: String((i % 5) + 1) }], payments: [] }, settings, cashier,
        client_invoice_id: uuidv7(now.getTime()), invoice_number: `${nextCounter(db, `invoice_number:${year}`)}/${year}`, issued_at: issuedAt,
        productByCode: (code) => getProduct(db, code),
      });
      insertSale(db, { draft, change, ticketHash: null, signer: 'none', status: 'awaiting_seal', reason: 'hors ligne (banc)', now });
    }
  }).immediate();
}

export async function run(): Promise<void> {
  const cloud = await startTestCloud();
  const dir = tempDir('stalela-seal-bench-');
  try {
    // Reachability as shipped (known for 5 s, then one health check), not the tests' check-every-time.
    const online = await openTestTill(dir, cloud.tillSettings(), { reachabilityTtlMs: 5000 }, 'cloud.db');
    await timeSales('checkout with a cloud seal (POST /v1/invoices over loopback, answer verified, FULL sync on both sides)', online, 300);
    await online.close();

    const proxy = await startProxy(cloud.port);
    const offline = await openTestTill(dir, { ...cloud.tillSettings(proxy.url), terminal_id: 'BENCH-D' }, {
      reachabilityTtlMs: 5000,
      fiscalExtension: { key: { kind: 'key_file', path: join(dir.path, 'bench-key.json'), passphrase: 'bench passphrase' }, blockSize: 1000 },
    }, 'delegated.db');
    await offline.core.agent.runPass({ force: true });
    proxy.setMode('refuse');
    await timeSales('checkout with a delegated seal (cloud cut off; number taken in SQLite, ES256 with the key-file key, FULL sync)', offline, 300);
    proxy.setMode('pass');
    const up = performance.now();
    const back = await offline.core.agent.runPass({ force: true });
    const upSeconds = (performance.now() - up) / 1000;
    if (back.uploaded + back.resolved < 305) throw new Error(`reconciliation: ${JSON.stringify(back)}`);
    console.log(`on reconnection, ${back.uploaded} delegated invoices reconciled (batches of 100) and ${back.resolved} cloud seal settled by asking: ${upSeconds.toFixed(2)} s, ${Math.round(305 / upSeconds)} invoices/s`);
    await offline.close();
    await proxy.close();

    const emulator = createMcfEmulator();
    const mcf = await listenMcfTcp(emulator, { port: 0 });
    const device = await openTestTill(dir, DEMO_SETTINGS, {}, 'mcf.db');
    await must(device.core.service.api.login({ name: 'TSHIBANDA', pin: '9876' }));
    await must(device.core.service.api.pairDevice({ role: 'mcf', transport: 'tcp', path: `127.0.0.1:${mcf.port}` }));
    await must(device.core.service.api.login({ name: 'JACQUES', pin: '1234' }));
    await timeSales('checkout with an MCF seal (emulator over TCP: C1h, C2h, C3h, C0h, 31h ×2, 33h, 35h, 38h; till countersignature)', device, 100);
    await device.close();
    emulator.close();
    await mcf.close();

    const queued = await openTestTill(dir, cloud.tillSettings(), { reachabilityTtlMs: 5000 }, 'queue.db');
    const n = 10_000;
    let t = performance.now();
    queueDrafts(queued, n);
    console.log(`queued ${n.toLocaleString('en-US')} waiting drafts in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    t = performance.now();
    const report = await queued.core.agent.runPass({ force: true });
    const seconds = (performance.now() - t) / 1000;
    if (report.sealed !== n || report.pending !== 0) throw new Error(`drain: ${JSON.stringify(report)}`);
    console.log(`drain of ${n.toLocaleString('en-US')} queued invoices to the cloud (in sale order, one at a time): ${seconds.toFixed(1)} s, ${Math.round(n / seconds)} invoices/s`);
    await queued.close();
  } finally {
    await cloud.close();
    dir.remove();
  }
}
