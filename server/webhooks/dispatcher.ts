// Webhook deliveries: each app event becomes one durable delivery per subscribed webhook, POSTed signed, retried with
// backoff, and after the last attempt kept as a dead letter an owner can replay.
import { randomUUID } from 'node:crypto';
import { backoffDelay, type BackoffOptions } from '../dgi-sync/backoff';
import type { AppEvent, AppEvents, WebhookEventType } from './events';
import { EVENT_ID_HEADER, EVENT_TYPE_HEADER, SIGNATURE_HEADER, signatureHeader } from './signature';
import type { Delivery, Webhook, WebhookStore } from './webhook-store';

export type WebhooksOptions = {
  store: WebhookStore;
  events: AppEvents;
  /** Attempts before a delivery becomes a dead letter. */
  maxAttempts?: number;
  backoff?: BackoffOptions;
  timeoutMs?: number;
  now?: () => number;
  onError?: (err: unknown) => void;
};

export type ReplayOutcome = 'replayed' | 'not_found' | 'not_dead';

export type Webhooks = {
  register(merchantId: string, input: { url: string; events: WebhookEventType[]; secret: string }): Webhook;
  deadLetters(merchantId: string): Delivery[];
  replay(merchantId: string, deliveryId: string): ReplayOutcome;
  /** Attempts every delivery due now; returns how many were attempted. */
  deliverDue(): Promise<number>;
  start(): void;
  stop(): Promise<void>;
};

const BATCH = 50;
/**
 * A merchant's webhooks are read once a second at most on the event path (one look-up per seal was a tenth of a
 * seal's cost). A webhook registered here counts at once; one registered by another process sharing the side file
 * counts within this delay.
 */
const HOOKS_FRESH_MS = 1_000;

export function createWebhooks(options: WebhooksOptions): Webhooks {
  const { store } = options;
  const now = options.now ?? Date.now;
  const maxAttempts = options.maxAttempts ?? 8;
  const backoff = options.backoff ?? { baseMs: 5_000, maxMs: 3600_000 };
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<number> | null = null;
  let isStarted = false;

  const known = new Map<string, { at: number; hooks: Webhook[] }>();
  function hooksOf(merchantId: string): Webhook[] {
    const at = performance.now();
    const k = known.get(merchantId);
    if (k && at - k.at < HOOKS_FRESH_MS) return k.hooks;
    const hooks = store.webhooksOf(merchantId);
    if (known.size > 10_000) known.clear();
    known.set(merchantId, { at, hooks });
    return hooks;
  }

  function enqueue(event: AppEvent): void {
    // Most events have no subscriber: no body, no delivery, no wake-up of the sender for them.
    const hooks = hooksOf(event.merchantId).filter((w) => w.events.includes(event.type));
    if (hooks.length === 0) return;
    const eventId = `evt_${randomUUID()}`;
    const createdAt = new Date(now()).toISOString();
    const body = JSON.stringify({ id: eventId, type: event.type, created_at: createdAt, merchant_id: event.merchantId, outlet_id: event.outletId, data: event.data });
    store.insertDeliveries(hooks.map((w) => ({ id: randomUUID(), webhookId: w.id, merchantId: event.merchantId, eventId, eventType: event.type, body, createdAt })));
    schedule(0);
  }
  const unsubscribe = options.events.on(enqueue);

  async function attempt(d: Delivery): Promise<void> {
    const hook = store.webhook(d.webhookId);
    if (!hook) return store.markFailed(d.id, true, 0, 'The webhook no longer exists.');
    const t = Math.floor(now() / 1000);
    let error: string;
    try {
      const res = await fetch(hook.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [SIGNATURE_HEADER]: signatureHeader(hook.secret, d.body, t),
          [EVENT_ID_HEADER]: d.eventId,
          [EVENT_TYPE_HEADER]: d.eventType,
        },
        body: d.body,
        signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
      });
      await res.arrayBuffer().catch(() => undefined);
      if (res.ok) return store.markDelivered(d.id, new Date(now()).toISOString());
      error = `The receiver answered HTTP ${res.status}.`;
    } catch (err) {
      error = `The receiver could not be reached (${(err as { cause?: { code?: string } }).cause?.code ?? (err as Error).name}).`;
    }
    const attempts = d.attempts + 1;
    store.markFailed(d.id, attempts >= maxAttempts, now() + backoffDelay(attempts, backoff), error);
  }

  async function deliverDue(): Promise<number> {
    // One run at a time: a delivery is never POSTed twice concurrently.
    while (running) await running;
    const run = (async () => {
      let n = 0;
      for (;;) {
        const due = store.due(now(), BATCH);
        for (const d of due) await attempt(d);
        n += due.length;
        if (due.length < BATCH) return n;
      }
    })();
    running = run;
    try {
      return await run;
    } finally {
      running = null;
      const next = store.nextDueAt();
      if (next !== null) schedule(Math.max(0, next - now()));
    }
  }

  function schedule(delayMs: number): void {
    if (!isStarted) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      deliverDue().catch((err: unknown) => options.onError?.(err));
    }, delayMs);
  }

  return {
    register(merchantId, input) {
      const w: Webhook = { id: randomUUID(), merchantId, url: input.url, events: [...new Set(input.events)], secret: input.secret, createdAt: new Date(now()).toISOString() };
      store.insertWebhook(w);
      known.delete(merchantId);
      return w;
    },
    deadLetters: (merchantId) => store.deadLetters(merchantId),
    replay(merchantId, deliveryId) {
      const d = store.delivery(deliveryId);
      if (!d || d.merchantId !== merchantId) return 'not_found';
      if (!store.replay(deliveryId)) return 'not_dead';
      schedule(0);
      return 'replayed';
    },
    deliverDue,
    start() {
      isStarted = true;
      schedule(0);
    },
    async stop() {
      isStarted = false;
      unsubscribe();
      if (timer) clearTimeout(timer);
      timer = null;
      if (running) await running;
    },
  };
}
