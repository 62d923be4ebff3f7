// POST /v1/reconciliations (terminal): invoices sealed offline (delegated) or by a paired MCF (device), answered one by one.
import type { FastifyInstance } from 'fastify';
import type { OfflineDeps } from '../credentials-options';
import { reconcileUpload } from '../reconcile';
import type { ReconcileRequest } from '../reconcile-types';
import { principalOf, type AppContext } from './context';

const hash = { type: 'string', pattern: '^[0-9a-f]{64}$' } as const;
const id = { type: 'string', minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_.:-]+$' } as const;

/** Invoices are checked one by one by the fiscal kernel (a bad one is rejected alone); this schema bounds the request. */
export const reconciliationBody = {
  type: 'object',
  additionalProperties: false,
  required: ['invoices'],
  properties: {
    credential_id: { ...id, description: 'The credential the delegated invoices were sealed under.' },
    pos_terminal_id: id,
    invoices: { type: 'array', minItems: 1, maxItems: 500, items: { type: 'object' }, description: 'Sealed invoices (CONTRACT.md), mode delegated or device.' },
    local_chain: {
      type: 'array',
      maxItems: 1000,
      description: "The till's chain links of these invoices (main/core/outbox.ts local_chain); required for delegated invoices.",
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['seq', 'client_invoice_id', 'prev_hash', 'hash'],
        properties: { seq: { type: 'integer', minimum: 1, maximum: 9007199254740991 }, client_invoice_id: id, prev_hash: hash, hash },
      },
    },
    device_rates: {
      type: 'object',
      maxProperties: 16,
      description: 'Per device NIM, the group rates its MCF reported (C1h) where they differ from the table of the day, e.g. {"XX01710090-1": {"C": "8.00"}}.',
      propertyNames: { pattern: '^[A-Z0-9]+-[0-9]+$', maxLength: 64 },
      additionalProperties: {
        type: 'object',
        propertyNames: { pattern: '^[A-P]$' },
        additionalProperties: { type: 'string', pattern: '^\\d{1,3}\\.\\d{2}$' },
      },
    },
    close: { type: 'boolean', description: 'true: close the credential after these invoices; false: keep an expired one open for more uploads.' },
  },
} as const;

export function reconciliationRoutes(app: FastifyInstance, _ctx: AppContext, deps: OfflineDeps): void {
  app.post<{ Body: ReconcileRequest }>('/v1/reconciliations', {
    schema: { summary: 'Reconcile invoices sealed offline or by a paired MCF', tags: ['reconciliations'], body: reconciliationBody },
    config: {
      roles: ['terminal'],
      responses: {
        '200': '{results: [{index, client_invoice_id, status accepted|duplicate|rejected, reason, code?, fiscal_number?, nim?, tc?, ledger?}], accepted, duplicates, rejected, credentials: [{credential_id, status, reconciled_through, closed_at, voided}]}',
        '404': 'The credential_id named is not one of this key',
      },
    },
  }, async (req) => reconcileUpload(deps, principalOf(req), req.body));
}
