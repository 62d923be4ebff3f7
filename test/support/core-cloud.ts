// Test helper: the real cloud service (server/app on SQLite, software key) listening on 127.0.0.1, with a shop set up.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../server/app';
import type { DeliveryOptions } from '../../server/routes/deliveries';
import { ephemeralSoftwareSigner } from '../../server/signer/software';
import { openSqliteStore } from '../../server/store/sqlite';
import type { TillSettings } from '../../main/core/store/settings';

export const CLOUD_ADMIN_KEY = 'core-test-admin-key-0123456789';

export type CloudShop = { merchantId: string; outletId: string; authorityId: string; ownerKey: string; terminalKey: string; nif: string };

export type TestCloud = {
  url: string;
  port: number;
  app: FastifyInstance;
  shop: CloudShop;
  /** Till settings for this shop, pointing at `url` (or another url, e.g. a proxy in front). */
  tillSettings(url?: string): TillSettings;
  /** Every ledger entry of the shop's outlet, in order (GET /v1/outlets/{id}/ledger, owner key). */
  ledger(): Promise<{ seq: number; kind: string; fiscal_number: number | null; payload: { client_invoice_id?: string } }[]>;
  close(): Promise<void>;
};

async function json(url: string, key: string | null, body?: unknown): Promise<Record<string, unknown>> {
  const r = await fetch(url, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { ...(key === null ? {} : { authorization: `Bearer ${key}` }), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const out = (await r.json()) as Record<string, unknown>;
  if (r.status >= 300) throw new Error(`${url}: HTTP ${r.status} ${JSON.stringify(out)}`);
  return out;
}

/** A running service with the demo merchant (NIF A9000011T), one outlet, an owner key and a terminal key. */
export async function startTestCloud(options: { nif?: string; dbPath?: string; delivery?: DeliveryOptions } = {}): Promise<TestCloud> {
  const dir = mkdtempSync(join(tmpdir(), 'stalela-cloud-'));
  const store = openSqliteStore(options.dbPath ?? join(dir, 'cloud.sqlite'));
  const signer = await ephemeralSoftwareSigner();
  const app = await buildApp({ store, signer, adminKey: CLOUD_ADMIN_KEY, logger: false, ...(options.delivery === undefined ? {} : { delivery: options.delivery }) });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const port = (app.server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  const nif = options.nif ?? 'A9000011T';
  const merchant = await json(`${url}/v1/merchants`, CLOUD_ADMIN_KEY, { nif, name: 'SUPERMARCHÉ CENTRAL', rccm: 'CD/KIN/RCCM/24-B-01234', address: 'BOULEVARD 30 JUIN', city: 'KINSHASA' });
  const merchantId = merchant['id'] as string;
  const outlet = await json(`${url}/v1/merchants/${merchantId}/outlets`, CLOUD_ADMIN_KEY, { name: 'Caisse centrale', isf: 'STALELA-POS-0.1' });
  const outletId = outlet['id'] as string;
  const owner = await json(`${url}/v1/api-keys`, CLOUD_ADMIN_KEY, { merchant_id: merchantId, role: 'owner' });
  const terminal = await json(`${url}/v1/api-keys`, CLOUD_ADMIN_KEY, { merchant_id: merchantId, outlet_id: outletId, role: 'terminal' });
  const shop: CloudShop = {
    merchantId, outletId, nif, authorityId: outlet['authority_id'] as string, ownerKey: owner['key'] as string, terminalKey: terminal['key'] as string,
  };
  return {
    url, port, app, shop,
    tillSettings: (at = url) => ({
      merchant: { nif, name: 'SUPERMARCHÉ CENTRAL', rccm: 'CD/KIN/RCCM/24-B-01234', address: 'BOULEVARD 30 JUIN', city: 'KINSHASA' },
      outlet: { id: outletId, name: 'Caisse centrale', authority_id: shop.authorityId, isf: 'STALELA-POS-0.1' },
      terminal_id: 'T01',
      cloud: { url: at, api_key: shop.terminalKey },
    }),
    async ledger() {
      const entries: { seq: number; kind: string; fiscal_number: number | null; payload: { client_invoice_id?: string } }[] = [];
      let after = 0;
      for (;;) {
        const page = await json(`${url}/v1/outlets/${outletId}/ledger?after_seq=${after}&limit=1000`, shop.ownerKey);
        const list = page['entries'] as typeof entries;
        entries.push(...list);
        if (page['next_after_seq'] === null || list.length === 0) return entries;
        after = page['next_after_seq'] as number;
      }
    },
    async close() {
      await app.close();
      await store.close();
      await signer.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
