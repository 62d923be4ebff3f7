// Proves the sync agent: sale order kept, backoff with jitter stored in SQLite, progress events, and the status light's rules.
import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import type { InvoiceDraft } from '../../fiscal/invoice-types';
import { importCatalog } from '../../main/core/catalog';
import { createCashier } from '../../main/core/cashiers';
import { checkout, type CheckoutDeps } from '../../main/core/checkout';
import { fixedClock } from '../../main/core/clock';
import { outboxCounts } from '../../main/core/invoices';
import type { SealOutcome } from '../../main/core/sealer';
import type { SignerState } from '../../main/core/signer-choice';
import { chooseSigner } from '../../main/core/signer-choice';
import type { Store } from '../../main/core/store/open-store';
import { createSyncAgent, type SyncProgress } from '../../main/core/sync/agent';
import { backoffDelay } from '../../main/core/sync/backoff';
import { spokenDuration, syncStatusFrom } from '../../main/core/sync-status';
import type { CashierInfo } from '../../main/api/pos-types';
import { openTestStore, tempDir, type TempDir } from '../support/core-fixtures';
import { scriptedSealer, softwareSealer } from '../support/core-sealers';
import { TEST_PRODUCTS } from '../support/core-till';

const OFFLINE: SignerState = { device: { paired: false, ready: false }, cloud: { configured: true, reachable: false }, delegated: { credential: null }, now: '2026-11-25T13:00:00Z' };
const ONLINE: SignerState = { ...OFFLINE, cloud: { configured: true, reachable: true } };

let dir: TempDir;
let store: Store;
let cashier: CashierInfo;
let state: SignerState;
const clock = fixedClock('2026-11-25T13:00:00Z');

beforeEach(async () => {
  dir = tempDir();
  store = openTestStore(dir);
  importCatalog(store.db, TEST_PRODUCTS);
  cashier = await createCashier(store.db, { name: 'JACQUES', pin: '1234', role: 'cashier' });
  clock.set('2026-11-25T13:00:00Z');
  state = OFFLINE;
});
afterEach(() => {
  store.close();
  dir.remove();
});

const deps = (extra: Partial<CheckoutDeps> = {}): CheckoutDeps => ({ db: store.db, clock, sealers: {}, probeSigners: async () => state, ...extra });
const sellOffline = async (n: number): Promise<string[]> => {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) ids.push((await checkout(deps(), { lines: [{ code: 'EAU15', quantity: String(i + 1) }], payments: [] }, cashier)).invoice.client_invoice_id);
  return ids;
};

describe('the sync agent', () => {
  it('seals waiting drafts in sale order once a signer is back, and reports each step as progress', async () => {
    const ids = await sellOffline(5);
    const soft = await softwareSealer('cloud');
    const agent = createSyncAgent({ db: store.db, clock, sealers: { cloud: soft.sealer }, probeSigners: async () => state });
    const events: SyncProgress[] = [];
    agent.onProgress((p) => events.push(p));

    const idle = await agent.runPass();
    expect(idle).toMatchObject({ sealed: 0, pending: 5 });
    expect(idle.stopped).toMatch(/Cloud injoignable/);

    state = ONLINE;
    const report = await agent.runPass();
    expect(report).toMatchObject({ sealed: 5, pending: 0, stopped: null });
    expect(soft.sealed.map((s) => s.client_invoice_id)).toEqual(ids);
    expect(soft.sealed.map((s) => s.security.fiscal_number)).toEqual([1, 2, 3, 4, 5]);
    const seals = events.filter((e): e is Extract<SyncProgress, { type: 'entry' }> => e.type === 'entry');
    expect(seals.map((e) => [e.step, e.client_invoice_id, e.result])).toEqual(ids.map((id) => ['seal', id, 'sealed']));
    expect(events.filter((e) => e.type === 'pass_finished')).toHaveLength(2);
  });

  it('stops at the first draft that cannot be sealed (the later ones keep their place) and schedules it with backoff', async () => {
    const ids = await sellOffline(3);
    let calls = 0;
    const flaky = scriptedSealer('cloud', async (): Promise<SealOutcome> => {
      calls++;
      return { status: 'unavailable', message: 'HTTP 503' };
    });
    state = ONLINE;
    const agent = createSyncAgent({ db: store.db, clock, sealers: { cloud: flaky.sealer }, probeSigners: async () => state, backoff: { baseMs: 1000, random: () => 0.5 } });
    const r = await agent.runPass();
    expect(calls).toBe(1);
    expect(flaky.calls[0]?.client_invoice_id).toBe(ids[0]);
    expect(r.stopped).toMatch(/nouvel essai/);
    const first = store.db.prepare('SELECT status, attempts, next_attempt_at FROM outbox WHERE client_invoice_id = ?').get(ids[0]) as { status: string; attempts: number; next_attempt_at: string };
    // One failed attempt: 0.5 s + 0.5 × 0.5 s.
    expect(first).toEqual({ status: 'awaiting_seal', attempts: 1, next_attempt_at: new Date(Date.parse('2026-11-25T13:00:00Z') + 750).toISOString() });

    // Not due yet: an ordinary pass sends nothing, and the younger drafts wait behind the oldest.
    expect((await agent.runPass()).stopped).toMatch(/Prochain essai/);
    expect(flaky.calls).toHaveLength(1);
    // Once due it is tried again, first; syncNow would not have waited.
    clock.advance(750);
    await agent.runPass();
    expect(flaky.calls.map((d) => d.client_invoice_id)).toEqual([ids[0], ids[0]]);
    await agent.runPass({ force: true });
    expect(flaky.calls.map((d) => d.client_invoice_id)).toEqual([ids[0], ids[0], ids[0]]);
    expect(store.db.prepare('SELECT attempts FROM outbox WHERE client_invoice_id = ?').pluck().get(ids[0])).toBe(3);
  });

  it('a refused draft is set aside (rejected with the reason) and the next ones are sealed', async () => {
    const ids = await sellOffline(3);
    const soft = await softwareSealer('cloud');
    const picky = scriptedSealer('cloud', (d: InvoiceDraft) =>
      d.client_invoice_id === ids[1] ? { status: 'refused', code: 'invalid', message: 'items[0].quantity: too many' } : soft.sealer.seal(d));
    state = ONLINE;
    const agent = createSyncAgent({ db: store.db, clock, sealers: { cloud: picky.sealer }, probeSigners: async () => state });
    expect(await agent.runPass()).toMatchObject({ sealed: 2, rejected: 1, pending: 0 });
    const rows = store.db.prepare('SELECT status, reason FROM outbox ORDER BY seq').all() as { status: string; reason: string }[];
    expect(rows.map((r) => r.status)).toEqual(['done', 'rejected', 'done']);
    expect(rows[1]?.reason).toMatch(/too many/);
  });

  it('runs in the background once started, and a kick after a waiting sale brings the pass forward', async () => {
    await sellOffline(2);
    const soft = await softwareSealer('cloud');
    const agent = createSyncAgent({ db: store.db, clock, sealers: { cloud: soft.sealer }, probeSigners: async () => state, idleMs: 60_000 });
    const finished = new Promise<void>((resolve) => {
      agent.onProgress((p) => {
        if (p.type === 'pass_finished' && p.report.sealed === 2) resolve();
      });
    });
    agent.start();
    await new Promise((r) => setTimeout(r, 50));
    expect(outboxCounts(store.db).awaiting_seal).toBe(2);
    state = ONLINE;
    agent.kick();
    await finished;
    await agent.stop();
    expect(outboxCounts(store.db).done).toBe(2);
  });
});

describe('backoff', () => {
  it('grows exponentially, stays within [step/2, step], and is capped', () => {
    expect([1, 2, 3, 4].map((n) => backoffDelay(n, { baseMs: 1000, random: () => 0 }))).toEqual([500, 1000, 2000, 4000]);
    expect([1, 2, 3, 4].map((n) => backoffDelay(n, { baseMs: 1000, random: () => 0.999999 }))).toEqual([1000, 2000, 4000, 8000]);
    expect(backoffDelay(40, { baseMs: 1000, maxMs: 300_000, random: () => 1 })).toBe(300_000);
    const spread = new Set(Array.from({ length: 50 }, () => backoffDelay(5)));
    expect(spread.size).toBeGreaterThan(10);
  });
});

describe('the status light', () => {
  const counts = (o: Partial<ReturnType<typeof outboxCounts>> = {}) => ({ awaiting_seal: 0, sealing: 0, awaiting_upload: 0, done: 0, rejected: 0, last_done_at: null, ...o });
  const now = new Date('2026-11-25T15:00:00Z');
  const credential = { id: 'c1', expires_at: '2026-11-26T00:00:00Z', remaining: 412 };

  it('says "Hors ligne depuis 2 h — signature déléguée, 412 numéros restants" in yellow while signing offline', () => {
    const choice = chooseSigner({ ...OFFLINE, delegated: { credential }, now: now.toISOString() });
    const s = syncStatusFrom(counts(), choice, { now, isOffline: true, offlineSince: '2026-11-25T13:00:00Z' });
    expect(s.light).toBe('yellow');
    expect(s.reason).toBe('Hors ligne depuis 2 h — signature déléguée, 412 numéro(s) restant(s).');
    expect(s.offline_since).toBe('2026-11-25T13:00:00Z');
  });

  it('turns red when a sale made more than 24 h ago is still not with the cloud (DGI rule), naming the last upload', () => {
    const choice = chooseSigner({ ...OFFLINE, device: { paired: true, ready: true }, now: now.toISOString() });
    const ok = syncStatusFrom(counts({ awaiting_upload: 3 }), choice, { now, isOffline: true, oldestPendingAt: '2026-11-24T16:00:00Z', lastUploadAt: '2026-11-24T15:30:00Z' });
    expect(ok.light).toBe('yellow');
    const late = syncStatusFrom(counts({ awaiting_upload: 3 }), choice, { now, isOffline: true, oldestPendingAt: '2026-11-24T14:00:00Z', lastUploadAt: '2026-11-24T13:30:00Z' });
    expect(late.light).toBe('red');
    expect(late.reason).toMatch(/Règle DGI des 24 h dépassée.*il y a 25 h/);
  });

  it('turns red for a faulty device even when sealing works, and green only when online with nothing pending', () => {
    const choice = chooseSigner({ ...ONLINE, now: now.toISOString() });
    expect(syncStatusFrom(counts({ done: 4 }), choice, { now, deviceFaults: ["Imprimante (tcp 127.0.0.1:9100) : Le capot de l'imprimante est ouvert."] })).toMatchObject({
      light: 'red', reason: expect.stringMatching(/Périphérique en défaut — Imprimante.*capot/),
    });
    expect(syncStatusFrom(counts({ done: 4 }), choice, { now }).light).toBe('green');
    expect(syncStatusFrom(counts({ rejected: 1 }), choice, { now }).light).toBe('yellow');
  });

  it('speaks durations as a person would', () => {
    expect([30_000, 15 * 60_000, 2 * 3600_000 + 59 * 60_000, 50 * 3600_000].map(spokenDuration)).toEqual(["moins d'1 min", '15 min', '2 h', '2 j']);
  });
});
