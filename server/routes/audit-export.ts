// GET /v1/outlets/{id}/audit-export (owner, auditor): the document `npm run verify` checks offline.
import type { FastifyInstance } from 'fastify';
import { requireScope } from '../auth';
import type { OfflineDeps } from '../credentials-options';
import { auditExportText } from '../export';
import { notFound } from '../problem';
import { idParams } from '../schemas';
import type { Merchant, Outlet } from '../store/records';
import type { Principal } from '../auth';
import { principalOf, type AppContext } from './context';

/** The outlet named in the path, if the key may read it (another merchant's answers 404). */
export async function readableOutlet(deps: OfflineDeps, principal: Principal, outletId: string): Promise<{ outlet: Outlet; merchant: Merchant }> {
  const outlet = await deps.directory.outlet(outletId);
  if (!outlet) throw notFound(`No outlet ${outletId}.`);
  requireScope(principal, outlet.merchantId, outlet.id);
  const merchant = await deps.directory.merchant(outlet.merchantId);
  if (!merchant) throw notFound(`No outlet ${outletId}.`);
  return { outlet, merchant };
}

export function auditExportRoutes(app: FastifyInstance, _ctx: AppContext, deps: OfflineDeps): void {
  app.get<{ Params: { id: string } }>('/v1/outlets/:id/audit-export', {
    schema: { summary: "An outlet's audit export (docs/audit-export.md)", tags: ['ledger'], params: idParams('id') },
    config: {
      roles: ['owner', 'auditor'],
      responses: { '200': '{format, version, exported_at, merchant, outlet, keys, credentials, ledger}: what `npm run verify` checks', '404': 'No such outlet for this key' },
    },
  }, async (req, reply) => {
    const { outlet, merchant } = await readableOutlet(deps, principalOf(req), req.params.id);
    const text = await auditExportText(deps, outlet, merchant);
    return reply
      .type('application/json; charset=utf-8')
      .header('content-disposition', `attachment; filename="audit-export-${outlet.id}.json"`)
      .send(text);
  });
}
