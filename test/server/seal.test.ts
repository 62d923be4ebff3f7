// Sealing end to end over HTTP, on SQLite and PostgreSQL: what a sealed invoice carries and proves, idempotency
// (replays, conflicts, racing twins), refusals that store nothing, trusted time and clock anomalies, the chain.
import { createPublicKey, verify } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { base64urlDecode } from '../../fiscal/bytes';
import { verifyChain, type ChainEntry } from '../../fiscal/chain';
import { signingBytes } from '../../fiscal/security-elements';
import { verifySealedInvoice, type Jwks } from '../../fiscal/signature';
import { BACKENDS } from './backends';
import { makeDraft, startService, type Service, type Shop } from './fixtures';

type Sealed = { invoice: Record<string, unknown> & { security: Record<string, unknown> }; ledger: { seq: number; prev_hash: string; hash: string } };

describe.each(BACKENDS)('sealing on %s', (backendName) => {
  let svc: Service;
  let shop: Shop;
  let n = 0;
  const nextId = () => `inv-${++n}`;
  const seal = (draft: unknown, key: string, idem: string | null = `idem-${n}-${Math.random()}`) =>
    svc.call('POST', '/v1/invoices', key, draft, idem === null ? {} : { 'idempotency-key': idem });
  const rowCounts = async () => ({
    invoices: await svc.store.countRows('invoices'),
    ledger: await svc.store.countRows('ledger'),
    idempotency: await svc.store.countRows('idempotency'),
    type_counters: await svc.store.countRows('type_counters'),
  });

  beforeAll(async () => {
    svc = await startService(backendName);
    shop = await svc.shop('A9000011T');
  });
  afterAll(async () => svc?.close());

  it('answers 201 with the recomputed draft, its security elements and its ledger link', async () => {
    const draft = makeDraft({ outletId: shop.outletId, nif: shop.nif, clientInvoiceId: nextId() });
    const res = await seal(draft, shop.terminalKey);
    expect(res.statusCode).toBe(201);
    const body = res.json() as Sealed;
    const { security, ...rest } = body.invoice;
    expect(rest).toEqual(draft);
    expect(security).toMatchObject({ mode: 'cloud', authority_id: shop.authorityId, fiscal_number: 1, counters: { fc: 1, tc: 1, type: 'FV' }, kid: svc.signer.kid });
    expect(security.timestamp).toMatch(/^\d{14}$/);
    expect(security.qr).toBe(`RDCDEF01;${shop.authorityId};${String(security.code)};${shop.nif};${String(security.timestamp)}`);
    expect(body.ledger).toMatchObject({ seq: 1, prev_hash: '0'.repeat(64) });
  });

  it('seals invoices that the kernel verifier and node:crypto both accept from GET /v1/keys alone', async () => {
    const res = await seal(makeDraft({ outletId: shop.outletId, nif: shop.nif, clientInvoiceId: nextId() }), shop.terminalKey);
    const { invoice } = res.json() as Sealed;
    const jwks = (await svc.call('GET', '/v1/keys', null)).json() as Jwks;
    expect(await verifySealedInvoice(invoice, jwks)).toEqual({ ok: true });
    const jwk = jwks.keys.find((k) => k.kid === invoice.security.kid);
    const key = createPublicKey({ key: { kty: 'EC', crv: 'P-256', x: jwk?.x as string, y: jwk?.y as string }, format: 'jwk' });
    const ok = verify('sha256', signingBytes(invoice), { key, dsaEncoding: 'ieee-p1363' }, base64urlDecode(invoice.security.signature as string));
    expect(ok).toBe(true);
    const tampered = { ...invoice, totals: { ...(invoice.totals as object), ttc: '1.00' } };
    expect((await verifySealedInvoice(tampered, jwks)).ok).toBe(false);
  });

  it('counts FC per invoice type and TC across types', async () => {
    const before = (await svc.store.getOutletHead(shop.outletId))?.nextFiscalNumber as number;
    const ft = await seal(makeDraft({ outletId: shop.outletId, nif: shop.nif, clientInvoiceId: nextId(), type: 'FT' }), shop.terminalKey);
    const fv = await seal(makeDraft({ outletId: shop.outletId, nif: shop.nif, clientInvoiceId: nextId() }), shop.terminalKey);
    expect((ft.json() as Sealed).invoice.security.counters).toEqual({ fc: 1, tc: before, type: 'FT' });
    expect((fv.json() as Sealed).invoice.security.counters).toEqual({ fc: before, tc: before + 1, type: 'FV' });
  });

  it('replays the same key and body with 200 and the very same bytes, sealing nothing more', async () => {
    const draft = makeDraft({ outletId: shop.outletId, nif: shop.nif, clientInvoiceId: nextId() });
    const first = await seal(draft, shop.terminalKey, 'replay-key');
    const counts = await rowCounts();
    // The same body with members in another order is the same request.
    const reordered = Object.fromEntries(Object.entries(draft).reverse());
    const again = await seal(reordered, shop.terminalKey, 'replay-key');
    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(200);
    expect(again.body).toBe(first.body);
    expect(await rowCounts()).toEqual(counts);
  });

  it('refuses the same key with another body (409) and a client_invoice_id sealed under another key (409)', async () => {
    const id = nextId();
    const draft = makeDraft({ outletId: shop.outletId, nif: shop.nif, clientInvoiceId: id });
    expect((await seal(draft, shop.terminalKey, 'k-409')).statusCode).toBe(201);
    const counts = await rowCounts();
    const other = await seal(makeDraft({ outletId: shop.outletId, nif: shop.nif, clientInvoiceId: nextId() }), shop.terminalKey, 'k-409');
    expect(other.statusCode).toBe(409);
    expect(other.json()).toMatchObject({ status: 409, code: 'idempotency_key_reused' });
    const twice = await seal(draft, shop.terminalKey, 'k-409-bis');
    expect(twice.statusCode).toBe(409);
    expect(twice.json()).toMatchObject({ code: 'already_sealed' });
    expect(await rowCounts()).toEqual(counts);
  });

  it('seals once when 20 identical requests race, every one answered with the same invoice', async () => {
    const draft = makeDraft({ outletId: shop.outletId, nif: shop.nif, clientInvoiceId: nextId() });
    const before = await svc.store.countRows('invoices');
    const answers = await Promise.all(Array.from({ length: 20 }, () => seal(draft, shop.terminalKey, 'race-key')));
    expect(answers.filter((a) => a.statusCode === 201)).toHaveLength(1);
    expect(answers.filter((a) => a.statusCode === 200)).toHaveLength(19);
    expect(new Set(answers.map((a) => a.body)).size).toBe(1);
    expect(await svc.store.countRows('invoices')).toBe(before + 1);
  });

  it('wants an Idempotency-Key (400) and stores nothing without one', async () => {
    const counts = await rowCounts();
    const res = await seal(makeDraft({ outletId: shop.outletId, nif: shop.nif, clientInvoiceId: nextId() }), shop.terminalKey, null);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'idempotency_key_required' });
    expect(await rowCounts()).toEqual(counts);
  });

  it('refuses figures that differ from its own with 422 naming each path, storing nothing', async () => {
    const draft = makeDraft({ outletId: shop.outletId, nif: shop.nif, clientInvoiceId: nextId() });
    const groups = draft.tax_groups as Array<Record<string, string>>;
    const wrong = { ...draft, tax_groups: groups.map((g, i) => (i === 1 ? { ...g, vat: '1.00' } : g)), totals: { ...(draft.totals as object), ht: '1.00' } };
    const counts = await rowCounts();
    const res = await seal(wrong, shop.terminalKey);
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const paths = (res.json().errors as Array<{ path: string; message: string }>).map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['tax_groups[1].vat', 'totals.ht']));
    expect(await rowCounts()).toEqual(counts);
  });

  it("refuses an invalid draft with the kernel's paths, and another taxpayer's NIF", async () => {
    const draft = makeDraft({ outletId: shop.outletId, nif: shop.nif, clientInvoiceId: nextId() });
    const res = await seal({ ...draft, type: 'XX', items: [] }, shop.terminalKey);
    expect(res.statusCode).toBe(422);
    expect((res.json().errors as Array<{ path: string }>).map((e) => e.path)).toEqual(expect.arrayContaining(['type', 'items']));
    const nif = await seal({ ...draft, merchant_nif: 'A1234567B' }, shop.terminalKey);
    expect(nif.statusCode).toBe(422);
    expect(nif.json().errors[0]).toMatchObject({ path: 'merchant_nif', code: 'nif_mismatch' });
  });

  it("refuses a draft for another outlet than the key's with 403", async () => {
    const o = await svc.call('POST', `/v1/merchants/${shop.merchantId}/outlets`, shop.ownerKey, { name: 'Second' });
    const res = await seal(makeDraft({ outletId: o.json().id, nif: shop.nif, clientInvoiceId: nextId() }), shop.terminalKey);
    expect(res.statusCode).toBe(403);
  });

  it('refuses an issued_at more than 5 minutes ahead of the server clock, and records one ahead by 2 minutes', async () => {
    const counts = await rowCounts();
    const future = makeDraft({ outletId: shop.outletId, nif: shop.nif, clientInvoiceId: nextId(), issuedAt: new Date(Date.now() + 6 * 60_000).toISOString() });
    const refused = await seal(future, shop.terminalKey);
    expect(refused.statusCode).toBe(422);
    expect(refused.json().errors[0]).toMatchObject({ path: 'issued_at', code: 'issued_in_future' });
    expect(await rowCounts()).toEqual(counts);
    const ahead = makeDraft({ outletId: shop.outletId, nif: shop.nif, clientInvoiceId: nextId(), issuedAt: new Date(Date.now() + 2 * 60_000).toISOString() });
    expect((await seal(ahead, shop.terminalKey)).statusCode).toBe(201);
    const anomalies = await svc.store.listClockAnomalies(shop.outletId);
    expect(anomalies.at(-1)).toMatchObject({ kind: 'client_clock_ahead', clientTime: ahead.issued_at });
    expect(anomalies.at(-1)?.skewMs).toBeGreaterThan(100_000);
  });

  it('keeps the ledger a verifiable chain whose fiscal numbers run 1..N once each', async () => {
    const res = await svc.call('GET', `/v1/outlets/${shop.outletId}/ledger?after_seq=0&limit=1000`, shop.ownerKey);
    expect(res.statusCode).toBe(200);
    const entries = res.json().entries as ChainEntry[];
    expect(await verifyChain(entries)).toMatchObject({ ok: true, count: entries.length });
    const numbers = entries.map((e) => e.fiscal_number);
    expect(numbers).toEqual(Array.from({ length: entries.length }, (_, i) => i + 1));
    const paged = await svc.call('GET', `/v1/outlets/${shop.outletId}/ledger?after_seq=2&limit=2`, shop.ownerKey);
    expect((paged.json().entries as ChainEntry[]).map((e) => e.seq)).toEqual([3, 4]);
    expect(paged.json().next_after_seq).toBe(4);
  });

  it('answers GET /v1/invoices/{id} with the sealing answer, and 404 for an id never sealed', async () => {
    const id = nextId();
    const sealed = await seal(makeDraft({ outletId: shop.outletId, nif: shop.nif, clientInvoiceId: id }), shop.terminalKey);
    const got = await svc.call('GET', `/v1/invoices/${id}`, shop.terminalKey);
    expect(got.statusCode).toBe(200);
    expect(got.body).toBe(sealed.body);
    const missing = await svc.call('GET', '/v1/invoices/never-sealed', shop.ownerKey);
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ status: 404, title: 'Not found' });
  });
});

describe('trusted time on sqlite', () => {
  it('never stamps an outlet earlier than its last trusted time, and records the server clock going back', async () => {
    let now = Date.parse('2026-11-25T13:00:00Z');
    const svc = await startService('sqlite', { clock: () => new Date(now) });
    try {
      const shop = await svc.shop('A9000011T');
      const draft = (id: string) => makeDraft({ outletId: shop.outletId, nif: shop.nif, clientInvoiceId: id, issuedAt: '2026-11-25T11:30:00Z' });
      const a = await svc.call('POST', '/v1/invoices', shop.terminalKey, draft('t-1'), { 'idempotency-key': 't-1' });
      now -= 3_600_000; // the server clock is set back an hour
      const b = await svc.call('POST', '/v1/invoices', shop.terminalKey, draft('t-2'), { 'idempotency-key': 't-2' });
      expect(a.json().invoice.security.timestamp).toBe('20261125140000');
      expect(b.json().invoice.security.timestamp).toBe('20261125140000');
      const anomalies = await svc.store.listClockAnomalies(shop.outletId);
      expect(anomalies.map((x) => x.kind)).toEqual(['server_clock_backwards']);
      expect(anomalies[0]?.skewMs).toBe(-3_600_000);
    } finally {
      await svc.close();
    }
  });
});
