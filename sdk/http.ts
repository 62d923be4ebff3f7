// One HTTP exchange with the cloud: fetch with a deadline, problem+json read into StalelaApiError, and a failed
// exchange classified as "not sent" or "outcome unknown" so callers know whether the server may have acted.
import { StalelaApiError, StalelaNetworkError, StalelaProtocolError, type FieldProblem } from './errors';

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export type HttpOptions = {
  baseUrl: string;
  apiKey?: string | null;
  /** Defaults to the global fetch (Node 20, browsers). */
  fetch?: FetchLike;
  /** Abort a request after this long (default 15 s); a request aborted this way has an unknown outcome. */
  timeoutMs?: number;
};

export type HttpRequest = {
  method: 'GET' | 'POST';
  path: string;
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  headers?: Record<string, string>;
};

export type HttpAnswer<T> = { status: number; body: T };

// Connection-level failures that happen before a byte of the request can have reached a server.
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ENETDOWN', 'UND_ERR_CONNECT_TIMEOUT']);

function causeCode(err: unknown): string | undefined {
  let e: unknown = err;
  for (let depth = 0; depth < 4 && e !== null && typeof e === 'object'; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

export function classifyFailure(err: unknown, timedOut: boolean): StalelaNetworkError {
  if (timedOut) return new StalelaNetworkError('outcome_unknown', 'No answer before the deadline; the server may have acted.', { cause: err });
  const code = causeCode(err);
  if (code !== undefined && NOT_SENT_CODES.has(code)) {
    return new StalelaNetworkError('not_sent', `Could not reach the server (${code}); nothing was sent.`, { cause: err });
  }
  // A browser's fetch gives no code: a failure with none is treated as unknown, the safe reading.
  return new StalelaNetworkError('outcome_unknown', `The connection failed after the request may have been sent (${code ?? 'no code'}).`, { cause: err });
}

function urlOf(base: string, path: string, query: HttpRequest['query']): string {
  const u = new URL(path, base.endsWith('/') ? base : `${base}/`);
  for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) u.searchParams.set(k, String(v));
  return u.toString();
}

async function problemOf(res: Response): Promise<StalelaApiError> {
  const text = await res.text();
  let p: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed !== null && typeof parsed === 'object') p = parsed as Record<string, unknown>;
  } catch {
    // Not JSON (a proxy's HTML page): the status and the text still say what happened.
  }
  const str = (v: unknown, fallback: string) => (typeof v === 'string' ? v : fallback);
  return new StalelaApiError({
    status: res.status,
    title: str(p['title'], res.statusText || `HTTP ${res.status}`),
    detail: str(p['detail'], text.slice(0, 200) || `HTTP ${res.status}`),
    ...(typeof p['code'] === 'string' ? { code: p['code'] } : {}),
    errors: Array.isArray(p['errors']) ? (p['errors'] as FieldProblem[]) : [],
    ...(typeof p['request_id'] === 'string' ? { requestId: p['request_id'] } : {}),
  });
}

/** Sends one request; answers the parsed JSON (or text for non-JSON bodies) of a 2xx, throws the typed errors otherwise. */
export async function httpRequest<T>(opts: HttpOptions, req: HttpRequest): Promise<HttpAnswer<T>> {
  const doFetch = opts.fetch ?? ((input, init) => fetch(input, init));
  const headers: Record<string, string> = { accept: 'application/json', ...req.headers };
  if (opts.apiKey) headers['authorization'] = `Bearer ${opts.apiKey}`;
  if (req.body !== undefined) headers['content-type'] = 'application/json';
  // Built before anything is sent: a bad base URL is the caller's mistake, not an unknown outcome.
  const url = urlOf(opts.baseUrl, req.path, req.query);
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, opts.timeoutMs ?? 15_000);
  try {
    let res: Response;
    let text: string;
    try {
      res = await doFetch(url, {
        method: req.method,
        headers,
        ...(req.body === undefined ? {} : { body: JSON.stringify(req.body) }),
        signal: controller.signal,
      });
      if (res.status >= 400) throw await problemOf(res);
      text = await res.text();
    } catch (err) {
      if (err instanceof StalelaApiError) throw err;
      throw classifyFailure(err, timedOut);
    }
    const type = res.headers.get('content-type') ?? '';
    if (!/json/i.test(type)) return { status: res.status, body: text as T };
    try {
      return { status: res.status, body: JSON.parse(text) as T };
    } catch {
      throw new StalelaProtocolError(res.status, `The answer claims JSON but is not (${text.slice(0, 80)}).`);
    }
  } finally {
    clearTimeout(timer);
  }
}
