// Webhook subscriptions and their deliveries (pending, delivered, dead letters), on the side db.
import type { SideDb } from '../dgi-sync/side-db';
import type { WebhookEventType } from './events';

export type Webhook = { id: string; merchantId: string; url: string; events: WebhookEventType[]; secret: string; createdAt: string };

export type DeliveryStatus = 'pending' | 'delivered' | 'dead';
export type Delivery = {
  id: string; webhookId: string; merchantId: string; eventId: string; eventType: WebhookEventType; body: string;
  status: DeliveryStatus; attempts: number; nextAttemptAt: number; lastError: string | null; createdAt: string; deliveredAt: string | null;
};

type RawHook = { id: string; merchant_id: string; url: string; events: string; secret: string; created_at: string };
type RawDelivery = {
  id: string; webhook_id: string; merchant_id: string; event_id: string; event_type: WebhookEventType; body: string; status: DeliveryStatus;
  attempts: number; next_attempt_at: number; last_error: string | null; created_at: string; delivered_at: string | null;
};

const hook = (r: RawHook): Webhook => ({ id: r.id, merchantId: r.merchant_id, url: r.url, events: JSON.parse(r.events) as WebhookEventType[], secret: r.secret, createdAt: r.created_at });
const delivery = (r: RawDelivery): Delivery => ({
  id: r.id, webhookId: r.webhook_id, merchantId: r.merchant_id, eventId: r.event_id, eventType: r.event_type, body: r.body, status: r.status,
  attempts: r.attempts, nextAttemptAt: r.next_attempt_at, lastError: r.last_error, createdAt: r.created_at, deliveredAt: r.delivered_at,
});

export function createWebhookStore(db: SideDb) {
  const q = {
    insertHook: db.prepare('INSERT INTO webhooks (id, merchant_id, url, events, secret, created_at) VALUES (?, ?, ?, ?, ?, ?)'),
    hooksOf: db.prepare('SELECT * FROM webhooks WHERE merchant_id = ? ORDER BY created_at, id'),
    hook: db.prepare('SELECT * FROM webhooks WHERE id = ?'),
    insertDelivery: db.prepare(`INSERT INTO webhook_deliveries (id, webhook_id, merchant_id, event_id, event_type, body, status, created_at)
      VALUES (?, ?, ?, ?, ?, ?, 'pending', ?) ON CONFLICT DO NOTHING`),
    due: db.prepare(`SELECT * FROM webhook_deliveries WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY created_at, id LIMIT ?`),
    nextDue: db.prepare(`SELECT min(next_attempt_at) AS at FROM webhook_deliveries WHERE status = 'pending'`),
    delivered: db.prepare(`UPDATE webhook_deliveries SET status = 'delivered', attempts = attempts + 1, delivered_at = ?, last_error = NULL WHERE id = ?`),
    failed: db.prepare(`UPDATE webhook_deliveries SET status = ?, attempts = attempts + 1, next_attempt_at = ?, last_error = ? WHERE id = ?`),
    dead: db.prepare(`SELECT * FROM webhook_deliveries WHERE merchant_id = ? AND status = 'dead' ORDER BY created_at, id`),
    get: db.prepare('SELECT * FROM webhook_deliveries WHERE id = ?'),
    replay: db.prepare(`UPDATE webhook_deliveries SET status = 'pending', attempts = 0, next_attempt_at = 0 WHERE id = ? AND status = 'dead'`),
  };
  return {
    insertWebhook: (w: Webhook): void => void q.insertHook.run(w.id, w.merchantId, w.url, JSON.stringify(w.events), w.secret, w.createdAt),
    webhooksOf: (merchantId: string): Webhook[] => (q.hooksOf.all(merchantId) as RawHook[]).map(hook),
    webhook: (id: string): Webhook | undefined => {
      const r = q.hook.get(id) as RawHook | undefined;
      return r ? hook(r) : undefined;
    },
    /** One event's deliveries, one per subscribed webhook, in one durable commit. */
    insertDeliveries: db.transaction((ds: ReadonlyArray<Pick<Delivery, 'id' | 'webhookId' | 'merchantId' | 'eventId' | 'eventType' | 'body' | 'createdAt'>>): void => {
      for (const d of ds) q.insertDelivery.run(d.id, d.webhookId, d.merchantId, d.eventId, d.eventType, d.body, d.createdAt);
    }),
    due: (nowMs: number, limit: number): Delivery[] => (q.due.all(nowMs, limit) as RawDelivery[]).map(delivery),
    nextDueAt: (): number | null => (q.nextDue.get() as { at: number | null }).at,
    markDelivered: (id: string, at: string): void => void q.delivered.run(at, id),
    /** Another failed attempt: back to pending with a retry time, or `dead` when the attempts are spent. */
    markFailed: (id: string, isDead: boolean, nextAttemptAt: number, reason: string): void =>
      void q.failed.run(isDead ? 'dead' : 'pending', nextAttemptAt, reason, id),
    deadLetters: (merchantId: string): Delivery[] => (q.dead.all(merchantId) as RawDelivery[]).map(delivery),
    delivery: (id: string): Delivery | undefined => {
      const r = q.get.get(id) as RawDelivery | undefined;
      return r ? delivery(r) : undefined;
    },
    /** A dead letter goes back to the queue with a fresh count of attempts; false when it is not a dead letter. */
    replay: (id: string): boolean => q.replay.run(id).changes === 1,
  };
}

export type WebhookStore = ReturnType<typeof createWebhookStore>;
