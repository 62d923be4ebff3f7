// The cloud signing service as a Fastify app: auth before body parsing, problem+json errors, request ids,
// metrics, and every v1 route of docs/CONTRACT.md built so far.
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { makeAuthenticator, requireRole } from './auth';
import { makeOfflineDeps, type OfflineOptions } from './credentials-options';
import { startSweeper } from './credentials-sweep';
import { createDirectory } from './directory';
import { installErrorHandling } from './http-errors';
import { createMetrics, serviceMetrics } from './metrics';
import { collectRoutes, openApiDocument } from './openapi';
import { apiKeyRoutes } from './routes/api-keys';
import { auditExportRoutes } from './routes/audit-export';
import { credentialRoutes } from './routes/credentials';
import { deliveryRoutes, type DeliveryOptions } from './routes/deliveries';
import type { AppContext } from './routes/context';
import { invoiceRoutes } from './routes/invoices';
import { merchantRoutes } from './routes/merchants';
import { outletRoutes } from './routes/outlets';
import { publicRoutes } from './routes/public';
import { reconciliationRoutes } from './routes/reconciliations';
import { reportRoutes } from './routes/reports';
import { registerSigner } from './signer/registry';
import type { Signer } from './signer/signer';
import type { Store } from './store/store';
import { installEvents, type EventsOptions } from './webhooks/install';

export const API_VERSION = '1.0.0';

export type AppOptions = EventsOptions & {
  store: Store;
  /** The active sealing key; registered in the store (and any previous one retired) on start. */
  signer: Signer;
  /** The admin API key (STALELA_ADMIN_KEY); without one no admin route can be called. */
  adminKey?: string | null;
  clock?: () => Date;
  /** Fastify/pino logger settings; false for silence (tests). */
  logger?: FastifyServerOptions['logger'];
  /** Refuse an issued_at further ahead of the server clock than this (default 5 minutes). */
  maxFutureSkewMs?: number;
  /** Record a clock anomaly when an accepted issued_at is ahead by more than this (default 60 s). */
  aheadAnomalyMs?: number;
  /** Largest accepted body in bytes (default 1 MiB: a 1,000-line draft is ~300 KB). */
  bodyLimit?: number;
  /** Close the store and the signer when the app closes (the CLI owns them; tests usually do not). */
  ownsResources?: boolean;
  /** Invoice PDFs, capability links and delivery by e-mail/WhatsApp (docs/delivery.md); the routes exist only with it. */
  delivery?: DeliveryOptions;
} & OfflineOptions;

const REQUEST_ID_RE = /^[A-Za-z0-9._:-]{1,64}$/;

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const clock = options.clock ?? (() => new Date());
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: options.bodyLimit ?? 1024 * 1024,
    // A receipt capability token (/v1/receipts/{token}) carries ids and a MAC: ~150-250 characters, past the default 100.
    routerOptions: { maxParamLength: 600 },
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    // A caller's X-Request-Id is kept (so logs join across services) when it is a sane token; else ours.
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID_RE.test(given) ? given : randomUUID();
    },
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, useDefaults: false, allErrors: true } },
  });
  await registerSigner(options.store, options.signer, 'seal', clock());

  const registry = createMetrics();
  const metrics = serviceMetrics(registry);
  const ctx: AppContext = {
    store: options.store,
    signer: options.signer,
    authenticate: makeAuthenticator(options.store, options.adminKey),
    registry,
    metrics,
    clock,
    seal: {
      store: options.store,
      directory: createDirectory(options.store),
      signer: options.signer,
      clock,
      metrics,
      maxFutureSkewMs: options.maxFutureSkewMs ?? 5 * 60_000,
      aheadAnomalyMs: options.aheadAnomalyMs ?? 60_000,
    },
  };

  app.decorateRequest('principal', null);
  installErrorHandling(app);
  // Auth runs before the body is read: an unauthenticated caller never gets its body parsed.
  app.addHook('onRequest', async (req) => {
    const roles = req.routeOptions.config.roles;
    if (!roles) return;
    const principal = await ctx.authenticate(req.headers.authorization);
    requireRole(principal, roles);
    req.principal = principal;
  });
  // Once closing, every answer ends its connection: keep-alive clients reconnect elsewhere instead of holding
  // the server open until their idle timeout.
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', async (req, reply) => {
    reply.header('x-request-id', req.id);
    if (closing) reply.header('connection', 'close');
  });
  app.addHook('onResponse', async (req, reply) => {
    const route = req.routeOptions.url ?? 'unmatched';
    metrics.requests.inc({ method: req.method, route, status: String(reply.statusCode) });
    metrics.requestSeconds.observe(reply.elapsedTime / 1000, { route });
  });
  if (options.ownsResources) {
    // Runs after the HTTP server stopped and in-flight requests (seals included) were answered.
    app.addHook('onClose', async () => {
      await options.store.close();
      await options.signer.close();
    });
  }

  const routes = collectRoutes(app);
  merchantRoutes(app, ctx);
  outletRoutes(app, ctx);
  apiKeyRoutes(app, ctx);
  invoiceRoutes(app, ctx);
  publicRoutes(app, ctx);
  // The event bus (invoice.sealed…), GET /v1/outlets/{id}/dgi-sync and /v1/webhooks, when the caller provides them.
  installEvents(app, ctx, options);
  // Part 2: delegated credentials, reconciliation (voids, mirrors), reports and the audit export.
  const offline = await makeOfflineDeps(ctx.seal, options);
  credentialRoutes(app, ctx, offline);
  reconciliationRoutes(app, ctx, offline);
  reportRoutes(app, ctx, offline);
  auditExportRoutes(app, ctx, offline);
  if (options.delivery !== undefined) deliveryRoutes(app, ctx, options.delivery);
  const sweepEvery = options.sweepIntervalMs ?? 60_000;
  const sweeper = sweepEvery > 0 ? startSweeper(offline, sweepEvery, (err) => app.log.error({ err }, 'credential sweep failed')) : null;
  app.addHook('preClose', async () => sweeper?.stop());
  // Webhooks and dgi-sync register here.
  let document: string | undefined;
  app.get('/v1/openapi.json', {
    schema: { summary: 'This API as OpenAPI 3.1', tags: ['operations'] },
    config: { responses: { '200': 'This document' } },
  }, async (_req, reply) => {
    document ??= JSON.stringify(openApiDocument(routes, API_VERSION));
    return reply.type('application/json; charset=utf-8').send(document);
  });
  await app.ready();
  return app;
}
