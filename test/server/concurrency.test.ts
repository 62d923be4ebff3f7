// 32 clients × 500 invoices on one outlet, over real HTTP on 127.0.0.1, on SQLite and on PostgreSQL:
// fiscal numbers 1..16,000 each exactly once, FC counters gap-free, one ledger chain that verifies.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyChain, type ChainEntry } from '../../fiscal/chain';
import { BACKENDS } from './backends';
import { makeDraft, startService, type Service, type Shop } from './fixtures';

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
    const numbers: number[] = [];
    const fcs: number[] = [];
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CLIENTS }, async (_, c) => {
        for (let i = 0; i < PER_CLIENT; i++) {
          const id = `c${c}-i${i}`;
          const res = await fetch(`${base}/v1/invoices`, {
            method: 'POST',
            headers: { authorization: `Bearer ${shop.terminalKey}`, 'content-type': 'application/json', 'idempotency-key': id },
            body: JSON.stringify(makeDraft({ outletId: shop.outletId, nif: shop.nif, clientInvoiceId: id, issuedAt })),
          });
          const body = (await res.json()) as { invoice: { security: { fiscal_number: number; counters: { fc: number } } } };
          if (res.status !== 201) throw new Error(`client ${c} invoice ${i}: ${res.status} ${JSON.stringify(body)}`);
          numbers.push(body.invoice.security.fiscal_number);
          fcs.push(body.invoice.security.counters.fc);
        }
      }),
    );
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
