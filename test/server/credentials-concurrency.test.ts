// Concurrency on both stores: credentials issued by a second service process on the same database while the first
// seals in the cloud and reconciles offline invoices; every number is given once and the export verifies.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { verifyExport } from '../../fiscal/verify';
import { buildApp } from '../../server/app';
import { ephemeralSoftwareSigner } from '../../server/signer/software';
import type { Signer } from '../../server/signer/signer';
import type { Store } from '../../server/store/store';
import { BACKENDS } from './backends';
import { ADMIN_KEY, startService, type Service, type Shop } from './fixtures';
import { auditExport, cloudSeal, makeTill } from './reconciling-till';

const SEAL_WORKERS = 6;
const SEALS_EACH = 25;
const CREDENTIAL_WORKERS = 3;
const CREDENTIALS_EACH = 8;
const BLOCK = 3;

describe.each(BACKENDS)('credentials while sealing on %s', (backendName) => {
  let svc: Service;
  let shop: Shop;
  let issuer: Signer;
  let secondStore: Store;
  let second: FastifyInstance;

  beforeAll(async () => {
    issuer = await ephemeralSoftwareSigner();
    const limits = { maxOpenPerTerminal: 1000 };
    svc = await startService(backendName, { issuer, sweepIntervalMs: 0, credentialLimits: limits });
    shop = await svc.shop('A9000011T');
    // Another process of the service: its own store connections on the same database, the same keys.
    secondStore = await svc.backend.open();
    second = await buildApp({ store: secondStore, signer: svc.signer, issuer, adminKey: ADMIN_KEY, logger: false, sweepIntervalMs: 0, credentialLimits: limits });
  });
  afterAll(async () => {
    await second?.close();
    await secondStore?.close();
    await svc?.close();
  });

  it('gives every number once: cloud seals never fall in a block, blocks never overlap, the export verifies', async () => {
    const till = await makeTill(svc, shop);
    const early = await till.credential(6);
    const offline = [await till.seal(early), await till.seal(early), await till.seal(early)];
    const sealing = Array.from({ length: SEAL_WORKERS }, async (_, w) => {
      for (let i = 0; i < SEALS_EACH; i++) await cloudSeal(svc, shop, `conc-${w}-${i}`);
    });
    const issuing = Array.from({ length: CREDENTIAL_WORKERS }, async (_, w) => {
      const blocks: Array<{ first: number; last: number }> = [];
      for (let i = 0; i < CREDENTIALS_EACH; i++) {
        const res = await second.inject({
          method: 'POST', url: '/v1/credentials', headers: { authorization: `Bearer ${shop.terminalKey}` },
          payload: { pos_terminal_id: `till-c${w}`, public_key: till.jwk, block_size: BLOCK, ttl_seconds: 600 },
        });
        expect(res.statusCode, res.body).toBe(201);
        blocks.push(res.json().block);
      }
      return blocks;
    });
    const reconciling = till.reconcile(offline, { credential_id: early.credential_id });
    const [, blocks, reconciled] = await Promise.all([Promise.all(sealing), Promise.all(issuing), reconciling]);
    expect(reconciled.json().accepted).toBe(3);

    for (const c of await svc.store.listCredentials(shop.outletId)) {
      if (c.status === 'open') expect((await svc.call('POST', `/v1/credentials/${c.id}/return`, shop.terminalKey)).statusCode).toBe(200);
    }
    const exp = await auditExport(svc, shop);
    const cloud = exp.ledger.filter((e) => e.kind === 'invoice' && (e.payload as { security: { mode: string } }).security.mode === 'cloud').map((e) => e.fiscal_number!);
    const all = [...blocks.flat(), early.block].sort((a, b) => a.first - b.first);
    for (let i = 1; i < all.length; i++) expect(all[i]!.first).toBeGreaterThan(all[i - 1]!.last);
    for (const n of cloud) expect(all.some((b) => b.first <= n && n <= b.last), `cloud number ${n} in a block`).toBe(false);
    expect(new Set(cloud).size).toBe(SEAL_WORKERS * SEALS_EACH);
    const result = await verifyExport(exp);
    expect(result, JSON.stringify(result).slice(0, 400)).toMatchObject({
      ok: true,
      summary: {
        numbers: { first: 1, last: SEAL_WORKERS * SEALS_EACH + CREDENTIAL_WORKERS * CREDENTIALS_EACH * BLOCK + 6 },
        sealed: { cloud: SEAL_WORKERS * SEALS_EACH, delegated: 3 },
        credentials: CREDENTIAL_WORKERS * CREDENTIALS_EACH + 1,
      },
    });
    till.close();
  });
});
