// GET /v1/outlets/{id}/ledger (owner, auditor): an outlet's hash-chained ledger, in order, a page at a time.
import type { FastifyInstance } from 'fastify';
import { requireScope } from '../auth';
import { toWireLedgerEntry } from '../ledger';
import { notFound } from '../problem';
import { idParams, ledgerQuery } from '../schemas';
import { principalOf, type AppContext } from './context';

export const MAX_LEDGER_PAGE = 1000;

export function outletRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get<{ Params: { id: string }; Querystring: { after_seq?: string; limit?: string } }>('/v1/outlets/:id/ledger', {
    schema: { summary: "An outlet's ledger entries", tags: ['ledger'], params: idParams('id'), querystring: ledgerQuery },
    config: { roles: ['owner', 'auditor'], responses: { '200': '{outlet_id, authority_id, entries, next_after_seq}', '404': 'No such outlet for this key' } },
  }, async (req) => {
    const principal = principalOf(req);
    const outlet = await ctx.store.getOutlet(req.params.id);
    if (!outlet) throw notFound(`No outlet ${req.params.id}.`);
    requireScope(principal, outlet.merchantId, outlet.id);
    const after = Number(req.query.after_seq ?? '0');
    const limit = Math.min(Math.max(Number(req.query.limit ?? '100'), 1), MAX_LEDGER_PAGE);
    const rows = await ctx.store.listLedger(outlet.id, after, limit);
    const entries = rows.map(toWireLedgerEntry);
    return {
      outlet_id: outlet.id,
      authority_id: outlet.authorityId,
      entries,
      next_after_seq: rows.length === limit ? (rows[rows.length - 1]?.seq ?? null) : null,
    };
  });
}
