// POST /v1/api-keys (admin, owner): a key bound to a merchant and, for tills, an outlet; the secret is shown once.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { generateApiKey, hashApiKey, OUTLET_BOUND_ROLES, requireScope } from '../auth';
import { invalid, notFound } from '../problem';
import { createApiKeyBody } from '../schemas';
import type { ApiKeyRecord, KeyRole } from '../store/records';
import { principalOf, type AppContext } from './context';

type ApiKeyBody = { merchant_id: string; outlet_id?: string | null; role: KeyRole; label?: string };

export function apiKeyRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.post<{ Body: ApiKeyBody }>('/v1/api-keys', {
    schema: { summary: 'Create an API key', tags: ['api-keys'], body: createApiKeyBody },
    config: { roles: ['admin', 'owner'], responses: { '201': 'The key; `key` is shown only in this answer', '404': 'No such merchant or outlet for this key' } },
  }, async (req, reply) => {
    const principal = principalOf(req);
    const b = req.body;
    const outletId = b.outlet_id ?? null;
    requireScope(principal, b.merchant_id, outletId ?? undefined);
    const merchant = await ctx.store.getMerchant(b.merchant_id);
    if (!merchant) throw notFound(`No merchant ${b.merchant_id}.`);
    if (outletId !== null) {
      const outlet = await ctx.store.getOutlet(outletId);
      if (!outlet || outlet.merchantId !== merchant.id) {
        throw invalid('The outlet is not one of this merchant.', [{ path: 'outlet_id', code: 'unknown_outlet', message: `Merchant ${merchant.id} has no outlet ${outletId}.` }]);
      }
    } else if (OUTLET_BOUND_ROLES.includes(b.role)) {
      throw invalid(`A ${b.role} key seals for one outlet.`, [{ path: 'outlet_id', code: 'required', message: `A ${b.role} key needs an outlet_id.` }]);
    }
    const key = generateApiKey();
    const record: ApiKeyRecord = {
      id: randomUUID(), keyHash: hashApiKey(key), role: b.role, merchantId: merchant.id, outletId, label: b.label ?? null,
      createdAt: ctx.clock().toISOString(),
    };
    await ctx.store.transact('admin', (tx) => tx.insertApiKey(record));
    return reply.code(201).send({
      id: record.id, key, role: record.role, merchant_id: record.merchantId, outlet_id: record.outletId, label: record.label, created_at: record.createdAt,
    });
  });
}
