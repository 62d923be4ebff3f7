// POST /v1/merchants (admin) and POST /v1/merchants/{id}/outlets (admin, owner of the merchant).
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { GENESIS_HASH } from '../../fiscal/chain';
import { requireScope } from '../auth';
import { conflict, notFound } from '../problem';
import { createMerchantBody, createOutletBody, idParams } from '../schemas';
import { isConflict } from '../store/errors';
import type { Merchant, Outlet } from '../store/records';
import { principalOf, type AppContext } from './context';

type MerchantBody = { nif: string; rccm?: string; name: string; address?: string; city?: string; phone?: string; email?: string };
type OutletBody = { name: string; address?: string; isf?: string };

export const merchantToWire = (m: Merchant) => ({
  id: m.id, nif: m.nif, rccm: m.rccm, name: m.name, address: m.address, city: m.city, phone: m.phone, email: m.email, created_at: m.createdAt,
});

export const outletToWire = (o: Outlet) => ({
  id: o.id, merchant_id: o.merchantId, authority_id: o.authorityId, name: o.name, address: o.address, isf: o.isf, created_at: o.createdAt,
});

/** The outlet's signing-unit id in the DGI NIM form SERIAL-ACTIVATIONCOUNT: "SC" and 8 digits, activation 1. */
export function authorityIdFor(serial: number): string {
  return `SC${String(serial).padStart(8, '0')}-1`;
}

export function merchantRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.post<{ Body: MerchantBody }>('/v1/merchants', {
    schema: { summary: 'Create a merchant (taxpayer)', tags: ['merchants'], body: createMerchantBody },
    config: { roles: ['admin'], responses: { '201': 'The merchant', '409': 'A merchant with this NIF exists' } },
  }, async (req, reply) => {
    const b = req.body;
    const merchant: Merchant = {
      id: randomUUID(), nif: b.nif, rccm: b.rccm ?? null, name: b.name, address: b.address ?? null, city: b.city ?? null,
      phone: b.phone ?? null, email: b.email ?? null, createdAt: ctx.clock().toISOString(),
    };
    try {
      await ctx.store.transact('admin', (tx) => tx.insertMerchant(merchant));
    } catch (err) {
      if (isConflict(err, 'merchants')) throw conflict(`A merchant with NIF ${b.nif} already exists.`);
      throw err;
    }
    return reply.code(201).send(merchantToWire(merchant));
  });

  app.post<{ Params: { id: string }; Body: OutletBody }>('/v1/merchants/:id/outlets', {
    schema: { summary: 'Create an outlet of a merchant', tags: ['merchants'], params: idParams('id'), body: createOutletBody },
    config: { roles: ['admin', 'owner'], responses: { '201': 'The outlet with its authority_id', '404': 'No such merchant for this key' } },
  }, async (req, reply) => {
    const principal = principalOf(req);
    requireScope(principal, req.params.id);
    const merchant = await ctx.store.getMerchant(req.params.id);
    if (!merchant) throw notFound(`No merchant ${req.params.id}.`);
    const id = randomUUID();
    const createdAt = ctx.clock().toISOString();
    const outlet = await ctx.store.transact('admin', async (tx) => {
      const serial = await tx.nextSequence('authority');
      const o: Outlet = {
        id, merchantId: merchant.id, serial, authorityId: authorityIdFor(serial), name: req.body.name,
        address: req.body.address ?? null, isf: req.body.isf ?? null, createdAt,
      };
      await tx.insertOutlet(o, { outletId: id, nextFiscalNumber: 1, nextLedgerSeq: 1, lastHash: GENESIS_HASH, lastTimestamp: null });
      return o;
    });
    return reply.code(201).send(outletToWire(outlet));
  });
}
