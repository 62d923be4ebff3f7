// Two tills, one cloud (issue 5): sales online; then a proxy that drops replies after the server committed; then a full
// outage sealed through delegated credentials; then reconnection. Every sale sealed exactly once, the outlet's
// export passes the verifier, and the numbers 1..N each appear once, sealed or voided.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { join } from 'node:path';
import { verifyExport } from '../../fiscal/verify';
import type { AuditExport } from '../../fiscal/audit-export';
import type { CheckoutResult } from '../../main/api/pos-types';
import { tempDir, type TempDir } from '../support/core-fixtures';
import { startTestCloud, type TestCloud } from '../support/core-cloud';
import { startProxy, type TestProxy } from '../support/core-proxy';
import { must, openTestTill, type TestTill } from '../support/core-till';

let cloud: TestCloud;
let proxies: TestProxy[];
let dir: TempDir;
let tills: TestTill[];

beforeAll(async () => {
  cloud = await startTestCloud();
  proxies = [await startProxy(cloud.port), await startProxy(cloud.port)];
  dir = tempDir();
  tills = [];
  for (const [i, proxy] of proxies.entries()) {
    tills.push(await openTestTill(dir, { ...cloud.tillSettings(proxy.url), terminal_id: `CAISSE-${i + 1}` }, {
      fiscalExtension: { key: { kind: 'key_file', path: join(dir.path, `key-${i + 1}.json`), passphrase: `till ${i + 1} passphrase` }, blockSize: 20, ttlSeconds: 3600 },
    }, `till-${i + 1}.db`));
  }
});
afterAll(async () => {
  for (const t of tills) await t.close();
  for (const p of proxies) await p.close();
  await cloud.close();
  dir.remove();
});

const setAll = (mode: Parameters<TestProxy['setMode']>[0], matches?: RegExp) => proxies.forEach((p) => p.setMode(mode, matches));

async function sellEach(n: number): Promise<CheckoutResult[]> {
  const out: CheckoutResult[] = [];
  for (let i = 0; i < n; i++) for (const t of tills) out.push(await t.sell([{ code: i % 2 === 0 ? 'EAU15' : 'RIZ5', quantity: String(1 + (i % 3)) }], [{ method: 'E', amount: '50000.00' }]));
  return out;
}

async function exportOf(): Promise<AuditExport> {
  const r = await fetch(`${cloud.url}/v1/outlets/${cloud.shop.outletId}/audit-export`, { headers: { authorization: `Bearer ${cloud.shop.ownerKey}` } });
  return (await r.json()) as AuditExport;
}

describe('two tills, one cloud', () => {
  it('online, lost replies, a full outage through credentials, reconnection: every sale sealed once, the export verifies', async () => {
    // 1. Online: sealed by the cloud; the first pass gives each till its credential.
    const online = await sellEach(4);
    expect(online.every((r) => r.invoice.sealed?.security.mode === 'cloud')).toBe(true);
    for (const t of tills) await t.core.agent.runPass({ force: true });
    const blocks = tills.map((t) => t.core.extension!.held()[0]!.block);
    expect(blocks[0]!.last < blocks[1]!.first || blocks[1]!.last < blocks[0]!.first).toBe(true);

    // 2. Replies dropped after the server committed: each lost answer is settled by asking, never sealed again.
    setAll('drop-reply', /^POST \/v1\/invoices /);
    const lost = await sellEach(3);
    expect(proxies.reduce((n, p) => n + p.dropped(), 0)).toBe(6);
    setAll('pass');
    for (const t of tills) await t.core.agent.runPass({ force: true });

    // 3. Full outage: sealed on each till inside its own block.
    setAll('refuse');
    const offline = await sellEach(5);
    for (const [i, r] of offline.entries()) {
      const block = blocks[i % 2]!;
      expect(r.receipt).toBe('fiscal');
      expect(r.invoice.sealed?.security.mode).toBe('delegated');
      const n = r.invoice.sealed!.security.fiscal_number!;
      expect(n >= block.first && n <= block.last).toBe(true);
    }

    // 4. Reconnection, first with the reconciliation's answers lost too: the retry finds them already taken.
    const droppedBefore = proxies.reduce((k, p) => k + p.dropped(), 0);
    setAll('drop-reply', /^POST \/v1\/reconciliations /);
    for (const t of tills) await t.core.agent.runPass({ force: true });
    expect(proxies.reduce((k, p) => k + p.dropped(), 0)).toBe(droppedBefore + 2);
    setAll('pass');
    for (const t of tills) await t.core.agent.runPass({ force: true });
    for (const t of tills) expect(await must(t.core.service.api.syncStatus())).toMatchObject({ pending_uploads: 0, awaiting_seal: 0 });

    // Day close on both: credentials go back, their unused numbers are voided.
    for (const t of tills) expect((await t.core.extension!.returnAll()).returned).toHaveLength(1);

    const all = [...online, ...lost, ...offline].map((r) => r.invoice.client_invoice_id);
    const ledger = await cloud.ledger();
    for (const id of all) expect(ledger.filter((e) => e.payload.client_invoice_id === id), id).toHaveLength(1);
    for (const t of tills) {
      const states = t.store.db.prepare('SELECT status, count(*) AS n FROM outbox GROUP BY status').all();
      expect(states).toEqual([{ status: 'done', n: 12 }]);
    }
    const exp = await exportOf();
    const result = await verifyExport(exp);
    expect(result, JSON.stringify(result).slice(0, 400)).toMatchObject({ ok: true });
    if (!result.ok) return;
    const invoices = exp.ledger.filter((e) => e.kind === 'invoice').length;
    expect(result.summary.numbers).toMatchObject({ first: 1 });
    expect(result.summary.sealed).toMatchObject({ cloud: 14, delegated: 10 });
    // Two blocks of 20 with 5 used each: 30 voided numbers; 14 + 10 + 30 = 54 numbers, 1..54 each once.
    expect(result.summary.numbers?.last).toBe(54);
    expect(result.summary.voided).toBe(30);
    expect(result.summary.pending).toEqual({ open: 0, expired: 0 });
    expect(invoices).toBe(24);
  });
});
