// Wires the app's event bus, the DGI upload agent and webhooks into the Fastify app, leaving the seal path untouched.
import type { FastifyInstance } from 'fastify';
import type { DgiSync } from '../dgi-sync/agent';
import { dgiSyncRoutes } from '../routes/dgi-sync';
import type { AppContext } from '../routes/context';
import { webhookRoutes } from '../routes/webhooks';
import type { Webhooks } from './dispatcher';
import type { AppEvents } from './events';

export type EventsOptions = { events?: AppEvents; dgiSync?: DgiSync; webhooks?: Webhooks };

/**
 * A 201 from POST /v1/invoices is a committed seal: the hook reads the answer Fastify is about to send and publishes
 * `invoice.sealed` after it (setImmediate), so neither the seal transaction nor its latency changes. A replayed seal
 * (200) is not a new event.
 */
export function installEvents(app: FastifyInstance, ctx: AppContext, options: EventsOptions): void {
  const { events, dgiSync, webhooks } = options;
  if (events) {
    app.addHook('onSend', async (req, reply, payload) => {
      if (req.method !== 'POST' || req.routeOptions.url !== '/v1/invoices' || reply.statusCode !== 201) return payload;
      const text = typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? payload.toString('utf8') : null;
      const merchantId = req.principal?.merchantId;
      if (text === null || !merchantId) return payload;
      setImmediate(() => {
        // Outside the request now: a surprise here is logged, never thrown into the process.
        try {
          const answer = JSON.parse(text) as { invoice: { client_invoice_id: string; outlet_id: string; security?: { fiscal_number?: number } }; ledger: unknown };
          const inv = answer.invoice;
          events.emit({
            type: 'invoice.sealed', merchantId, outletId: inv.outlet_id,
            data: { outlet_id: inv.outlet_id, client_invoice_id: inv.client_invoice_id, fiscal_number: inv.security?.fiscal_number ?? null, invoice: inv, ledger: answer.ledger },
          });
        } catch (err) {
          app.log.error({ err }, 'invoice.sealed could not be published');
        }
      });
      return payload;
    });
    if (dgiSync) events.on((e) => e.type === 'invoice.sealed' && dgiSync.sealed(e.outletId, e.merchantId));
  }
  if (dgiSync) dgiSyncRoutes(app, ctx, dgiSync);
  if (webhooks) webhookRoutes(app, ctx, webhooks);
}
