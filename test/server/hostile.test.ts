// 5,000 malformed and hostile requests: every answer is a 4xx problem+json, no row is written, the service keeps serving.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TABLES } from '../../server/store/records';
import { ADMIN_KEY, makeDraft, startService, type Service, type Shop } from './fixtures';

type Hostile = { url: string; key: string | null; body: string; headers: Record<string, string> };

const REQUIRED = [
  'client_invoice_id', 'merchant_nif', 'outlet_id', 'pos_terminal_id', 'cashier_id', 'cashier_name', 'invoice_number',
  'type', 'price_mode', 'currency', 'items', 'tax_groups', 'totals', 'payments', 'issued_at',
];

/** Values no field of a draft accepts where a string, a list or an object of another shape is due. */
const badValue = fc.oneof(
  fc.constant(null), fc.boolean(), fc.integer(), fc.double(), fc.constant([]), fc.constant({}),
  fc.constant('\u0000\u0007'), fc.constant('\ud800'), fc.constant('x'.repeat(5000)),
  fc.constant({ __proto__: null }), fc.array(fc.integer(), { maxLength: 3 }),
);

describe('hostile input', () => {
  let svc: Service;
  let shop: Shop;
  let valid: Record<string, unknown>;

  beforeAll(async () => {
    svc = await startService('sqlite');
    shop = await svc.shop('A9000011T');
    valid = makeDraft({ outletId: shop.outletId, nif: shop.nif, clientInvoiceId: 'valid-1' });
  });
  afterAll(async () => svc?.close());

  function hostileRequests(): Hostile[] {
    const seal = (body: string, headers: Record<string, string> = {}): Hostile => ({
      url: '/v1/invoices', key: shop.terminalKey, body, headers: { 'content-type': 'application/json', 'idempotency-key': `h-${Math.random()}`, ...headers },
    });
    const out: Hostile[] = [];
    const json = (v: unknown) => JSON.stringify(v);
    // Drafts with one required field broken, or removed.
    const broken = fc.record({ field: fc.constantFrom(...REQUIRED), value: badValue, drop: fc.boolean() });
    for (const { field, value, drop } of fc.sample(broken, { numRuns: 1500, seed: 42 })) {
      const d: Record<string, unknown> = { ...valid };
      if (drop) delete d[field];
      else d[field] = value;
      out.push(seal(json(d)));
    }
    // Arbitrary JSON values, including objects with __proto__ and constructor members.
    for (const v of fc.sample(fc.jsonValue({ maxDepth: 4 }), { numRuns: 1000, seed: 7 })) out.push(seal(json(v)));
    // Not JSON at all: truncations of a valid draft, random text, binary.
    const text = json(valid);
    for (const n of fc.sample(fc.integer({ min: 0, max: text.length - 1 }), { numRuns: 600, seed: 3 })) out.push(seal(text.slice(0, n)));
    for (const s of fc.sample(fc.string({ maxLength: 200 }), { numRuns: 400, seed: 5 })) out.push(seal(`{${s}`));
    // Items that are hostile in size or depth, and figures that do not add up.
    for (const n of [1001, 5000]) out.push(seal(json({ ...valid, items: Array.from({ length: n }, () => (valid.items as unknown[])[0]) })));
    out.push(seal(`{"items":${'['.repeat(50_000)}${']'.repeat(50_000)}}`));
    out.push(seal(`${'['.repeat(200_000)}${']'.repeat(200_000)}`));
    out.push(seal(json({ ...valid, totals: { ht: '1e400', vat: 'NaN', specific: '-0', ttc: 'Infinity' } })));
    out.push(seal('{"__proto__":{"isAdmin":true}}'), seal('{"constructor":{"prototype":{"isAdmin":true}}}'));
    out.push(seal(`{"a":"${'x'.repeat(1_100_000)}"}`)); // over the 1 MiB limit
    // Duplicate members: JSON.parse keeps the last one, which is broken here, whatever came first.
    for (const [k, v] of fc.sample(fc.tuple(fc.constantFrom(...REQUIRED), badValue), { numRuns: 300, seed: 11 })) {
      out.push(seal(`{${json(k)}:${json(valid[k])},${text.slice(1, -1)},${json(k)}:${json(v) ?? 'null'}}`));
    }
    // Headers: no or malformed Idempotency-Key, other media types, wrong keys.
    for (const key of ['', 'é', 'x'.repeat(300), 'a b']) out.push(seal(text, { 'idempotency-key': key }));
    for (const type of ['text/plain', 'application/xml', 'multipart/form-data; boundary=x', 'application/x-www-form-urlencoded']) {
      out.push(seal(text, { 'content-type': type }));
    }
    for (const auth of ['Bearer', 'Bearer ' + 'k'.repeat(600), 'Basic YWRtaW46YWRtaW4=', 'Bearer stk_forged']) {
      out.push({ url: '/v1/invoices', key: null, body: text, headers: { authorization: auth, 'content-type': 'application/json', 'idempotency-key': 'x' } });
    }
    // The admin and owner routes get their share: every body misses or breaks a required member.
    const merchants = fc.record({ nif: fc.oneof(badValue, fc.string({ maxLength: 12 })), name: badValue, extra: fc.jsonValue({ maxDepth: 2 }) });
    for (const m of fc.sample(merchants, { numRuns: 350, seed: 13 })) {
      out.push({ url: '/v1/merchants', key: ADMIN_KEY, body: json(m), headers: { 'content-type': 'application/json' } });
    }
    const keys = fc.record({ merchant_id: fc.oneof(badValue, fc.constant(shop.merchantId)), role: fc.oneof(badValue, fc.constant('admin'), fc.string({ maxLength: 8 })) });
    for (const k of fc.sample(keys, { numRuns: 300, seed: 17 })) {
      out.push({ url: '/v1/api-keys', key: shop.ownerKey, body: json(k), headers: { 'content-type': 'application/json' } });
    }
    for (const o of fc.sample(fc.record({ name: badValue, isf: fc.jsonValue() }), { numRuns: 200, seed: 19 })) {
      out.push({ url: `/v1/merchants/${shop.merchantId}/outlets`, key: shop.ownerKey, body: json(o), headers: { 'content-type': 'application/json' } });
    }
    while (out.length < 5000) out.push(seal(json({ ...valid, extra_field: out.length })));
    return out;
  }

  it('answers each of 5,000 hostile requests with a 4xx problem+json and writes nothing', { timeout: 240_000 }, async () => {
    const counts = async () => Object.fromEntries(await Promise.all(TABLES.map(async (t) => [t, await svc.store.countRows(t)] as const)));
    const before = await counts();
    const requests = hostileRequests();
    expect(requests.length).toBeGreaterThanOrEqual(5000);
    const statuses = new Map<number, number>();
    for (const [i, r] of requests.entries()) {
      const res = await svc.app.inject({
        method: 'POST', url: r.url, payload: r.body,
        headers: { ...(r.key ? { authorization: `Bearer ${r.key}` } : {}), ...r.headers },
      });
      statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
      const where = `request ${i} (${r.url}, ${r.body.slice(0, 80)}): ${res.statusCode} ${res.body.slice(0, 200)}`;
      expect(res.statusCode, where).toBeGreaterThanOrEqual(400);
      expect(res.statusCode, where).toBeLessThan(500);
      expect(res.headers['content-type'], where).toMatch(/^application\/problem\+json/);
      const problem = res.json();
      expect(problem, where).toMatchObject({ status: res.statusCode, title: expect.any(String), detail: expect.any(String) });
      if (res.statusCode === 422) expect(problem.errors?.length, where).toBeGreaterThan(0);
    }
    console.log('hostile answers by status:', Object.fromEntries([...statuses].sort()));
    expect(await counts()).toEqual(before);

    // Still serving: a valid seal goes through, and the health check answers.
    const ok = await svc.call('POST', '/v1/invoices', shop.terminalKey, valid, { 'idempotency-key': 'after-hostile' });
    expect(ok.statusCode).toBe(201);
    expect((await svc.call('GET', '/healthz', null)).statusCode).toBe(200);
  });
});
