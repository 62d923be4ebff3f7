// The typed client against the real cloud: sealing, replays, reading back, and refusals as typed problem+json errors.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type AddressInfo } from 'node:net';
import { createStalelaClient, StalelaApiError, StalelaNetworkError } from '../../sdk';
import { startSdkCloud, type SdkCloud } from './sdk-cloud';

let cloud: SdkCloud;
beforeAll(async () => {
  cloud = await startSdkCloud();
});
afterAll(async () => cloud.close());

/** A port that was free a moment ago and has nothing listening. */
const closedPort = async (): Promise<number> => {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
};

const refusal = async (p: Promise<unknown>): Promise<StalelaApiError> => {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(StalelaApiError);
  return err as StalelaApiError;
};

describe('the Stalela client', () => {
  it('seals a draft (201), replays the same key and body as the same result (200) and reads it back by id', async () => {
    const client = cloud.terminal();
    const draft = cloud.draft();
    const first = await client.sealInvoice(draft);
    expect(first.replayed).toBe(false);
    expect(first.invoice.security.mode).toBe('cloud');
    expect(first.invoice.security.code).toMatch(/^[A-Z2-7]{24}$/);
    expect(first.invoice.totals).toEqual(draft.totals);
    const again = await client.sealInvoice(draft);
    expect(again.replayed).toBe(true);
    expect(again.invoice.security).toEqual(first.invoice.security);
    const read = await cloud.owner().getInvoice(draft.client_invoice_id);
    expect(read?.invoice.security.signature).toBe(first.invoice.security.signature);
    expect(read?.ledger).toEqual(first.ledger);
  });

  it('answers null for an invoice never sealed', async () => {
    expect(await cloud.terminal().getInvoice('never-sealed-0001')).toBeNull();
  });

  it('turns a 422 into StalelaApiError with status, title, detail and the bad paths', async () => {
    const draft = { ...cloud.draft(), totals: { ht: '1.00', vat: '0.00', specific: '0.00', ttc: '1.00' } };
    const err = await refusal(cloud.terminal().sealInvoice(draft));
    expect(err.status).toBe(422);
    expect(err.title.length).toBeGreaterThan(0);
    expect(err.detail.length).toBeGreaterThan(0);
    expect(err.errors.some((e) => e.path.startsWith('totals'))).toBe(true);
  });

  it('turns the same key with another body into a 409', async () => {
    const draft = cloud.draft();
    await cloud.terminal().sealInvoice(draft);
    const other = { ...draft, cashier_name: 'MARIE' };
    const err = await refusal(cloud.terminal().sealInvoice(other, draft.client_invoice_id));
    expect(err.status).toBe(409);
  });

  it('answers 401 for an unknown key and 403 for a role that may not seal', async () => {
    const stranger = createStalelaClient({ baseUrl: cloud.url, apiKey: 'not-a-key' });
    expect((await refusal(stranger.sealInvoice(cloud.draft()))).status).toBe(401);
    expect((await refusal(cloud.owner().sealInvoice(cloud.draft()))).status).toBe(403);
  });

  it('sets up a merchant, outlet and key through the admin methods', async () => {
    const admin = cloud.admin();
    const m = await admin.createMerchant({ nif: 'A1234567Z', name: 'SDK SARL' });
    const o = await admin.createOutlet(m.id, { name: 'Depot' });
    expect(o.authority_id).toMatch(/^SC\d{8}-1$/);
    const k = await admin.createApiKey({ merchant_id: m.id, outlet_id: o.id, role: 'terminal' });
    expect(k.key.length).toBeGreaterThan(10);
    expect((await refusal(admin.createMerchant({ nif: 'A1234567Z', name: 'again' }))).status).toBe(409);
  });

  it('throws a plain TypeError for a base URL that cannot be parsed, not a network outcome', async () => {
    const err = await createStalelaClient({ baseUrl: 'not a url' }).health().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TypeError);
    expect(err).not.toBeInstanceOf(StalelaNetworkError);
  });

  it('reports a refused connection as not_sent', async () => {
    const down = createStalelaClient({ baseUrl: `http://127.0.0.1:${await closedPort()}`, apiKey: 'x' });
    const err = await down.health().then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(StalelaNetworkError);
    expect((err as StalelaNetworkError).code).toBe('not_sent');
  });
});
