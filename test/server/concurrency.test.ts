// 32 clients × 500 invoices on one outlet, over real HTTP on 127.0.0.1, on SQLite and on PostgreSQL:
// fiscal numbers 1..16,000 each exactly once, FC counters gap-free, one ledger chain that verifies.
import { Agent } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyChain, type ChainEntry } from '../../fiscal/chain';
import { BACKENDS } from './backends';
import { makeDraft, startService, type Service, type Shop } from './fixtures';
import { httpCall } from './load';

const CLIENTS = 32;
const PER_CLIENT = 500;
const TOTAL = CLIENTS * PER_CLIENT;

describe.each(BACKENDS)('concurrent sealing on %s', (backendName) => {
  let svc: Service;
  let shop: Shop;
  let base: string;

  beforeAll(async () => {
    svc = await startService(backendName);
    shop = await svc.shop('A9000011T');
    base = await svc.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => svc?.close());

  it(`gives ${TOTAL.toLocaleString('en-US')} invoices the numbers 1..${TOTAL} exactly once`, { timeout: 300_000 }, async () => {
    const issuedAt = new Date().toISOString();
    // Bodies are built before the clock starts, and the clients use plain keep-alive node:http, so the measured
    // time is the service's, not the test's.
    const bodies = Array.from({ length: CLIENTS }, (_, c) =>
      Array.from({ length: PER_CLIENT }, (_, i) => JSON.stringify(makeDraft({ outletId: shop.outletId, nif: shop.nif, clientInvoiceId: `c${c}-i${i}`, issuedAt }))),
    );
    const agent = new Agent({ keepAlive: true, maxSockets: CLIENTS });
    const numbers: number[] = [];
    const fcs: number[] = [];
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CLIENTS }, async (_, c) => {
        for (let i = 0; i < PER_CLIENT; i++) {
          const id = `c${c}-i${i}`;
          const res = await httpCall(agent, base, 'POST', '/v1/invoices', { authorization: `Bearer ${shop.terminalKey}`, 'idempotency-key': id }, bodies[c]?.[i]);
          if (res.status !== 201) throw new Error(`client ${c} invoice ${i}: ${res.status} ${res.body}`);
          const security = (JSON.parse(res.body) as { invoice: { security: { fiscal_number: number; counters: { fc: number } } } }).invoice.security;
          numbers.push(security.fiscal_number);
          fcs.push(security.counters.fc);
        }
      }),
    );
    agent.destroy();
    const seconds = (performance.now() - started) / 1000;
    console.log(`${backendName}: ${TOTAL} seals by ${CLIENTS} clients in ${seconds.toFixed(1)} s (${Math.round(TOTAL / seconds)}/s)`);

    const expected = Array.from({ length: TOTAL }, (_, i) => i + 1);
    expect(numbers.sort((x, y) => x - y)).toEqual(expected);
    expect(fcs.sort((x, y) => x - y)).toEqual(expected);
    expect(await svc.store.countRows('invoices')).toBe(TOTAL);

    const entries: ChainEntry[] = [];
    let after = 0;
    for (;;) {
      const page = (await svc.call('GET', `/v1/outlets/${shop.outletId}/ledger?after_seq=${after}&limit=1000`, shop.ownerKey)).json();
      entries.push(...(page.entries as ChainEntry[]));
      if (page.next_after_seq === null) break;
      after = page.next_after_seq as number;
    }
    expect(entries).toHaveLength(TOTAL);
    expect(await verifyChain(entries)).toMatchObject({ ok: true, count: TOTAL });
    expect(entries.map((e) => e.fiscal_number)).toEqual(expected);
  });
});
