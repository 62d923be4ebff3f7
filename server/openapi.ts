// Builds the OpenAPI 3.1 document from the routes as registered: the same JSON schemas Fastify validates with.
import type { FastifyInstance, RouteOptions } from 'fastify';
import type { ResponseDocs } from './routes/context';
import { problemSchema } from './schemas';

type Schema = Record<string, unknown>;
type Collected = { method: string; url: string; schema: Schema; roles: readonly string[] | undefined; responses: ResponseDocs };

/** Records every route as it is registered; call before registering them. */
export function collectRoutes(app: FastifyInstance): Collected[] {
  const routes: Collected[] = [];
  app.addHook('onRoute', (route: RouteOptions) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      if (method === 'HEAD') continue;
      routes.push({
        method: method.toLowerCase(),
        url: route.url,
        schema: (route.schema ?? {}) as Schema,
        roles: route.config?.roles,
        responses: route.config?.responses ?? {},
      });
    }
  });
  return routes;
}

function parameters(schema: Schema | undefined, where: 'path' | 'query' | 'header'): Schema[] {
  const props = (schema?.properties ?? {}) as Record<string, Schema>;
  const required = new Set((schema?.required ?? []) as string[]);
  return Object.entries(props).map(([name, s]) => ({
    name,
    in: where,
    required: where === 'path' || required.has(name),
    ...(s.description ? { description: s.description } : {}),
    schema: s,
  }));
}

const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } });

export function openApiDocument(routes: readonly Collected[], version: string): Schema {
  const paths: Record<string, Record<string, Schema>> = {};
  for (const r of routes) {
    const path = r.url.replace(/:([A-Za-z_]+)/g, '{$1}');
    const responses: Record<string, Schema> = {};
    for (const [status, description] of Object.entries(r.responses)) {
      responses[status] = Number(status) >= 400 ? problem(description) : { description };
    }
    if (r.roles) {
      responses['401'] ??= problem('No key, or an unknown one');
      responses['403'] ??= problem(`Only for ${r.roles.join(', ')}`);
    }
    if (r.schema.body) {
      responses['400'] ??= problem('Malformed request (not JSON, bad header or query)');
      responses['413'] ??= problem('Body too large');
      responses['415'] ??= problem('Not application/json');
      responses['422'] ??= problem('Invalid input; errors name each path');
    }
    const op: Schema = {
      operationId: `${r.method}${path.replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : ''))}`,
      summary: r.schema.summary,
      tags: r.schema.tags,
      parameters: [
        ...parameters(r.schema.params as Schema | undefined, 'path'),
        ...parameters(r.schema.querystring as Schema | undefined, 'query'),
        ...parameters(r.schema.headers as Schema | undefined, 'header'),
      ],
      ...(r.schema.body ? { requestBody: { required: true, content: { 'application/json': { schema: r.schema.body } } } } : {}),
      responses,
      security: r.roles ? [{ bearer: [] }] : [],
      ...(r.roles ? { 'x-roles': r.roles } : {}),
    };
    (paths[path] ??= {})[r.method] = op;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Stalela cloud signing service',
      version,
      description: 'Cloud HTTP API v1 (docs/CONTRACT.md): bearer keys, snake_case, problem+json errors.',
    },
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'An API key, or STALELA_ADMIN_KEY.' } },
      schemas: { Problem: problemSchema },
    },
    paths,
  };
}
