// The demo's cloud service, in this process: server/app on SQLite with a software key, and the demo taxpayer set up once.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { buildApp } from '../../server/app';
import { DEMO_PASSPHRASE } from '../../server/cli/options';
import { openSoftwareSigner } from '../../server/signer/software';
import { openSqliteStore } from '../../server/store/sqlite';

export const DEMO_MERCHANT = {
  nif: 'A9000011T',
  name: 'SUPERMARCHÉ CENTRAL',
  rccm: 'CD/KIN/RCCM/24-B-01234',
  address: 'BOULEVARD 30 JUIN',
  city: 'KINSHASA',
  phone: '+243 81 000 0000',
  email: 'caisse@supermarche-central.cd',
} as const;

/** What the demo made in the cloud on its first run, kept beside the cloud's database so later runs reuse it. */
export type DemoTenant = {
  admin_key: string;
  merchant_id: string;
  outlet_id: string;
  outlet_name: string;
  authority_id: string;
  isf: string;
  owner_key: string;
  terminal_key: string;
};

export type DemoCloud = { url: string; tenant: DemoTenant; close(): Promise<void> };

async function post(url: string, key: string, body: unknown): Promise<Record<string, unknown>> {
  const r = await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const json = (await r.json()) as Record<string, unknown>;
  if (r.status !== 201) throw new Error(`La démo n'a pas pu créer ${url} : HTTP ${r.status} ${String(json['detail'] ?? '')}`);
  return json;
}

async function createTenant(url: string, adminKey: string): Promise<DemoTenant> {
  const merchant = await post(`${url}/v1/merchants`, adminKey, DEMO_MERCHANT);
  const merchantId = merchant['id'] as string;
  const outlet = await post(`${url}/v1/merchants/${merchantId}/outlets`, adminKey, { name: 'Caisse centrale', address: DEMO_MERCHANT.address, isf: 'STALELA-POS-0.1' });
  const owner = await post(`${url}/v1/api-keys`, adminKey, { merchant_id: merchantId, role: 'owner', label: 'démo : gérant' });
  const terminal = await post(`${url}/v1/api-keys`, adminKey, { merchant_id: merchantId, outlet_id: outlet['id'], role: 'terminal', label: 'démo : caisse T01' });
  return {
    admin_key: adminKey, merchant_id: merchantId, outlet_id: outlet['id'] as string, outlet_name: 'Caisse centrale',
    authority_id: outlet['authority_id'] as string, isf: 'STALELA-POS-0.1', owner_key: owner['key'] as string, terminal_key: terminal['key'] as string,
  };
}

/** Starts the service on 127.0.0.1 (any free port) over `<dir>/cloud.sqlite`; the first run creates the demo taxpayer. */
export async function startDemoCloud(dir: string, env: NodeJS.ProcessEnv = process.env): Promise<DemoCloud> {
  mkdirSync(dir, { recursive: true });
  const tenantFile = join(dir, 'demo-tenant.json');
  const saved = existsSync(tenantFile) ? (JSON.parse(readFileSync(tenantFile, 'utf8')) as DemoTenant) : null;
  const adminKey = env.STALELA_ADMIN_KEY || saved?.admin_key || `demo-admin-${randomBytes(18).toString('base64url')}`;
  const store = openSqliteStore(join(dir, 'cloud.sqlite'));
  const signer = await openSoftwareSigner(join(dir, 'signing-key.json'), env.STALELA_KEY_PASSPHRASE || DEMO_PASSPHRASE);
  const app = await buildApp({ store, signer, adminKey, ownsResources: true, logger: false });
  try {
    await app.listen({ port: Number(env.STALELA_DEMO_CLOUD_PORT ?? 0), host: '127.0.0.1' });
    const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const tenant = saved ?? (await createTenant(url, adminKey));
    if (saved === null) writeFileSync(tenantFile, `${JSON.stringify(tenant, null, 2)}\n`, { mode: 0o600 });
    return { url, tenant, close: () => app.close() };
  } catch (e) {
    await app.close();
    throw e;
  }
}
