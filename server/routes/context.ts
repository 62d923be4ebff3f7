// What every route module receives, and the per-route settings (roles, documented answers) Fastify carries for us.
import type { FastifyRequest } from 'fastify';
import type { Authenticator, Principal, Role } from '../auth';
import type { Metrics, ServiceMetrics } from '../metrics';
import type { SealDeps } from '../seal';
import type { Signer } from '../signer/signer';
import type { Store } from '../store/store';

export type AppContext = {
  store: Store;
  signer: Signer;
  authenticate: Authenticator;
  registry: Metrics;
  metrics: ServiceMetrics;
  seal: SealDeps;
  clock: () => Date;
};

/** Documented answers of a route, for the OpenAPI document: status → description. */
export type ResponseDocs = Record<string, string>;

// Declaration merging is the one place an interface is needed: Fastify's types are extended this way.
declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
  interface FastifySchema {
    summary?: string;
    description?: string;
    tags?: readonly string[];
  }
  interface FastifyContextConfig {
    /** Who may call the route; absent means anyone, without a key. */
    roles?: readonly Role[];
    responses?: ResponseDocs;
  }
}

export function principalOf(req: FastifyRequest): Principal {
  if (!req.principal) throw new Error('route declared roles but no principal was resolved');
  return req.principal;
}
