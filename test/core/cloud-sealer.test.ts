// Proves the cloud sealer against the real server on 127.0.0.1: sealed once, lost replies settled by GET, waits while down, resumes after restart.
import { describe, it, expect, beforeAll, afterAll, beforeEach, afterEach } from 'vitest';
import { outboxCounts } from '../../main/core/invoices';
import { tempDir, type TempDir } from '../support/core-fixtures';
import { startTestCloud, type TestCloud } from '../support/core-cloud';
import { startProxy, type TestProxy } from '../support/core-proxy';
import { must, openTestTill, type TestTill } from '../support/core-till';

let cloud: TestCloud;
let proxy: TestProxy;
let dir: TempDir;
let till: TestTill | null = null;

beforeAll(async () => {
  cloud = await startTestCloud();
  proxy = await startProxy(cloud.port);
});
afterAll(async () => {
  await proxy.close();
  await cloud.close();
});
beforeEach(() => {
  dir = tempDir();
  proxy.setMode('pass');
});
afterEach(async () => {
  await till?.close();
  till = null;
  dir.remove();
});

/** The ledger entries of the given sales: how many times the cloud sealed each. */
async function sealedTimes(ids: string[]): Promise<number[]> {
  const entries = await cloud.ledger();
  return ids.map((id) => entries.filter((e) => e.payload.client_invoice_id === id).length);
}

describe('cloud sealer, online', () => {
  it('seals an online sale once: verified against /v1/keys, stored done with its ledger link, fiscal receipt', async () => {
    till = await openTestTill(dir, cloud.tillSettings(proxy.url));
    const r = await till.sell();
    expect(r.receipt).toBe('fiscal');
    expect(r.invoice.status).toBe('done');
    const s = r.invoice.sealed!;
    expect(s.security).toMatchObject({ mode: 'cloud', authority_id: cloud.shop.authorityId });
    expect(s.security.fiscal_number).toBeGreaterThanOrEqual(1);
    expect(s.security.qr).toBe(`RDCDEF01;${cloud.shop.authorityId};${s.security.code};A9000011T;${s.security.timestamp}`);
    const row = till.store.db.prepare('SELECT ledger_seq, ledger_hash FROM sealed_invoices WHERE client_invoice_id = ?').get(r.invoice.client_invoice_id) as { ledger_seq: number; ledger_hash: string };
    expect(row.ledger_seq).toBeGreaterThanOrEqual(1);
    expect(row.ledger_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(await sealedTimes([r.invoice.client_invoice_id])).toEqual([1]);
  });
});

describe('cloud sealer, answer lost after the server committed', () => {
  it('asks GET /v1/invoices/{id} at once and stores the seal: sealed exactly once', async () => {
    till = await openTestTill(dir, cloud.tillSettings(proxy.url));
    proxy.setMode('drop-reply', /^POST \/v1\/invoices /);
    const before = proxy.dropped();
    const r = await till.sell();
    expect(proxy.dropped()).toBe(before + 1);
    expect(r.invoice.status).toBe('done');
    expect(r.receipt).toBe('fiscal');
    expect(await sealedTimes([r.invoice.client_invoice_id])).toEqual([1]);
  });

  it('when the question is lost too, the sale stays "sealing" (outcome unknown), then the agent settles it by asking, never as new', async () => {
    till = await openTestTill(dir, cloud.tillSettings(proxy.url));
    proxy.setMode('drop-reply', /^(POST|GET) \/v1\/invoices/);
    const r = await till.sell();
    expect(r.invoice.status).toBe('sealing');
    expect(r.receipt).toBe('none');
    expect(r.invoice.reason).toMatch(/perdue/);
    expect(await sealedTimes([r.invoice.client_invoice_id])).toEqual([1]);
    // Still cut: the agent asks, learns nothing, keeps it in 'sealing' with a retry time.
    const cut = await till.core.agent.runPass({ force: true });
    expect(cut.resolved).toBe(0);
    expect(till.store.db.prepare('SELECT status, next_attempt_at IS NOT NULL AS scheduled FROM outbox').get()).toEqual({ status: 'sealing', scheduled: 1 });
    proxy.setMode('pass');
    const healed = await till.core.agent.runPass({ force: true });
    expect(healed.resolved).toBe(1);
    const after = await must(till.core.service.api.getInvoice({ client_invoice_id: r.invoice.client_invoice_id }));
    expect(after.status).toBe('done');
    expect(await sealedTimes([r.invoice.client_invoice_id])).toEqual([1]);
  });
});

describe('cloud sealer, server down', () => {
  it('the draft waits with its reason and the light is red; once the cloud is back the agent seals it', async () => {
    till = await openTestTill(dir, cloud.tillSettings(proxy.url));
    proxy.setMode('refuse');
    const r = await till.sell();
    expect(r.invoice).toMatchObject({ status: 'awaiting_seal', signer: 'none', sealed: null });
    expect(r.receipt).toBe('none');
    expect(r.invoice.reason).toMatch(/Cloud injoignable/);
    const status = await must(till.core.service.api.syncStatus());
    expect(status.light).toBe('red');
    expect(status.reason).toMatch(/Hors ligne/);
    expect(status.awaiting_seal).toBe(1);
    expect(await sealedTimes([r.invoice.client_invoice_id])).toEqual([0]);

    proxy.setMode('pass');
    const now = await must(till.core.service.api.syncNow());
    expect(now.light).toBe('green');
    const after = await must(till.core.service.api.getInvoice({ client_invoice_id: r.invoice.client_invoice_id }));
    expect(after).toMatchObject({ status: 'done', signer: 'cloud' });
    expect(await sealedTimes([r.invoice.client_invoice_id])).toEqual([1]);
  });

  it('a draft the cloud refuses (another taxpayer\'s NIF) is rejected with the server\'s own reason', async () => {
    const settings = cloud.tillSettings(proxy.url);
    till = await openTestTill(dir, { ...settings, merchant: { ...settings.merchant, nif: 'A1234567Z' } });
    const r = await till.sell();
    expect(r.invoice.status).toBe('rejected');
    expect(r.receipt).toBe('none');
    // The server's problem+json detail and its errors[].path/message, word for word.
    expect(r.invoice.reason).toMatch(/^Refusée par le signataire : .*merchant_nif: .*A1234567Z/);
    expect(outboxCounts(till.store.db).rejected).toBe(1);
  });
});

describe('sync after a restart', () => {
  it('settles entries a crash left in "sealing" and seals drafts left waiting, on the first pass after start', async () => {
    till = await openTestTill(dir, cloud.tillSettings(proxy.url));
    proxy.setMode('drop-reply', /^(POST|GET) \/v1\/invoices/);
    const lost = await till.sell();
    proxy.setMode('refuse');
    const waiting = await till.sell();
    expect([lost.invoice.status, waiting.invoice.status]).toEqual(['sealing', 'awaiting_seal']);
    // Scheduled far away: a restart must still ask about 'sealing' entries first.
    till.store.db.prepare("UPDATE outbox SET next_attempt_at = '2999-01-01T00:00:00.000Z' WHERE status = 'sealing'").run();
    await till.close();

    proxy.setMode('pass');
    till = await openTestTill(dir, cloud.tillSettings(proxy.url));
    const report = await till.core.agent.runPass();
    expect(report).toMatchObject({ resolved: 1, sealed: 1, pending: 0 });
    const ids = [lost.invoice.client_invoice_id, waiting.invoice.client_invoice_id];
    expect(await sealedTimes(ids)).toEqual([1, 1]);
    const statuses = till.store.db.prepare('SELECT status FROM outbox ORDER BY seq').pluck().all();
    expect(statuses).toEqual(['done', 'done']);
  });
});
