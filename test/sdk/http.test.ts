// The SDK's reading of failures without a server: how a thrown fetch is classified, and what a 503 does to a queued draft.
import { describe, expect, it } from 'vitest';
import { classifyFailure, createDraftSender, createStalelaClient, StalelaApiError, type FetchLike } from '../../sdk';
import type { InvoiceDraft } from '../../fiscal/invoice-types';

const draft = { client_invoice_id: 'inv-1' } as InvoiceDraft;

describe('classifyFailure', () => {
  it('calls a refused or unresolvable connection not_sent, looking through the cause chain', () => {
    const refused = new TypeError('fetch failed', { cause: Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }) });
    expect(classifyFailure(refused, false).code).toBe('not_sent');
    expect(classifyFailure(Object.assign(new Error('dns'), { code: 'ENOTFOUND' }), false).code).toBe('not_sent');
  });

  it('calls a reset, a codeless browser failure and any timeout outcome_unknown', () => {
    expect(classifyFailure(new TypeError('fetch failed', { cause: Object.assign(new Error('x'), { code: 'ECONNRESET' }) }), false).code).toBe('outcome_unknown');
    expect(classifyFailure(new TypeError('Failed to fetch'), false).code).toBe('outcome_unknown');
    expect(classifyFailure(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }), true).code).toBe('outcome_unknown');
  });
});

describe('answers read through a custom fetch', () => {
  it('reads a problem+json body into StalelaApiError and a non-JSON error page into one with the status', async () => {
    const problem: FetchLike = async () => new Response(JSON.stringify({ type: 'about:blank', title: 'Invalid input', status: 422, detail: 'Bad.', code: 'invalid', errors: [{ path: 'items/0', message: 'x' }] }), { status: 422, headers: { 'content-type': 'application/problem+json' } });
    const err = (await createStalelaClient({ baseUrl: 'http://x.test', fetch: problem }).health().catch((e: unknown) => e)) as StalelaApiError;
    expect(err).toBeInstanceOf(StalelaApiError);
    expect([err.status, err.title, err.detail, err.code, err.errors[0]?.path]).toEqual([422, 'Invalid input', 'Bad.', 'invalid', 'items/0']);

    const html: FetchLike = async () => new Response('<html>Bad gateway</html>', { status: 502, statusText: 'Bad Gateway' });
    const err2 = (await createStalelaClient({ baseUrl: 'http://x.test', fetch: html }).health().catch((e: unknown) => e)) as StalelaApiError;
    expect([err2.status, err2.title, err2.code]).toEqual([502, 'Bad Gateway', 'http_502']);
  });

  it('keeps a draft queued on 503 and sends the same Idempotency-Key on every attempt', async () => {
    const keys: (string | null)[] = [];
    const busy: FetchLike = async (_url, init) => {
      keys.push(new Headers(init.headers).get('idempotency-key'));
      return new Response(JSON.stringify({ title: 'Service unavailable', status: 503, detail: 'Busy.' }), { status: 503, headers: { 'content-type': 'application/problem+json' } });
    };
    const sender = createDraftSender({ client: createStalelaClient({ baseUrl: 'http://x.test', apiKey: 'k', fetch: busy }) });
    expect((await sender.submit(draft)).status).toBe('queued');
    expect((await sender.flush()).pending).toBe(1);
    expect(keys).toEqual(['inv-1', 'inv-1']);
    expect((await sender.pending())[0]?.attempts).toBe(2);
  });
});
