// GET /v1/outlets/{id}/dgi-sync (owner, auditor): the outlet's DGI upload counts, last success and light.
import type { FastifyInstance } from 'fastify';
import { requireScope } from '../auth';
import type { DgiSync } from '../dgi-sync/agent';
import { notFound } from '../problem';
import { idParams } from '../schemas';
import { principalOf, type AppContext } from './context';

export function dgiSyncRoutes(app: FastifyInstance, ctx: AppContext, dgiSync: DgiSync): void {
  app.get<{ Params: { id: string } }>('/v1/outlets/:id/dgi-sync', {
    schema: { summary: "An outlet's DGI upload status", tags: ['dgi-sync'], params: idParams('id') },
    config: { roles: ['owner', 'auditor'], responses: { '200': '{outlet_id, counts, last_success_at, oldest_not_uploaded_at, last_error, status, reason}', '404': 'No such outlet for this key' } },
  }, async (req) => {
    const outlet = await ctx.store.getOutlet(req.params.id);
    if (!outlet) throw notFound(`No outlet ${req.params.id}.`);
    requireScope(principalOf(req), outlet.merchantId, outlet.id);
    return dgiSync.status(outlet.id);
  });
}
