// GET /v1/outlets/{id}/reports/x, POST …/reports/z, GET …/reports/a?from=&to= (owner, auditor): the kernel's X, Z and A.
import type { FastifyInstance } from 'fastify';
import type { ArticleOrder } from '../../fiscal/reports';
import type { OfflineDeps } from '../credentials-options';
import { closeZ, outletAReport, outletXReport } from '../reports';
import { idParams } from '../schemas';
import { readableOutlet } from './audit-export';
import { principalOf, type AppContext } from './context';

const ROLES = ['owner', 'auditor'] as const;
const when = { type: 'string', minLength: 10, maxLength: 40, description: 'A Kinshasa day (YYYY-MM-DD, the whole day) or an ISO 8601 instant with offset.' } as const;

export const zBody = {
  type: 'object',
  additionalProperties: false,
  properties: { closed_by: { type: 'string', minLength: 1, maxLength: 64, pattern: '^[^\\u0000-\\u001f\\u007f]*$', description: 'Who closes the day (printed on the Z).' } },
} as const;

export const aQuery = {
  type: 'object',
  required: ['from', 'to'],
  properties: { from: when, to: { ...when, description: 'End of the range: a day (included) or an instant (excluded).' }, order: { type: 'string', enum: ['amount', 'code'] } },
} as const;

export function reportRoutes(app: FastifyInstance, _ctx: AppContext, deps: OfflineDeps): void {
  app.get<{ Params: { id: string } }>('/v1/outlets/:id/reports/x', {
    schema: { summary: 'Rapport X: running totals since the last Z', tags: ['reports'], params: idParams('id') },
    config: { roles: ROLES, responses: { '200': 'The X report (fiscal/reports.ts XReport)', '404': 'No such outlet for this key' } },
  }, async (req) => {
    const { outlet } = await readableOutlet(deps, principalOf(req), req.params.id);
    return outletXReport(deps, outlet);
  });

  app.post<{ Params: { id: string }; Body: { closed_by?: string } | undefined }>('/v1/outlets/:id/reports/z', {
    schema: { summary: 'Clôture Z: close the period, sealed and chained', tags: ['reports'], params: idParams('id'), body: zBody },
    // The body is optional: a Z asked for without one is closed by nobody in particular.
    preValidation: async (req) => {
      if (req.body === undefined || req.body === null) req.body = {};
    },
    config: {
      roles: ROLES,
      responses: { '201': '{report: ZReport, seal: {kid, authority_id, timestamp, signature, code}, ledger: {seq, prev_hash, hash}}', '404': 'No such outlet for this key' },
    },
  }, async (req, reply) => {
    const { outlet } = await readableOutlet(deps, principalOf(req), req.params.id);
    return reply.code(201).send(await closeZ(deps, outlet, req.body?.closed_by));
  });

  app.get<{ Params: { id: string }; Querystring: { from: string; to: string; order?: ArticleOrder } }>('/v1/outlets/:id/reports/a', {
    schema: { summary: 'Rapport A: sales per article over a range', tags: ['reports'], params: idParams('id'), querystring: aQuery },
    config: { roles: ROLES, responses: { '200': 'The A report (fiscal/reports.ts ArticleReport)', '400': 'from/to missing or not a day or an instant', '404': 'No such outlet for this key' } },
  }, async (req) => {
    const { outlet } = await readableOutlet(deps, principalOf(req), req.params.id);
    const { from, to, order } = req.query;
    return outletAReport(deps, outlet, { from, to, ...(order === undefined ? {} : { order }) });
  });
}
