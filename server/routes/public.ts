// Routes anyone may call without a key: GET /v1/keys (JWKS), /healthz, /metrics.
import type { FastifyInstance } from 'fastify';
import { publishedKeys } from '../signer/registry';
import type { AppContext } from './context';

export function publicRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/v1/keys', {
    schema: { summary: 'Every signing and issuer key, retired ones too (JWKS)', tags: ['keys'] },
    config: { responses: { '200': 'A JWK Set; kid is the RFC 7638 thumbprint' } },
  }, async (_req, reply) => reply.type('application/jwk-set+json').send(JSON.stringify(await publishedKeys(ctx.store))));

  app.get('/healthz', {
    schema: { summary: 'Liveness', tags: ['operations'] },
    config: { responses: { '200': '{status: "ok"}' } },
  }, async () => ({ status: 'ok', store: ctx.store.dialect, kid: ctx.signer.kid }));

  app.get('/metrics', {
    schema: { summary: 'Prometheus metrics', tags: ['operations'] },
    config: { responses: { '200': 'Prometheus text format 0.0.4' } },
  }, async (_req, reply) => {
    const stats = ctx.store.commitStats();
    ctx.metrics.commits.set(stats.batches);
    ctx.metrics.committedJobs.set(stats.jobs);
    return reply.type('text/plain; version=0.0.4; charset=utf-8').send(ctx.registry.render());
  });
}
