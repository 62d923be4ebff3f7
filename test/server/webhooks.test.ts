// Webhook deliveries to a real receiver on 127.0.0.1: signed, retried with backoff while it is down, then a dead letter
// an owner can list and replay; and the signature check a receiver runs.
import { createServer, type Server } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSideDb, type SideDb } from '../../server/dgi-sync/side-db';
import { createWebhooks, type Webhooks } from '../../server/webhooks/dispatcher';
import { createAppEvents, type AppEvents } from '../../server/webhooks/events';
import { signatureHeader, verifySignature } from '../../server/webhooks/signature';
import { createWebhookStore } from '../../server/webhooks/webhook-store';

type Received = { headers: Record<string, string | string[] | undefined>; body: string };

/** A receiver that can answer 200, answer 503, or be closed altogether. */
async function startReceiver() {
  const received: Received[] = [];
  let answer = 200;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(answer).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    received,
    answer: (status: number) => {
      answer = status;
    },
    down: () => new Promise<void>((r) => {
      server.close(() => r());
      server.closeAllConnections();
    }),
    up: () => new Promise<void>((r) => server.listen(port, '127.0.0.1', r)),
    close: () => new Promise<void>((r) => {
      if (!server.listening) return r();
      server.close(() => r());
      server.closeAllConnections();
    }),
  };
}

const SECRET = 'whsec_0123456789abcdef';
let db: SideDb;
let events: AppEvents;
let webhooks: Webhooks;
let receiver: Awaited<ReturnType<typeof startReceiver>>;

beforeEach(async () => {
  db = openSideDb(':memory:');
  events = createAppEvents();
  webhooks = createWebhooks({ store: createWebhookStore(db), events, maxAttempts: 3, backoff: { baseMs: 10, maxMs: 40, random: () => 0 } });
  receiver = await startReceiver();
});

afterEach(async () => {
  await webhooks.stop();
  await receiver.close();
  db.close();
});

/** Runs deliveries until none is due within `ms`. */
async function pump(ms = 300): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    await webhooks.deliverDue();
    await new Promise((r) => setTimeout(r, 5));
  }
}

const sealed = { type: 'invoice.sealed' as const, merchantId: 'm1', outletId: 'o1', data: { client_invoice_id: 'inv-1', fiscal_number: 1 } };

describe('webhook deliveries', () => {
  it('POSTs the event as JSON with a Stalela-Signature the receiver verifies and an event id', async () => {
    webhooks.register('m1', { url: receiver.url, events: ['invoice.sealed'], secret: SECRET });
    events.emit(sealed);
    await webhooks.deliverDue();
    expect(receiver.received).toHaveLength(1);
    const got = receiver.received[0];
    if (!got) throw new Error('nothing received');
    const body = JSON.parse(got.body) as { id: string; type: string; merchant_id: string; data: { client_invoice_id: string } };
    expect(body).toMatchObject({ type: 'invoice.sealed', merchant_id: 'm1', data: { client_invoice_id: 'inv-1' } });
    expect(got.headers['stalela-event-id']).toBe(body.id);
    expect(got.headers['stalela-event-type']).toBe('invoice.sealed');
    const header = String(got.headers['stalela-signature']);
    expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(verifySignature(SECRET, got.body, header, Math.floor(Date.now() / 1000))).toEqual({ ok: true });
    expect(verifySignature('another-secret-000', got.body, header, Math.floor(Date.now() / 1000)).ok).toBe(false);
  });

  it('delivers only the events a webhook subscribed to, and only to its own merchant', async () => {
    webhooks.register('m1', { url: receiver.url, events: ['invoice.uploaded'], secret: SECRET });
    webhooks.register('m2', { url: receiver.url, events: ['invoice.sealed'], secret: SECRET });
    events.emit(sealed);
    events.emit({ ...sealed, type: 'invoice.uploaded' });
    await webhooks.deliverDue();
    expect(receiver.received.map((r) => r.headers['stalela-event-type'])).toEqual(['invoice.uploaded']);
  });

  it('retries a receiver that is down, dead-letters after the last attempt, and a replay delivers the same event', async () => {
    webhooks.register('m1', { url: receiver.url, events: ['invoice.sealed'], secret: SECRET });
    await receiver.down();
    events.emit(sealed);
    await pump();
    const dead = webhooks.deadLetters('m1');
    expect(dead).toHaveLength(1);
    expect(dead[0]).toMatchObject({ status: 'dead', attempts: 3, eventType: 'invoice.sealed' });
    expect(dead[0]?.lastError).toContain('could not be reached');
    expect(webhooks.deadLetters('m2')).toEqual([]);
    expect(webhooks.replay('m2', dead[0]?.id ?? '')).toBe('not_found');

    await receiver.up();
    expect(webhooks.replay('m1', dead[0]?.id ?? '')).toBe('replayed');
    expect(webhooks.replay('m1', dead[0]?.id ?? '')).toBe('not_dead');
    await webhooks.deliverDue();
    expect(receiver.received).toHaveLength(1);
    expect(receiver.received[0]?.headers['stalela-event-id']).toBe(dead[0]?.eventId);
    expect(webhooks.deadLetters('m1')).toEqual([]);
  });

  it('retries a receiver answering 503 with growing delays, and stops once it answers 200', async () => {
    await webhooks.stop();
    webhooks = createWebhooks({ store: createWebhookStore(db), events, maxAttempts: 5, backoff: { baseMs: 200, maxMs: 400, random: () => 0 } });
    webhooks.register('m1', { url: receiver.url, events: ['invoice.sealed'], secret: SECRET });
    receiver.answer(503);
    events.emit(sealed);
    await webhooks.deliverDue();
    // The second attempt waits for its backoff (100 ms at the least): an immediate pass does not resend.
    await webhooks.deliverDue();
    expect(receiver.received).toHaveLength(1);
    receiver.answer(200);
    await pump(500);
    expect(receiver.received).toHaveLength(2);
    const ids = new Set(receiver.received.map((r) => r.headers['stalela-event-id']));
    expect(ids.size).toBe(1);
    expect(webhooks.deadLetters('m1')).toEqual([]);
  });

  it('keeps deliveries in the database: a dispatcher started later on the same file sends what was queued', async () => {
    webhooks.register('m1', { url: receiver.url, events: ['z.closed'], secret: SECRET });
    events.emit({ ...sealed, type: 'z.closed', data: { z_number: 4 } });
    await webhooks.stop();
    const other = createWebhooks({ store: createWebhookStore(db), events: createAppEvents() });
    await other.deliverDue();
    await other.stop();
    expect(receiver.received).toHaveLength(1);
    expect(JSON.parse(receiver.received[0]?.body ?? '{}')).toMatchObject({ type: 'z.closed', data: { z_number: 4 } });
  });
});

describe('Stalela-Signature', () => {
  const body = '{"id":"evt_1"}';
  it('is HMAC-SHA256 over t + "." + body, in hex', () => {
    // Computed independently: printf '1764079391.{"id":"evt_1"}' | openssl dgst -sha256 -hmac whsec_0123456789abcdef
    expect(signatureHeader(SECRET, body, 1764079391)).toBe('t=1764079391,v1=585a25f1a2b669678b78065b8092823b2b5be154b33eea3d8cce82d01f3728e8');
    expect(signatureHeader(SECRET, body, 1764079391)).not.toBe(signatureHeader(SECRET, body, 1764079392));
  });
  it('refuses a changed body, a stale time and a malformed header', () => {
    const h = signatureHeader(SECRET, body, 1_000_000);
    expect(verifySignature(SECRET, body, h, 1_000_010)).toEqual({ ok: true });
    expect(verifySignature(SECRET, '{"id":"evt_2"}', h, 1_000_010)).toMatchObject({ ok: false, code: 'signature.mismatch' });
    expect(verifySignature(SECRET, body, h, 1_000_400)).toMatchObject({ ok: false, code: 'signature.stale' });
    expect(verifySignature(SECRET, body, 'v1=abc', 1_000_000)).toMatchObject({ ok: false, code: 'signature.malformed' });
  });
});
