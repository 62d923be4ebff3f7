// The DGI upload agent against the e-MCF emulator over HTTP and invoices sealed by the real service: outages drain in
// order, nothing is lost or registered twice, the pending limit holds, refusals and mismatches are recorded durably.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDgiSync, type DgiSync, type DgiSyncOptions } from '../../server/dgi-sync/agent';
import { createEmcfClient } from '../../server/dgi-sync/emcf-client';
import { openSideDb, type SideDb } from '../../server/dgi-sync/side-db';
import { createUploadStore, type UploadStore } from '../../server/dgi-sync/upload-store';
import { startEmcfEmulator, type EmcfEmulator } from '../../server/emcf-emulator/emcf-emulator';
import { createAppEvents, type AppEvent } from '../../server/webhooks/events';
import { makeDraft, startService, type Service, type Shop } from './fixtures';

let service: Service;
let shop: Shop;
let emulator: EmcfEmulator;
let dir: string;
let db: SideDb;
let uploads: UploadStore;
let agent: DgiSync | undefined;

beforeEach(async () => {
  service = await startService('sqlite');
  shop = await service.shop('A9000011T');
  emulator = await startEmcfEmulator();
  dir = mkdtempSync(join(tmpdir(), 'dgi-sync-'));
  db = openSideDb(join(dir, 'side.sqlite'));
  uploads = createUploadStore(db);
});

afterEach(async () => {
  await agent?.stop();
  agent = undefined;
  db.close();
  await emulator.close();
  await service.close();
  rmSync(dir, { recursive: true, force: true });
});

async function seal(n: number, prefix = 'inv'): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const id = `${prefix}-${String(i).padStart(3, '0')}`;
    const res = await service.call('POST', '/v1/invoices', shop.terminalKey, makeDraft({ outletId: shop.outletId, nif: shop.nif, clientInvoiceId: id }), { 'idempotency-key': id });
    if (res.statusCode !== 201) throw new Error(`seal ${id}: ${res.body}`);
    ids.push(id);
  }
  return ids;
}

function makeAgent(extra: Partial<DgiSyncOptions> = {}): DgiSync {
  agent = createDgiSync({
    store: service.store, uploads, client: createEmcfClient({ baseUrl: emulator.url, token: emulator.token, timeoutMs: 2_000 }),
    backoff: { baseMs: 5, maxMs: 20, random: () => 0 }, ...extra,
  });
  return agent;
}

/** Passes until nothing is pending or `limit` passes ran, waiting out each retry time. */
async function settle(a: DgiSync, limit = 50): Promise<void> {
  for (let i = 0; i < limit; i++) {
    const r = await a.runOnce(shop.outletId);
    if (uploads.summary(shop.outletId).counts.pending === 0) return;
    if (r.waitUntil) await new Promise((res) => setTimeout(res, Math.max(0, (r.waitUntil ?? 0) - Date.now()) + 1));
  }
}

describe('DGI upload agent', () => {
  it('holds the backlog while the e-MCF is down, then drains it in ledger order with each invoice registered and confirmed once', async () => {
    const ids = await seal(25);
    await emulator.setMode('down');
    const a = makeAgent({ backoff: { baseMs: 200, maxMs: 400, random: () => 0 } });
    const first = await a.runOnce(shop.outletId);
    expect(first.uploaded).toBe(0);
    expect(first.stalled).toContain('ECONNREFUSED');
    expect(first.waitUntil).not.toBeNull();
    // The retry time paces the queue: an immediate second pass does not knock on the DGI's door.
    expect((await a.runOnce(shop.outletId)).stalled).toBeNull();
    expect(uploads.summary(shop.outletId).counts).toEqual({ pending: 25, uploaded: 0, failed: 0 });
    expect(uploads.get(shop.outletId, ids[0] ?? '')?.lastError).toContain('ECONNREFUSED');

    await emulator.setMode('up');
    await settle(a);
    expect(uploads.summary(shop.outletId).counts).toEqual({ pending: 0, uploaded: 25, failed: 0 });
    expect(emulator.state.confirmedOrder()).toEqual(ids);
    for (const id of ids) {
      expect(emulator.state.registrations(id)).toBe(1);
      expect(emulator.state.confirmations(id)).toBe(1);
    }
    // 25 invoices went up in windows: the agent used the ten slots, never more.
    expect(emulator.state.maxPendingSeen()).toBe(10);
    const row = uploads.get(shop.outletId, ids[24] ?? '');
    expect(row?.status).toBe('uploaded');
    expect(row?.answer?.counters).toBe('25/25 FV');
    expect(row?.answer?.qrCode).toContain(row?.answer?.codeDEFDGI ?? 'none');
  });

  it('respects a lower pending limit and keeps order through 500s and slow answers', async () => {
    const ids = await seal(12);
    const a = makeAgent({ maxPending: 3, client: createEmcfClient({ baseUrl: emulator.url, token: emulator.token, timeoutMs: 100 }) });
    await emulator.setMode('error');
    expect((await a.runOnce(shop.outletId)).stalled).toContain('500');
    await emulator.setMode('slow');
    await a.runOnce(shop.outletId);
    await emulator.setMode('up');
    await settle(a);
    expect(emulator.state.confirmedOrder()).toEqual(ids);
    expect(emulator.state.maxPendingSeen()).toBeLessThanOrEqual(3);
    for (const id of ids) expect(emulator.state.confirmations(id)).toBe(1);
  });

  it('records refusals and totals mismatches as failed with the reason, cancels the mismatch, and uploads the rest', async () => {
    const events: AppEvent[] = [];
    const bus = createAppEvents();
    bus.on((e) => events.push(e));
    const ids = await seal(6);
    emulator.refuse(ids[1] ?? '', { status: 400, errorCode: 'NIF_UNKNOWN', errorDesc: 'The NIF is not registered at the DGI.' });
    emulator.skewVat(ids[3] ?? '', 1n);
    const a = makeAgent({ events: bus });
    await settle(a);
    expect(uploads.summary(shop.outletId).counts).toEqual({ pending: 0, uploaded: 4, failed: 2 });
    expect(uploads.get(shop.outletId, ids[1] ?? '')?.lastError).toContain('NIF_UNKNOWN: The NIF is not registered');
    expect(uploads.get(shop.outletId, ids[3] ?? '')?.lastError).toMatch(/^totals_mismatch: the DGI computed total \d+\.\d\d, VAT \d+\.\d\d/);
    expect(emulator.state.confirmations(ids[3] ?? '')).toBe(0);
    expect(emulator.state.pendingCount()).toBe(0);
    expect(emulator.state.confirmedOrder()).toEqual([ids[0], ids[2], ids[4], ids[5]]);
    expect(events.filter((e) => e.type === 'invoice.upload_failed').map((e) => e.data.client_invoice_id)).toEqual([ids[1], ids[3]]);
    expect(events.filter((e) => e.type === 'invoice.uploaded')).toHaveLength(4);
    const status = await a.status(shop.outletId);
    expect(status).toMatchObject({ status: 'yellow', counts: { pending: 0, uploaded: 4, failed: 2 } });
  });

  it('settles a lost confirm answer by confirming the same uid again, never registering twice', async () => {
    const ids = await seal(3);
    emulator.loseConfirmAnswers(1);
    const a = makeAgent();
    const first = await a.runOnce(shop.outletId);
    expect(first.uploaded).toBe(0);
    expect(first.stalled).not.toBeNull();
    const kept = uploads.get(shop.outletId, ids[0] ?? '');
    expect(kept?.status).toBe('pending');
    expect(kept?.uid).not.toBeNull();
    await settle(a);
    expect(uploads.get(shop.outletId, ids[0] ?? '')?.uid).toBe(kept?.uid);
    for (const id of ids) {
      expect(emulator.state.registrations(id)).toBe(1);
      expect(emulator.state.confirmations(id)).toBe(1);
    }
    expect(uploads.summary(shop.outletId).counts.uploaded).toBe(3);
  });

  it('registers afresh when the DGI no longer knows a remembered uid (the registration expired unconfirmed)', async () => {
    const [id] = await seal(1);
    const a = makeAgent();
    await a.scan(shop.outletId);
    const row = uploads.get(shop.outletId, id ?? '');
    if (!row) throw new Error('not queued');
    uploads.saveUid(row, '00000000-0000-4000-8000-000000000000', new Date().toISOString());
    const r = await a.runOnce(shop.outletId);
    expect(r.stalled).toContain('UNKNOWN_UID');
    expect(uploads.get(shop.outletId, id ?? '')?.uid).toBeNull();
    await settle(a);
    expect(uploads.get(shop.outletId, id ?? '')?.status).toBe('uploaded');
    expect(emulator.state.confirmations(id ?? '')).toBe(1);
  });

  it('keeps its states across a restart: a new agent on the same file uploads only what is new', async () => {
    const ids = await seal(4);
    await settle(makeAgent());
    await agent?.stop();
    db.close();
    db = openSideDb(join(dir, 'side.sqlite'));
    uploads = createUploadStore(db);
    const more = await seal(2, 'more');
    await settle(makeAgent());
    expect(emulator.state.confirmedOrder()).toEqual([...ids, ...more]);
    for (const id of [...ids, ...more]) expect(emulator.state.registrations(id)).toBe(1);
  });

  it('turns red when the oldest invoice not uploaded is more than a day old, green when all are uploaded', async () => {
    await seal(2);
    await emulator.setMode('down');
    const a = makeAgent();
    await a.runOnce(shop.outletId);
    // The same queue read 25 hours later: no pass, only the light.
    const later = createDgiSync({ store: service.store, uploads, client: createEmcfClient({ baseUrl: emulator.url, token: emulator.token }), now: () => Date.now() + 25 * 3600_000 });
    const red = await later.status(shop.outletId);
    expect(red).toMatchObject({ status: 'red', counts: { pending: 2, uploaded: 0, failed: 0 }, last_success_at: null });
    expect(red.last_error).toContain('ECONNREFUSED');
    await emulator.setMode('up');
    await settle(a);
    expect(await a.status(shop.outletId)).toMatchObject({ status: 'green', counts: { pending: 0, uploaded: 2, failed: 0 } });
    const green = await a.status(shop.outletId);
    expect(green.status).toBe('green');
    expect(green.last_success_at).not.toBeNull();
  });

  it('folds a burst of kicks into one queued run: every invoice is uploaded, the ledger is not rescanned per seal', async () => {
    const ids = await seal(12, 'burst');
    let scans = 0;
    const listLedger = service.store.listLedger.bind(service.store);
    const counted = { ...service.store, listLedger: (o: string, a: number, l: number) => { scans++; return listLedger(o, a, l); } } as typeof service.store;
    const a = makeAgent({ store: counted });
    for (let i = 0; i < 200; i++) a.kick(shop.outletId);
    await a.drain(shop.outletId);
    expect(uploads.summary(shop.outletId).counts).toEqual({ pending: 0, uploaded: ids.length, failed: 0 });
    // One kicked run and drain's own passes scan; 200 kicks one by one would scan 200 times.
    expect(scans).toBeLessThan(6);
    // A kick after the run began is not lost: a new seal is uploaded by the next kick.
    await seal(1, 'late');
    a.kick(shop.outletId);
    await a.drain(shop.outletId);
    expect(uploads.summary(shop.outletId).counts.uploaded).toBe(ids.length + 1);
  });

  it('remembers an outlet that sealed while no e-MCF endpoint was set, so the poll loop finds its backlog later', async () => {
    const ids = await seal(3, 'early');
    const a = makeAgent();
    expect(uploads.outlets()).toEqual([]);
    a.remember(shop.outletId, shop.merchantId);
    a.remember(shop.outletId, shop.merchantId);
    expect(uploads.outlets()).toEqual([{ outletId: shop.outletId, merchantId: shop.merchantId, scannedSeq: 0 }]);
    await a.drain(shop.outletId);
    expect(uploads.summary(shop.outletId).counts.uploaded).toBe(ids.length);
    // Remembering again never moves the scan mark back.
    makeAgent().remember(shop.outletId, shop.merchantId);
    expect(uploads.outlets()[0]?.scannedSeq).toBeGreaterThan(0);
  });

  it('after a seal, kicks a pass when uploading, and only remembers the outlet when no e-MCF endpoint is set', async () => {
    await seal(2, 'hook');
    const idle = makeAgent({ isUploading: false });
    idle.sealed(shop.outletId, shop.merchantId);
    await idle.stop();
    expect(uploads.outlets()).toEqual([{ outletId: shop.outletId, merchantId: shop.merchantId, scannedSeq: 0 }]);
    expect(uploads.summary(shop.outletId).counts).toEqual({ pending: 0, uploaded: 0, failed: 0 });
    const live = makeAgent();
    live.sealed(shop.outletId, shop.merchantId);
    await live.stop(); // waits for the kicked run
    expect(uploads.summary(shop.outletId).counts.uploaded).toBe(2);
  });
});
