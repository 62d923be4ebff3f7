// POST /v1/credentials (terminal): a delegated credential over a block of the outlet's numbers;
// POST /v1/credentials/{id}/return (terminal): end it early, its unused numbers voided with a record.
import type { FastifyInstance } from 'fastify';
import type { OfflineDeps } from '../credentials-options';
import { issueCredential, returnCredential, type CredentialRequest } from '../credentials';
import { idempotencyHeader, idParams } from '../schemas';
import { principalOf, type AppContext } from './context';

const terminalId = { type: 'string', minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_.:-]+$', description: "The till's pos_terminal_id; its invoices must carry it." } as const;

export const credentialBody = {
  type: 'object',
  additionalProperties: false,
  required: ['pos_terminal_id', 'public_key', 'block_size', 'ttl_seconds'],
  properties: {
    pos_terminal_id: terminalId,
    public_key: { type: 'object', maxProperties: 16, description: "The till's ES256 public key as a JWK (kty EC, crv P-256, x, y)." },
    block_size: { type: 'integer', minimum: 1, maximum: 100_000, description: 'How many numbers to reserve (the service limit is lower; 422 names it).' },
    ttl_seconds: { type: 'integer', minimum: 1, maximum: 31_536_000, description: 'How long the credential lives (the service limits apply; 422 names them).' },
  },
} as const;

export function credentialRoutes(app: FastifyInstance, _ctx: AppContext, deps: OfflineDeps): void {
  app.post<{ Body: CredentialRequest }>('/v1/credentials', {
    schema: { summary: 'Issue a delegated credential for offline sealing', tags: ['credentials'], headers: idempotencyHeader, body: credentialBody },
    config: {
      roles: ['terminal'],
      responses: {
        '201': '{credential_id, credential (compact JWS), block {first, last}, issued_at, expires_at, authority_id, pos_terminal_id, issuer_kid, till_kid}',
        '409': 'The terminal already holds as many open credentials as allowed, or the optional Idempotency-Key was used for another request (a retry with the same key answers the same credential)',
        '422': 'block_size or ttl_seconds outside the limits, or an unusable public_key; errors name the field',
      },
    },
  }, async (req, reply) => reply.code(201).send(await issueCredential(deps, principalOf(req), req.body, req.headers['idempotency-key'])));

  app.post<{ Params: { id: string } }>('/v1/credentials/:id/return', {
    schema: { summary: 'Return a credential early; its unused numbers are voided', tags: ['credentials'], params: idParams('id') },
    config: {
      roles: ['terminal'],
      responses: {
        '200': '{credential_id, status, closed_at, already_closed, voided: [{first, last | fiscal_numbers, reason, ledger}]}',
        '404': 'No such credential for this key',
      },
    },
  }, async (req) => returnCredential(deps, principalOf(req), req.params.id));
}
