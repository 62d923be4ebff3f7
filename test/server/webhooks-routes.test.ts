// The HTTP surface: POST /v1/webhooks, dead letters and replay, GET /v1/outlets/{id}/dgi-sync, and invoice.sealed
// published from a real seal, end to end through the app with a receiver and the e-MCF emulator on 127.0.0.1.
import { createServer, type Server } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app';
import { createDgiSync, type DgiSync } from '../../server/dgi-sync/agent';
import { createEmcfClient } from '../../server/dgi-sync/emcf-client';
import { openSideDb, type SideDb } from '../../server/dgi-sync/side-db';
import { createUploadStore } from '../../server/dgi-sync/upload-store';
import { startEmcfEmulator, type EmcfEmulator } from '../../server/emcf-emulator/emcf-emulator';
import { ephemeralSoftwareSigner } from '../../server/signer/software';
import type { Store } from '../../server/store/store';
import { createWebhooks, type Webhooks } from '../../server/webhooks/dispatcher';
import { createAppEvents } from '../../server/webhooks/events';
import { verifySignature } from '../../server/webhooks/signature';
import { createWebhookStore } from '../../server/webhooks/webhook-store';
import { makeBackend, type Backend } from './backends';
import { ADMIN_KEY, makeDraft } from './fixtures';

const SECRET = 'whsec_routes_0123456789';
let backend: Backend;
let store: Store;
let app: FastifyInstance;
let db: SideDb;
let dgiSync: DgiSync;
let webhooks: Webhooks;
let emulator: EmcfEmulator;
let receiver: Server;
let receiverUrl: string;
const received: Array<{ headers: Record<string, unknown>; body: string }> = [];

async function call(method: 'GET' | 'POST', url: string, key: string, body?: unknown, headers: Record<string, string> = {}) {
  return app.inject({ method, url, headers: { authorization: `Bearer ${key}`, ...headers }, ...(body === undefined ? {} : { payload: body as object }) });
}

async function shop(nif: string) {
  const m = (await call('POST', '/v1/merchants', ADMIN_KEY, { nif, name: `Shop ${nif}` })).json();
  const o = (await call('POST', `/v1/merchants/${m.id}/outlets`, ADMIN_KEY, { name: 'Main', isf: 'STALELA-POS' })).json();
  const owner = (await call('POST', '/v1/api-keys', ADMIN_KEY, { merchant_id: m.id, role: 'owner' })).json();
  const terminal = (await call('POST', '/v1/api-keys', ADMIN_KEY, { merchant_id: m.id, outlet_id: o.id, role: 'terminal' })).json();
  const auditor = (await call('POST', '/v1/api-keys', ADMIN_KEY, { merchant_id: m.id, role: 'auditor' })).json();
  return { nif, merchantId: m.id as string, outletId: o.id as string, ownerKey: owner.key as string, terminalKey: terminal.key as string, auditorKey: auditor.key as string };
}

const until = async (check: () => boolean, ms = 3_000): Promise<void> => {
  const end = Date.now() + ms;
  while (!check() && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
};

beforeEach(async () => {
  received.length = 0;
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  const address = receiver.address();
  receiverUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/in`;
  emulator = await startEmcfEmulator();
  backend = await makeBackend('sqlite');
  store = await backend.open();
  db = openSideDb(':memory:');
  const events = createAppEvents();
  dgiSync = createDgiSync({ store, uploads: createUploadStore(db), client: createEmcfClient({ baseUrl: emulator.url, token: emulator.token }), events, backoff: { baseMs: 5, maxMs: 20 } });
  webhooks = createWebhooks({ store: createWebhookStore(db), events, backoff: { baseMs: 5, maxMs: 20 } });
  webhooks.start();
  app = await buildApp({ store, signer: await ephemeralSoftwareSigner(), adminKey: ADMIN_KEY, logger: false, events, dgiSync, webhooks });
});

afterEach(async () => {
  await app.close();
  await dgiSync.stop();
  await webhooks.stop();
  await emulator.close();
  await new Promise<void>((r) => {
    receiver.close(() => r());
    receiver.closeAllConnections();
  });
  db.close();
  await store.close();
  await backend.cleanup();
});

describe('webhook and dgi-sync routes', () => {
  it('an owner subscribes; a seal reaches the receiver as invoice.sealed and, once uploaded, invoice.uploaded, both signed', async () => {
    const s = await shop('A9000011T');
    const created = await call('POST', '/v1/webhooks', s.ownerKey, { url: receiverUrl, events: ['invoice.sealed', 'invoice.uploaded'], secret: SECRET });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ url: receiverUrl, events: ['invoice.sealed', 'invoice.uploaded'] });
    expect(created.json()).not.toHaveProperty('secret');
    const seal = await call('POST', '/v1/invoices', s.terminalKey, makeDraft({ outletId: s.outletId, nif: s.nif, clientInvoiceId: 'inv-1' }), { 'idempotency-key': 'inv-1' });
    expect(seal.statusCode).toBe(201);
    await until(() => received.length >= 2);
    const types = received.map((r) => r.headers['stalela-event-type']);
    expect(types).toEqual(['invoice.sealed', 'invoice.uploaded']);
    for (const r of received) expect(verifySignature(SECRET, r.body, String(r.headers['stalela-signature']), Math.floor(Date.now() / 1000))).toEqual({ ok: true });
    const sealedEvent = JSON.parse(received[0]?.body ?? '{}');
    expect(sealedEvent.data).toMatchObject({ client_invoice_id: 'inv-1', fiscal_number: 1, outlet_id: s.outletId });
    expect(emulator.state.confirmations('inv-1')).toBe(1);
    // A replayed seal (200) is not a new event.
    await call('POST', '/v1/invoices', s.terminalKey, makeDraft({ outletId: s.outletId, nif: s.nif, clientInvoiceId: 'inv-1', issuedAt: JSON.parse(received[0]?.body ?? '{}').data.invoice.issued_at }), { 'idempotency-key': 'inv-1' });
    await new Promise((r) => setTimeout(r, 50));
    expect(received.filter((r) => r.headers['stalela-event-type'] === 'invoice.sealed')).toHaveLength(1);
  });

  it('refuses a webhook from a non-owner, with a bad URL, an unknown event or a short secret', async () => {
    const s = await shop('A9000012T');
    expect((await call('POST', '/v1/webhooks', s.terminalKey, { url: receiverUrl, events: ['invoice.sealed'], secret: SECRET })).statusCode).toBe(403);
    expect((await call('POST', '/v1/webhooks', s.ownerKey, { url: 'ftp://example.org/x', events: ['invoice.sealed'], secret: SECRET })).statusCode).toBe(422);
    expect((await call('POST', '/v1/webhooks', s.ownerKey, { url: receiverUrl, events: ['invoice.deleted'], secret: SECRET })).statusCode).toBe(422);
    expect((await call('POST', '/v1/webhooks', s.ownerKey, { url: receiverUrl, events: ['invoice.sealed'], secret: 'short' })).statusCode).toBe(422);
  });

  it('lists dead letters to their owner only and replays them', async () => {
    const s = await shop('A9000013T');
    const other = await shop('A9000014T');
    await call('POST', '/v1/webhooks', s.ownerKey, { url: 'http://127.0.0.1:9/closed', events: ['invoice.sealed'], secret: SECRET });
    // Delivered to a closed port until the attempts run out (8 by default, a few ms apart here).
    await call('POST', '/v1/invoices', s.terminalKey, makeDraft({ outletId: s.outletId, nif: s.nif, clientInvoiceId: 'dead-1' }), { 'idempotency-key': 'dead-1' });
    let dead: Array<{ id: string; event_type: string; attempts: number }> = [];
    for (const end = Date.now() + 3_000; dead.length === 0 && Date.now() < end;) {
      dead = (await call('GET', '/v1/webhooks/dead-letters', s.ownerKey)).json().dead_letters;
      if (dead.length === 0) await new Promise((r) => setTimeout(r, 10));
    }
    expect(dead[0]).toMatchObject({ event_type: 'invoice.sealed', attempts: 8 });
    expect((await call('GET', '/v1/webhooks/dead-letters', other.ownerKey)).json()).toEqual({ dead_letters: [] });
    expect((await call('POST', `/v1/webhooks/dead-letters/${dead[0]?.id}/replay`, other.ownerKey)).statusCode).toBe(404);
    expect((await call('POST', `/v1/webhooks/dead-letters/${dead[0]?.id}/replay`, s.ownerKey)).statusCode).toBe(202);
    expect((await call('POST', `/v1/webhooks/dead-letters/${dead[0]?.id}/replay`, s.ownerKey)).statusCode).toBe(409);
  });

  it('GET /v1/outlets/{id}/dgi-sync answers counts, last success and the light to owner and auditor, 404 to another merchant', async () => {
    const s = await shop('A9000015T');
    const other = await shop('A9000016T');
    await emulator.setMode('down');
    await call('POST', '/v1/invoices', s.terminalKey, makeDraft({ outletId: s.outletId, nif: s.nif, clientInvoiceId: 'st-1' }), { 'idempotency-key': 'st-1' });
    const waiting = await call('GET', `/v1/outlets/${s.outletId}/dgi-sync`, s.auditorKey);
    expect(waiting.statusCode).toBe(200);
    expect(waiting.json()).toMatchObject({ outlet_id: s.outletId, counts: { pending: 1, uploaded: 0, failed: 0 }, last_success_at: null, status: 'green' });
    await emulator.setMode('up');
    await dgiSync.drain(s.outletId);
    await until(() => emulator.state.confirmations('st-1') === 1);
    await dgiSync.drain(s.outletId);
    const done = (await call('GET', `/v1/outlets/${s.outletId}/dgi-sync`, s.ownerKey)).json();
    expect(done).toMatchObject({ counts: { pending: 0, uploaded: 1, failed: 0 }, status: 'green' });
    expect(done.last_success_at).not.toBeNull();
    expect((await call('GET', `/v1/outlets/${s.outletId}/dgi-sync`, other.ownerKey)).statusCode).toBe(404);
    expect((await call('GET', `/v1/outlets/${s.outletId}/dgi-sync`, s.terminalKey)).statusCode).toBe(403);
  });
});
