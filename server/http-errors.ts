// Every error leaves as application/problem+json: our ApiErrors, Fastify's parser and validation errors, 404s, 500s.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ApiError, PROBLEM_CONTENT_TYPE, problemBody, type FieldError, type ProblemCode } from './problem';
import { StoreError } from './store/errors';

type AjvError = { instancePath?: string; keyword?: string; params?: Record<string, unknown>; message?: string };

/** "/items/0/unit_price" → "items[0].unit_price", the path form the fiscal kernel uses. */
export function pointerToPath(pointer: string): string {
  if (pointer === '') return '';
  return pointer
    .slice(1)
    .split('/')
    .map((seg) => seg.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((acc, seg) => (/^\d+$/.test(seg) ? `${acc}[${seg}]` : /^[A-Za-z_][A-Za-z0-9_]*$/.test(seg) ? (acc === '' ? seg : `${acc}.${seg}`) : `${acc}[${JSON.stringify(seg)}]`), '');
}

function join(base: string, key: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? (base === '' ? key : `${base}.${key}`) : `${base}[${JSON.stringify(key)}]`;
}

export function ajvToFieldErrors(errors: readonly AjvError[]): FieldError[] {
  return errors.map((e) => {
    const base = pointerToPath(e.instancePath ?? '');
    if (e.keyword === 'required' && typeof e.params?.missingProperty === 'string') {
      return { path: join(base, e.params.missingProperty), code: 'required', message: 'Required field is missing.' };
    }
    if (e.keyword === 'additionalProperties' && typeof e.params?.additionalProperty === 'string') {
      return { path: join(base, e.params.additionalProperty), code: 'unknown_field', message: 'Unknown field is not accepted.' };
    }
    return { path: base, code: e.keyword ?? 'invalid', message: e.message ?? 'Invalid value.' };
  });
}

const BY_STATUS: Record<number, ProblemCode> = {
  400: 'bad_request', 401: 'unauthorized', 403: 'forbidden', 404: 'not_found', 405: 'method_not_allowed', 409: 'conflict',
  413: 'payload_too_large', 415: 'unsupported_media_type', 422: 'invalid', 503: 'unavailable',
};

function sendProblem(req: FastifyRequest, reply: FastifyReply, status: number, code: ProblemCode, detail: string, errors?: FieldError[]) {
  return reply.code(status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problemBody(status, code, detail, errors, req.id)));
}

export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    if (err instanceof ApiError) return sendProblem(req, reply, err.status, err.code, err.message, err.errors);
    if (err.validation) {
      const errors = ajvToFieldErrors(err.validation as AjvError[]);
      // A body that parses but does not fit its schema is invalid input (422); a bad query, path or header is 400.
      if (err.validationContext === 'body') return sendProblem(req, reply, 422, 'invalid', 'The request body is not valid.', errors);
      return sendProblem(req, reply, 400, 'bad_request', `The request ${err.validationContext ?? 'input'} is not valid.`, errors);
    }
    if (err instanceof StoreError && err.code === 'store.unavailable') {
      req.log.error({ err }, 'store unavailable');
      return sendProblem(req, reply, 503, 'unavailable', 'The store is unavailable; retry with the same Idempotency-Key.');
    }
    if (err instanceof StoreError && err.code === 'store.closed') {
      return sendProblem(req, reply, 503, 'unavailable', 'The service is shutting down; retry with the same Idempotency-Key.');
    }
    const status = typeof err.statusCode === 'number' ? err.statusCode : 500;
    if (status >= 400 && status < 500) {
      const code = BY_STATUS[status] ?? 'bad_request';
      // Fastify's own messages (bad JSON, prototype poisoning, media type, size) are safe to show.
      return sendProblem(req, reply, status, code, err.message || 'The request cannot be processed.');
    }
    req.log.error({ err }, 'unhandled error');
    return sendProblem(req, reply, 500, 'internal', 'The service failed to answer this request; it was logged with its request id.');
  });

  app.setNotFoundHandler((req, reply) => sendProblem(req, reply, 404, 'not_found', `No route ${req.method} ${req.url.split('?')[0]}.`));
}
