// Hostile uploads to POST /v1/reconciliations: any JSON where an invoice is due, and a sealed offline invoice changed
// at any path, are refused (the batch with 422, or each invoice with a reason), never a 5xx, and nothing is written.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SealedInvoice } from '../../fiscal/invoice-types';
import type { LocalLink, ReconcileAnswer } from '../../server/reconcile-types';
import { TABLES } from '../../server/store/records';
import { startService, type Service, type Shop } from './fixtures';
import { makeTill, type Till } from './reconciling-till';

type Json = Record<string, unknown>;

/** Every path to a leaf of a JSON value, e.g. ['items', 0, 'unit_price']. */
function leafPaths(v: unknown, at: Array<string | number> = []): Array<Array<string | number>> {
  if (Array.isArray(v)) return v.flatMap((x, i) => leafPaths(x, [...at, i]));
  if (typeof v === 'object' && v !== null) return Object.entries(v).flatMap(([k, x]) => leafPaths(x, [...at, k]));
  return [at];
}

function setAt(root: Json, path: Array<string | number>, value: unknown): Json {
  const copy = structuredClone(root);
  let node: Record<string | number, unknown> = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  node[path[path.length - 1]!] = value;
  return copy;
}

describe('hostile reconciliation uploads', () => {
  let svc: Service;
  let shop: Shop;
  let till: Till;
  let sealed: { invoice: SealedInvoice; link: LocalLink };
  const snapshot = async () => Object.fromEntries(await Promise.all(TABLES.map(async (t) => [t, await svc.store.countRows(t)] as const)));

  beforeAll(async () => {
    svc = await startService('sqlite', { sweepIntervalMs: 0 });
    shop = await svc.shop('A9000011T');
    till = await makeTill(svc, shop);
    sealed = await till.seal(await till.credential(5));
  });
  afterAll(async () => {
    till?.close();
    await svc?.close();
  });

  it('answers any JSON in place of invoices with a 4xx problem or per-invoice refusals, and writes nothing', async () => {
    const before = await snapshot();
    await fc.assert(
      fc.asyncProperty(fc.array(fc.jsonValue({ maxDepth: 3 }), { minLength: 1, maxLength: 4 }), async (invoices) => {
        const res = await svc.call('POST', '/v1/reconciliations', shop.terminalKey, { invoices });
        // 400: a body Fastify's parser refuses outright (e.g. a `__proto__` key, prototype poisoning); 422: invalid.
        expect([200, 400, 422]).toContain(res.statusCode);
        if (res.statusCode !== 200) expect(String(res.headers['content-type'])).toContain('application/problem+json');
        if (res.statusCode === 200) {
          const answer = res.json() as ReconcileAnswer;
          expect(answer.results.every((r) => r.status === 'rejected' && r.reason.length > 0)).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
    expect(await snapshot()).toEqual(before);
  });

  it('refuses a sealed offline invoice changed at any one path, with a reason, and writes nothing', async () => {
    const paths = leafPaths(sealed.invoice);
    const value = fc.oneof(fc.constant(null), fc.boolean(), fc.integer(), fc.string({ maxLength: 30 }), fc.constant('9'.repeat(400)), fc.constant({}), fc.constant([]));
    const before = await snapshot();
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...paths), value, async (path, v) => {
        const changed = setAt(sealed.invoice as unknown as Json, path, v);
        fc.pre(JSON.stringify(changed) !== JSON.stringify(sealed.invoice));
        const res = await till.reconcile([{ invoice: changed, link: sealed.link }]);
        expect(res.statusCode, res.body).toBe(200);
        const verdict = (res.json() as ReconcileAnswer).results[0]!;
        expect(verdict.status, `${path.join('.')} = ${JSON.stringify(v)}`).toBe('rejected');
        expect(verdict.reason.length).toBeGreaterThan(10);
      }),
      { numRuns: 300 },
    );
    expect(await snapshot()).toEqual(before);
    // The untouched invoice is still taken: nothing above used up its number.
    expect(((await till.reconcile([sealed])).json() as ReconcileAnswer).results[0]!.status).toBe('accepted');
  });
});
