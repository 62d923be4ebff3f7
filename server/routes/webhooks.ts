// POST /v1/webhooks, GET /v1/webhooks/dead-letters, POST /v1/webhooks/dead-letters/{id}/replay (owner): subscriptions
// and the deliveries that ran out of attempts.
import type { FastifyInstance } from 'fastify';
import { conflict, forbidden, invalid, notFound } from '../problem';
import { idParams } from '../schemas';
import type { Webhooks } from '../webhooks/dispatcher';
import { WEBHOOK_EVENTS, type WebhookEventType } from '../webhooks/events';
import type { Delivery } from '../webhooks/webhook-store';
import { principalOf, type AppContext } from './context';

type WebhookBody = { url: string; events: WebhookEventType[]; secret: string };

const createWebhookBody = {
  type: 'object',
  additionalProperties: false,
  required: ['url', 'events', 'secret'],
  properties: {
    url: { type: 'string', minLength: 8, maxLength: 2048 },
    events: { type: 'array', minItems: 1, maxItems: WEBHOOK_EVENTS.length, items: { type: 'string', enum: [...WEBHOOK_EVENTS] } },
    // The receiver's shared HMAC key: long enough that it cannot be guessed.
    secret: { type: 'string', minLength: 16, maxLength: 256 },
  },
} as const;

const wireDelivery = (d: Delivery) => ({
  id: d.id, webhook_id: d.webhookId, event_id: d.eventId, event_type: d.eventType, status: d.status, attempts: d.attempts,
  last_error: d.lastError, created_at: d.createdAt, event: JSON.parse(d.body) as unknown,
});

function merchantOf(req: Parameters<typeof principalOf>[0]): string {
  const p = principalOf(req);
  if (!p.merchantId) throw forbidden('Webhooks belong to a merchant; use an owner key.');
  return p.merchantId;
}

export function webhookRoutes(app: FastifyInstance, _ctx: AppContext, webhooks: Webhooks): void {
  app.post<{ Body: WebhookBody }>('/v1/webhooks', {
    schema: { summary: 'Subscribe a URL to events', tags: ['webhooks'], body: createWebhookBody },
    config: { roles: ['owner'], responses: { '201': '{id, url, events, created_at} (the secret is not echoed)', '422': 'Not an http(s) URL' } },
  }, async (req, reply) => {
    const merchantId = merchantOf(req);
    let url: URL;
    try {
      url = new URL(req.body.url);
    } catch {
      throw invalid('The url is not a URL.', [{ path: 'url', code: 'bad_url', message: `"${req.body.url}" cannot be parsed as a URL.` }]);
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      throw invalid('Deliveries go over HTTP(S).', [{ path: 'url', code: 'bad_url', message: 'The url must start with https:// or http://.' }]);
    }
    const w = webhooks.register(merchantId, { url: url.toString(), events: req.body.events, secret: req.body.secret });
    return reply.code(201).send({ id: w.id, url: w.url, events: w.events, created_at: w.createdAt });
  });

  app.get('/v1/webhooks/dead-letters', {
    schema: { summary: 'Deliveries that ran out of attempts', tags: ['webhooks'] },
    config: { roles: ['owner'], responses: { '200': '{dead_letters: [...]}' } },
  }, async (req) => ({ dead_letters: webhooks.deadLetters(merchantOf(req)).map(wireDelivery) }));

  app.post<{ Params: { id: string } }>('/v1/webhooks/dead-letters/:id/replay', {
    schema: { summary: 'Deliver a dead letter again', tags: ['webhooks'], params: idParams('id') },
    config: { roles: ['owner'], responses: { '202': 'Queued for delivery', '404': 'No such dead letter for this key', '409': 'Not a dead letter' } },
  }, async (req, reply) => {
    const outcome = webhooks.replay(merchantOf(req), req.params.id);
    if (outcome === 'not_found') throw notFound(`No delivery ${req.params.id}.`);
    if (outcome === 'not_dead') throw conflict(`Delivery ${req.params.id} is not a dead letter.`);
    return reply.code(202).send({ id: req.params.id, status: 'pending' });
  });
}
