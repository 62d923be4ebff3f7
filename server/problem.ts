// HTTP errors as RFC 9457 problem details: a typed error with a status, a stable code and a readable sentence.

export type FieldError = { path: string; message: string; code?: string };

export type ProblemCode =
  | 'bad_request'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'method_not_allowed'
  | 'conflict'
  | 'already_sealed'
  | 'idempotency_key_required'
  | 'idempotency_key_reused'
  | 'invalid'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'unavailable'
  | 'gone'
  | 'delivery_failed'
  | 'internal';

export const PROBLEM_TITLES: Record<ProblemCode, string> = {
  bad_request: 'Bad request',
  unauthorized: 'Unauthorized',
  forbidden: 'Forbidden',
  not_found: 'Not found',
  method_not_allowed: 'Method not allowed',
  conflict: 'Conflict',
  already_sealed: 'Invoice already sealed',
  idempotency_key_required: 'Idempotency-Key required',
  idempotency_key_reused: 'Idempotency-Key reused with another request',
  invalid: 'Invalid input',
  payload_too_large: 'Payload too large',
  unsupported_media_type: 'Unsupported media type',
  unavailable: 'Service unavailable',
  gone: 'Gone',
  delivery_failed: 'Delivery failed',
  internal: 'Internal error',
};

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

export type Problem = {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ProblemCode;
  errors?: FieldError[];
  request_id?: string;
};

export class ApiError extends Error {
  readonly status: number;
  readonly code: ProblemCode;
  readonly errors: FieldError[] | undefined;
  constructor(status: number, code: ProblemCode, detail: string, errors?: FieldError[]) {
    super(detail);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.errors = errors;
  }
}

export function problemBody(status: number, code: ProblemCode, detail: string, errors?: FieldError[], requestId?: string): Problem {
  return {
    type: `urn:stalela:problem:${code}`,
    title: PROBLEM_TITLES[code],
    status,
    detail,
    code,
    ...(errors && errors.length > 0 ? { errors } : {}),
    ...(requestId ? { request_id: requestId } : {}),
  };
}

export const badRequest = (detail: string, errors?: FieldError[]): ApiError => new ApiError(400, 'bad_request', detail, errors);
export const invalid = (detail: string, errors: FieldError[]): ApiError => new ApiError(422, 'invalid', detail, errors);
export const forbidden = (detail: string): ApiError => new ApiError(403, 'forbidden', detail);
export const notFound = (detail: string): ApiError => new ApiError(404, 'not_found', detail);
export const conflict = (detail: string, code: ProblemCode = 'conflict'): ApiError => new ApiError(409, code, detail);
