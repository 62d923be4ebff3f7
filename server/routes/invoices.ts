// POST /v1/invoices (terminal, cashier) seals a draft; GET /v1/invoices/{client_invoice_id} answers the same shape.
import type { FastifyInstance } from 'fastify';
import { loadSealAnswer } from '../invoice-answer';
import { sealDraft } from '../seal';
import { notFound } from '../problem';
import { idempotencyHeader, idParams, invoiceDraftBody } from '../schemas';
import { principalOf, type AppContext } from './context';

const JSON_TYPE = 'application/json; charset=utf-8';

export function invoiceRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.post('/v1/invoices', {
    schema: { summary: 'Seal an invoice draft', tags: ['invoices'], headers: idempotencyHeader, body: invoiceDraftBody },
    config: {
      roles: ['terminal', 'cashier'],
      responses: {
        '201': 'Sealed: {invoice, ledger: {seq, prev_hash, hash}}',
        '200': 'The same key and body again: the same result',
        '400': 'No or malformed Idempotency-Key',
        '403': "The draft names another outlet than the key's",
        '409': 'The key was used with another body, or the invoice was sealed under another key',
        '422': 'Invalid draft, or figures that differ from the server computation; errors name the paths',
      },
    },
  }, async (req, reply) => {
    ctx.metrics.inflight.inc();
    try {
      const answer = await sealDraft(ctx.seal, principalOf(req), req.headers['idempotency-key'], req.body);
      return reply.code(answer.status).type(JSON_TYPE).send(answer.body);
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      ctx.metrics.refused.inc({ reason: typeof code === 'string' ? code : 'error' });
      throw err;
    } finally {
      ctx.metrics.inflight.dec();
    }
  });

  app.get<{ Params: { client_invoice_id: string } }>('/v1/invoices/:client_invoice_id', {
    schema: { summary: 'A sealed invoice by its client id', tags: ['invoices'], params: idParams('client_invoice_id') },
    config: {
      roles: ['owner', 'cashier', 'technician', 'auditor', 'terminal'],
      responses: { '200': 'The sealed invoice: {invoice, ledger}', '404': 'None was sealed under this id (for this key)' },
    },
  }, async (req, reply) => {
    const principal = principalOf(req);
    const id = req.params.client_invoice_id;
    // An outlet-bound key reads its own outlet's invoices only.
    const answer = await loadSealAnswer(ctx.store, principal.merchantId as string, id, principal.outletId);
    if (answer === undefined) throw notFound(`No invoice ${id} was sealed.`);
    return reply.type(JSON_TYPE).send(answer);
  });
}
