// Test helper: valid drafts (figures computed by the kernel, as a till would) and a running service with a shop set up.
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { computeTotals, toWireFigures } from '../../fiscal/totals';
import { taxTableOn } from '../../fiscal/tax-groups';
import { buildApp, type AppOptions } from '../../server/app';
import { ephemeralSoftwareSigner } from '../../server/signer/software';
import type { Signer } from '../../server/signer/signer';
import type { Store } from '../../server/store/store';
import { makeBackend, type Backend, type BackendName } from './backends';

export const ADMIN_KEY = 'test-admin-key-0123456789';

export type DraftOptions = {
  outletId: string;
  nif: string;
  clientInvoiceId: string;
  issuedAt?: string;
  type?: string;
  items?: Array<{ code: string; name: string; type: string; tax_group: string; unit_price: string; quantity: string }>;
};

const DEFAULT_ITEMS = [
  { code: '6001', name: 'EAU 1.5L', type: 'BIE', tax_group: 'B', unit_price: '720.00', quantity: '5' },
  { code: '6002', name: 'PAIN', type: 'BIE', tax_group: 'A', unit_price: '500.00', quantity: '2' },
];

/** A draft whose tax_groups and totals are the kernel's own figures, paid in cash. */
export function makeDraft(o: DraftOptions): Record<string, unknown> {
  const issuedAt = o.issuedAt ?? new Date().toISOString();
  const items = o.items ?? DEFAULT_ITEMS;
  const result = computeTotals({ price_mode: 'TTC', currency: 'CDF', items }, taxTableOn(issuedAt.slice(0, 10)));
  if (!result.ok) throw new Error(`fixture figures: ${JSON.stringify(result.issues)}`);
  const wire = toWireFigures(result.figures);
  return {
    client_invoice_id: o.clientInvoiceId,
    merchant_nif: o.nif,
    outlet_id: o.outletId,
    pos_terminal_id: 'till-1',
    cashier_id: 'c-01',
    cashier_name: 'JACQUES',
    invoice_number: `T-${o.clientInvoiceId}`,
    type: o.type ?? 'FV',
    price_mode: 'TTC',
    currency: 'CDF',
    items,
    tax_groups: wire.tax_groups,
    totals: wire.totals,
    payments: [{ method: 'E', amount: wire.totals.ttc, currency: 'CDF' }],
    issued_at: issuedAt,
  };
}

export type Shop = { merchantId: string; nif: string; outletId: string; authorityId: string; ownerKey: string; terminalKey: string };

export type Service = {
  app: FastifyInstance;
  store: Store;
  signer: Signer;
  backend: Backend;
  /** fastify.inject with a bearer key. */
  call: (method: 'GET' | 'POST', url: string, key: string | null, body?: unknown, headers?: Record<string, string>) => Promise<LightMyRequestResponse>;
  /** A merchant with one outlet, an owner key and a terminal key. */
  shop: (nif: string) => Promise<Shop>;
  close: () => Promise<void>;
};

export async function startService(name: BackendName, extra: Partial<AppOptions> = {}): Promise<Service> {
  const backend = await makeBackend(name);
  const store = await backend.open();
  const signer = extra.signer ?? (await ephemeralSoftwareSigner());
  const app = await buildApp({ store, signer, adminKey: ADMIN_KEY, logger: false, ...extra });
  const call: Service['call'] = (method, url, key, body, headers = {}) =>
    app.inject({
      method,
      url,
      headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...headers },
      ...(body === undefined ? {} : { payload: body as object }),
    });
  const shop = async (nif: string): Promise<Shop> => {
    const m = await call('POST', '/v1/merchants', ADMIN_KEY, { nif, name: `Shop ${nif}` });
    if (m.statusCode !== 201) throw new Error(`merchant: ${m.body}`);
    const merchantId = m.json().id as string;
    const o = await call('POST', `/v1/merchants/${merchantId}/outlets`, ADMIN_KEY, { name: 'Main', isf: 'STALELA-POS' });
    if (o.statusCode !== 201) throw new Error(`outlet: ${o.body}`);
    const outletId = o.json().id as string;
    const owner = await call('POST', '/v1/api-keys', ADMIN_KEY, { merchant_id: merchantId, role: 'owner' });
    const terminal = await call('POST', '/v1/api-keys', ADMIN_KEY, { merchant_id: merchantId, outlet_id: outletId, role: 'terminal' });
    if (owner.statusCode !== 201 || terminal.statusCode !== 201) throw new Error(`keys: ${owner.body} ${terminal.body}`);
    return { merchantId, nif, outletId, authorityId: o.json().authority_id, ownerKey: owner.json().key, terminalKey: terminal.json().key };
  };
  return {
    app, store, signer, backend, call, shop,
    close: async () => {
      await app.close();
      await store.close();
      await backend.cleanup();
    },
  };
}
