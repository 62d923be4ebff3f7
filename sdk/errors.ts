// Typed errors of the SDK: an answer of the API (problem+json) and a failed exchange, told apart by what the caller can do.

/** One bad field of a refused request, as the server names it. */
export type FieldProblem = { path: string; message: string; code?: string };

/** The server answered with an error (docs/CONTRACT.md: application/problem+json). Nothing was stored. */
export class StalelaApiError extends Error {
  readonly code: string;
  readonly status: number;
  readonly title: string;
  readonly detail: string;
  readonly errors: FieldProblem[];
  readonly requestId: string | undefined;
  constructor(p: { status: number; title: string; detail: string; code?: string; errors?: FieldProblem[]; requestId?: string }) {
    super(`${p.status} ${p.title}: ${p.detail}`);
    this.name = 'StalelaApiError';
    this.status = p.status;
    this.title = p.title;
    this.detail = p.detail;
    this.code = p.code ?? `http_${p.status}`;
    this.errors = p.errors ?? [];
    this.requestId = p.requestId;
  }
}

/**
 * The exchange failed without an answer.
 * - not_sent: the connection was never made (refused, DNS, offline): the server cannot have acted;
 * - outcome_unknown: the request may have reached the server (timeout, connection dropped after sending):
 *   the caller must ask, never act again blindly.
 */
export type NetworkFailure = 'not_sent' | 'outcome_unknown';

export class StalelaNetworkError extends Error {
  readonly code: NetworkFailure;
  constructor(code: NetworkFailure, detail: string, options?: { cause?: unknown }) {
    super(detail, options);
    this.name = 'StalelaNetworkError';
    this.code = code;
  }
}

/** The server answered something the SDK cannot read (not JSON where JSON was due). */
export class StalelaProtocolError extends Error {
  readonly code = 'bad_answer';
  readonly status: number;
  constructor(status: number, detail: string) {
    super(detail);
    this.name = 'StalelaProtocolError';
    this.status = status;
  }
}

export const isApiError = (e: unknown): e is StalelaApiError => e instanceof StalelaApiError;
export const isNetworkError = (e: unknown): e is StalelaNetworkError => e instanceof StalelaNetworkError;
