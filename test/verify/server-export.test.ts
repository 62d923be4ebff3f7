// The verifier against what the real service stores: invoices sealed over HTTP on SQLite, a key rotation, and rows edited in the database file.
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIT_EXPORT_FORMAT, AUDIT_EXPORT_VERSION, type AuditExport, type AuditLedgerEntry } from '../../fiscal/audit-export';
import type { Jwks } from '../../fiscal/signature';
import { verifyExport } from '../../fiscal/verify';
import { buildApp } from '../../server/app';
import { toWireLedgerEntry } from '../../server/ledger';
import { ephemeralSoftwareSigner } from '../../server/signer/software';
import { ADMIN_KEY, makeDraft, startService, type Service, type Shop } from '../server/fixtures';

/** The export as GET /v1/outlets/{id}/audit-export is to answer it (docs/audit-export.md), read from the store. */
async function exportOf(svc: Service, shop: Shop, keys: Jwks): Promise<AuditExport> {
  const merchant = await svc.store.getMerchant(shop.merchantId);
  const outlet = await svc.store.getOutlet(shop.outletId);
  if (!merchant || !outlet) throw new Error('the shop is missing from the store');
  const rows = await svc.store.listLedger(shop.outletId, 0, 100_000);
  return {
    format: AUDIT_EXPORT_FORMAT,
    version: AUDIT_EXPORT_VERSION,
    exported_at: new Date().toISOString(),
    merchant: { id: merchant.id, nif: merchant.nif, name: merchant.name, rccm: merchant.rccm },
    outlet: { id: outlet.id, authority_id: outlet.authorityId, name: outlet.name, isf: outlet.isf },
    keys: keys as AuditExport['keys'],
    credentials: [],
    ledger: rows.map((row) => toWireLedgerEntry(row) as AuditLedgerEntry),
  };
}

describe('verifying what the service sealed (SQLite)', () => {
  let svc: Service;
  let shop: Shop;
  let keys: Jwks;

  async function seal(app: Service['app'], n: number): Promise<void> {
    const body = makeDraft({ outletId: shop.outletId, nif: shop.nif, clientInvoiceId: `verify-${n}`, type: 'FV' });
    const res = await app.inject({
      method: 'POST', url: '/v1/invoices', payload: body,
      headers: { authorization: `Bearer ${shop.terminalKey}`, 'idempotency-key': `key-${n}` },
    });
    if (res.statusCode !== 201) throw new Error(`seal ${n}: ${res.statusCode} ${res.body}`);
  }

  beforeAll(async () => {
    svc = await startService('sqlite');
    shop = await svc.shop('A9000011T');
    for (let n = 1; n <= 3; n++) await seal(svc.app, n);
    // Rotation: the service restarts on the same store with a new key; the first is kept, retired, in /v1/keys.
    await svc.app.close();
    const rotated = await buildApp({ store: svc.store, signer: await ephemeralSoftwareSigner(), adminKey: ADMIN_KEY, logger: false });
    svc.app = rotated;
    for (let n = 4; n <= 5; n++) await seal(rotated, n);
    keys = (await rotated.inject({ method: 'GET', url: '/v1/keys' })).json() as Jwks;
  });

  afterAll(async () => {
    // startService's close() closes the first app (already closed above) and the store; the rotated app is closed here.
    await svc?.app.close();
    await svc?.close();
  });

  it('verifies the ledger, the invoices signed before the rotation included, with the keys of GET /v1/keys', async () => {
    expect(keys.keys.map((k) => k['status']).sort()).toEqual(['active', 'retired']);
    const result = await verifyExport(await exportOf(svc, shop, keys));
    expect(result, JSON.stringify(result)).toMatchObject({ ok: true, summary: { records: 5, numbers: { first: 1, last: 5 }, sealed: { cloud: 5, delegated: 0 } } });
    if (result.ok) expect(result.summary.keys_used).toHaveLength(2);
  });

  it('names seq 2 and chain.hash after its amount is edited in the database file itself', async () => {
    const db = new Database(svc.backend.target);
    try {
      const before = db.prepare('SELECT payload FROM ledger WHERE seq = 2').get() as { payload: string };
      db.prepare("UPDATE ledger SET payload = json_set(payload, '$.totals.ttc', '1.00') WHERE seq = 2").run();
      const result = await verifyExport(await exportOf(svc, shop, keys));
      expect(result).toMatchObject({ ok: false, seq: 2, check: 'chain.hash', fiscal_number: 2 });
      db.prepare('UPDATE ledger SET payload = ? WHERE seq = 2').run(before.payload);
    } finally {
      db.close();
    }
    expect(await verifyExport(await exportOf(svc, shop, keys))).toMatchObject({ ok: true });
  });

  it('names the row after a deleted one, by chain.seq', async () => {
    const db = new Database(svc.backend.target);
    try {
      db.prepare('DELETE FROM ledger WHERE seq = 3').run();
    } finally {
      db.close();
    }
    expect(await verifyExport(await exportOf(svc, shop, keys))).toMatchObject({ ok: false, seq: 4, check: 'chain.seq', fiscal_number: 4 });
  });
});
