// GET /v1/outlets/{id}/audit-export on both stores: exactly docs/audit-export.md's document (header, keys as /v1/keys,
// every credential, the whole ledger as GET …/ledger gives it), verified by verifyExport and by `npm run verify`.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Jwks } from '../../fiscal/signature';
import { verifyExport } from '../../fiscal/verify';
import { buildApp } from '../../server/app';
import { ephemeralSoftwareSigner } from '../../server/signer/software';
import { BACKENDS } from './backends';
import { ADMIN_KEY, startService, type Service, type Shop } from './fixtures';
import { auditExport, cloudSeal, makeTill, type Till } from './reconciling-till';

const run = promisify(execFile);

describe.each(BACKENDS)('audit export on %s', (backendName) => {
  let svc: Service;
  let shop: Shop;
  let other: Shop;
  let till: Till;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'stalela-export-'));
    svc = await startService(backendName, { sweepIntervalMs: 0 });
    shop = await svc.shop('A9000011T');
    other = await svc.shop('A9001255A');
    till = await makeTill(svc, shop);
    // A day: cloud seals, an offline block partly used and returned, an MCF invoice mirrored, a Z, a block still open.
    await cloudSeal(svc, shop);
    const c = await till.credential(4);
    const offline = [await till.seal(c), await till.seal(c)];
    await cloudSeal(svc, shop);
    await till.reconcile([...offline, await till.deviceSeal('XX01710090-1', 7, 7)], { credential_id: c.credential_id, close: true });
    await svc.call('POST', `/v1/outlets/${shop.outletId}/reports/z`, shop.ownerKey, {});
    await till.credential(3);
  });
  afterAll(async () => {
    till?.close();
    await svc?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('has the documented header, the keys of /v1/keys, every credential and the ledger of GET …/ledger', async () => {
    const res = await svc.call('GET', `/v1/outlets/${shop.outletId}/audit-export`, shop.ownerKey);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.headers['content-disposition']).toContain(`audit-export-${shop.outletId}.json`);
    const exp = res.json();
    expect(Object.keys(exp)).toEqual(['format', 'version', 'exported_at', 'merchant', 'outlet', 'keys', 'credentials', 'ledger']);
    expect(exp).toMatchObject({
      format: 'stalela-audit-export', version: 1,
      merchant: { id: shop.merchantId, nif: shop.nif }, outlet: { id: shop.outletId, authority_id: shop.authorityId, isf: 'STALELA-POS' },
    });
    expect(exp.exported_at).toMatch(/\+01:00$/);
    expect(exp.keys).toEqual((await svc.call('GET', '/v1/keys', null)).json());
    expect(exp.credentials).toEqual((await svc.store.listCredentials(shop.outletId)).map((c) => c.token));
    expect(exp.credentials).toHaveLength(2);
    const ledger = (await svc.call('GET', `/v1/outlets/${shop.outletId}/ledger?limit=1000`, shop.ownerKey)).json().entries;
    expect(exp.ledger).toEqual(ledger);
    expect(exp.ledger.map((e: { kind: string }) => e.kind)).toEqual(['invoice', 'invoice', 'invoice', 'invoice', 'mirror', 'void', 'z']);
  });

  it('verifies with the keys GET /v1/keys answers, the open block counted as pending', async () => {
    const keys = (await svc.call('GET', '/v1/keys', null)).json() as Jwks;
    const result = await verifyExport(await auditExport(svc, shop), { keys });
    expect(result, JSON.stringify(result)).toMatchObject({
      ok: true,
      summary: { records: 7, sealed: { cloud: 2, delegated: 2 }, voided: 2, mirrored: 1, z_reports: 1, credentials: 2, pending: { open: 3, expired: 0 }, keys_from_caller: true },
    });
  });

  it('passes `npm run verify` (the verifier command) on the file as downloaded', async () => {
    const file = join(dir, `export-${backendName}.json`);
    writeFileSync(file, (await svc.call('GET', `/v1/outlets/${shop.outletId}/audit-export`, shop.ownerKey)).body);
    const { stdout } = await run('npx', ['tsx', 'server/cli/verify.ts', file], { cwd: process.cwd(), timeout: 60_000 });
    expect(stdout).toMatch(/^OK: 7 records/);
  });

  it('still verifies after the seal key is rotated: invoices of the retired key and of the new one', async () => {
    const rotated = await buildApp({ store: svc.store, signer: await ephemeralSoftwareSigner(), adminKey: ADMIN_KEY, logger: false, sweepIntervalMs: 0 });
    try {
      const res = await rotated.inject({ method: 'GET', url: `/v1/outlets/${shop.outletId}/audit-export`, headers: { authorization: `Bearer ${shop.ownerKey}` } });
      const before = (await verifyExport(res.json())) as { ok: boolean };
      expect(before.ok).toBe(true);
      const sealed = await rotated.inject({
        method: 'POST', url: `/v1/outlets/${shop.outletId}/reports/z`, headers: { authorization: `Bearer ${shop.ownerKey}` }, payload: {},
      });
      expect(sealed.statusCode).toBe(201);
      const after = await rotated.inject({ method: 'GET', url: `/v1/outlets/${shop.outletId}/audit-export`, headers: { authorization: `Bearer ${shop.ownerKey}` } });
      const result = await verifyExport(after.json());
      expect(result, JSON.stringify(result)).toMatchObject({ ok: true, summary: { z_reports: 2 } });
      if (result.ok) expect(result.summary.keys_used.length).toBe(3);
    } finally {
      await rotated.close();
    }
  });

  it("is for owner and auditor of the merchant: others 403, another merchant's or another outlet's auditor 404", async () => {
    const path = `/v1/outlets/${shop.outletId}/audit-export`;
    const make = async (merchantId: string, role: string, outletId?: string) =>
      (await svc.call('POST', '/v1/api-keys', ADMIN_KEY, { merchant_id: merchantId, role, ...(outletId ? { outlet_id: outletId } : {}) })).json().key as string;
    expect((await svc.call('GET', path, await make(shop.merchantId, 'auditor'))).statusCode).toBe(200);
    expect((await svc.call('GET', path, await make(shop.merchantId, 'auditor', shop.outletId))).statusCode).toBe(200);
    for (const key of [shop.terminalKey, await make(shop.merchantId, 'cashier', shop.outletId), await make(shop.merchantId, 'technician'), ADMIN_KEY]) {
      expect((await svc.call('GET', path, key)).statusCode).toBe(403);
    }
    expect((await svc.call('GET', path, other.ownerKey)).statusCode).toBe(404);
    expect((await svc.call('GET', path, await make(other.merchantId, 'auditor', other.outletId))).statusCode).toBe(404);
    const second = await svc.call('POST', `/v1/merchants/${shop.merchantId}/outlets`, shop.ownerKey, { name: 'Second' });
    const elsewhere = await make(shop.merchantId, 'auditor', second.json().id);
    expect((await svc.call('GET', path, elsewhere)).statusCode).toBe(404);
    expect((await svc.call('GET', `/v1/outlets/${second.json().id}/audit-export`, elsewhere)).statusCode).toBe(200);
  });
});
