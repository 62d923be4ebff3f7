// Benchmark: DGI uploads per second through the e-MCF emulator over HTTP (two round trips per invoice, window of 10),
// and signed webhook deliveries per second to a 127.0.0.1 receiver.
import { createServer } from 'node:http';
import { cpus, loadavg } from 'node:os';
import { createDgiSync } from '../../server/dgi-sync/agent';
import { createEmcfClient } from '../../server/dgi-sync/emcf-client';
import { openSideDb } from '../../server/dgi-sync/side-db';
import { createUploadStore } from '../../server/dgi-sync/upload-store';
import { startEmcfEmulator } from '../../server/emcf-emulator/emcf-emulator';
import { createWebhooks } from '../../server/webhooks/dispatcher';
import { createAppEvents } from '../../server/webhooks/events';
import { createWebhookStore } from '../../server/webhooks/webhook-store';
import { makeDraft, startService } from '../server/fixtures';

const INVOICES = 300;
const EVENTS = 500;

async function uploads(): Promise<void> {
  const service = await startService('sqlite');
  const emulator = await startEmcfEmulator();
  const db = openSideDb(':memory:');
  try {
    const shop = await service.shop('A9000011T');
    for (let i = 0; i < INVOICES; i++) {
      const id = `bench-${i}`;
      await service.call('POST', '/v1/invoices', shop.terminalKey, makeDraft({ outletId: shop.outletId, nif: shop.nif, clientInvoiceId: id }), { 'idempotency-key': id });
    }
    const agent = createDgiSync({ store: service.store, uploads: createUploadStore(db), client: createEmcfClient({ baseUrl: emulator.url, token: emulator.token }) });
    const t0 = performance.now();
    const r = await agent.drain(shop.outletId);
    const s = (performance.now() - t0) / 1000;
    console.log(`dgi-sync: ${r.uploaded} invoices uploaded (register + confirm each) in ${s.toFixed(2)} s = ${(r.uploaded / s).toFixed(0)} invoices/s; most pending at the e-MCF: ${emulator.state.maxPendingSeen()}`);
    await agent.stop();
  } finally {
    db.close();
    await emulator.close();
    await service.close();
  }
}

async function deliveries(): Promise<void> {
  let got = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      got += 1;
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const db = openSideDb(':memory:');
  const events = createAppEvents();
  const webhooks = createWebhooks({ store: createWebhookStore(db), events });
  webhooks.register('m1', { url: `http://127.0.0.1:${port}/in`, events: ['invoice.sealed'], secret: 'whsec_bench_0123456789' });
  for (let i = 0; i < EVENTS; i++) events.emit({ type: 'invoice.sealed', merchantId: 'm1', outletId: 'o1', data: { client_invoice_id: `e-${i}` } });
  const t0 = performance.now();
  await webhooks.deliverDue();
  const s = (performance.now() - t0) / 1000;
  console.log(`webhooks: ${got} signed deliveries in ${s.toFixed(2)} s = ${(got / s).toFixed(0)} deliveries/s (one at a time)`);
  await webhooks.stop();
  db.close();
  await new Promise<void>((r) => {
    server.close(() => r());
    server.closeAllConnections();
  });
}

export async function run(): Promise<void> {
  // Loopback HTTP round trips dominate both figures; they move with whatever else the machine runs.
  console.log(`machine: ${cpus().length} CPUs, load average ${loadavg()[0]?.toFixed(2)} at start`);
  await uploads();
  await deliveries();
}
