// Test helper: the real cloud on 127.0.0.1 (SQLite, software key) with a shop, plus SDK clients and drafts for it.
import { buildDraft } from '../../examples/seal-an-invoice';
import type { InvoiceDraft } from '../../fiscal/invoice-types';
import { createStalelaClient, type StalelaClient } from '../../sdk';
import { CLOUD_ADMIN_KEY, startTestCloud, type TestCloud } from '../support/core-cloud';

export { CLOUD_ADMIN_KEY };

export type SdkCloud = TestCloud & {
  /** A client holding the shop's terminal key, against `url` (default the cloud itself). */
  terminal(url?: string, timeoutMs?: number): StalelaClient;
  owner(): StalelaClient;
  admin(): StalelaClient;
  draft(): InvoiceDraft;
};

export async function startSdkCloud(): Promise<SdkCloud> {
  const cloud = await startTestCloud();
  const make = (apiKey: string | null, baseUrl = cloud.url, timeoutMs?: number) =>
    createStalelaClient({ baseUrl, apiKey, ...(timeoutMs === undefined ? {} : { timeoutMs }) });
  return Object.assign(cloud, {
    terminal: (url?: string, timeoutMs?: number) => make(cloud.shop.terminalKey, url, timeoutMs),
    owner: () => make(cloud.shop.ownerKey),
    admin: () => make(CLOUD_ADMIN_KEY),
    draft: () => buildDraft({ nif: cloud.shop.nif, outletId: cloud.shop.outletId }, [
      { code: '6001', name: 'EAU 1.5L', type: 'BIE', tax_group: 'B', unit_price: '720.00', quantity: '5' },
      { code: '7001', name: 'SAVON', type: 'BIE', tax_group: 'B', unit_price: '1250.00', quantity: '1.5' },
    ]),
  });
}
