// The integration guide's example (examples/seal-an-invoice.ts) run as written against the real cloud in-process.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../examples/seal-an-invoice';
import { verifySealedInvoice, type Jwks } from '../../fiscal/signature';
import { CLOUD_ADMIN_KEY, startSdkCloud, type SdkCloud } from './sdk-cloud';

let cloud: SdkCloud;
beforeAll(async () => {
  cloud = await startSdkCloud();
});
afterAll(async () => cloud.close());

describe('examples/seal-an-invoice.ts', () => {
  it('sets up a shop, seals one invoice and reads the same code back', async () => {
    const lines: string[] = [];
    const result = await main({ baseUrl: cloud.url, adminKey: CLOUD_ADMIN_KEY, log: (l) => lines.push(l) });
    expect(result.invoice.security.fiscal_number).toBe(1);
    expect(result.invoice.totals.ttc).toBe('4600.00');
    expect(lines.at(-1)).toBe('read back: same code');
    expect(lines.join('\n')).toContain(result.invoice.security.code);
  });

  it('produces an invoice whose seal (kid, signature, code, QR) verifies with the key published in /v1/keys', async () => {
    const result = await main({ baseUrl: cloud.url, adminKey: CLOUD_ADMIN_KEY, log: () => undefined });
    const jwks = (await cloud.owner().keys()) as Jwks;
    expect(await verifySealedInvoice(result.invoice, jwks)).toEqual({ ok: true });
    const tampered = { ...result.invoice, totals: { ...result.invoice.totals, ttc: '1.00' } };
    expect((await verifySealedInvoice(tampered, jwks)).ok).toBe(false);
  });
});
