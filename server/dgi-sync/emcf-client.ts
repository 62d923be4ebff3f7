// The e-MCF HTTP client: register, confirm and cancel, each answer sorted into what the upload agent must do next.
import type { EmcfConfirmed, EmcfConfirmRequest, EmcfErrorBody, EmcfInvoiceRequest, EmcfRegistered } from './emcf-wire';

/**
 * - ok: the DGI answered.
 * - transient: no answer, a 5xx, the pending limit (429) or our token refused (401/403): try again later; the outcome
 *   may be unknown.
 * - unknown_uid: the uid is not (or no longer) pending at the DGI: an unconfirmed registration expired.
 * - refused: a 4xx with the DGI's reason: retrying the same request will not help.
 */
export type EmcfResult<T> =
  | { kind: 'ok'; value: T }
  | { kind: 'transient'; reason: string }
  | { kind: 'unknown_uid'; reason: string }
  | { kind: 'refused'; status: number; code: string; reason: string };

export type EmcfClient = {
  register(invoice: EmcfInvoiceRequest): Promise<EmcfResult<EmcfRegistered>>;
  confirm(uid: string, totals: EmcfConfirmRequest): Promise<EmcfResult<EmcfConfirmed>>;
  cancel(uid: string): Promise<EmcfResult<unknown>>;
};

export type EmcfClientOptions = { baseUrl: string; token: string; timeoutMs?: number };

async function call<T>(options: EmcfClientOptions, method: 'POST' | 'PUT', path: string, body: unknown): Promise<EmcfResult<T>> {
  let res: Response;
  let text: string;
  try {
    res = await fetch(`${options.baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${options.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
    });
    text = await res.text();
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).name;
    return { kind: 'transient', reason: `e-MCF unreachable (${cause}).` };
  }
  let parsed: unknown = null;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = null;
  }
  if (res.status >= 200 && res.status < 300 && parsed !== null) return { kind: 'ok', value: parsed as T };
  const error = (parsed ?? {}) as Partial<EmcfErrorBody>;
  const reason = `${error.errorCode ?? `HTTP_${res.status}`}: ${error.errorDesc ?? text.slice(0, 200)}`;
  if (res.status >= 500 || res.status === 429 || res.status === 408 || parsed === null) return { kind: 'transient', reason: `e-MCF answered ${res.status} (${reason}).` };
  // Our credentials refused is no fault of the invoice: wait (and show it) instead of failing every invoice in turn.
  if (res.status === 401 || res.status === 403) return { kind: 'transient', reason: `e-MCF refused our credentials (${reason}).` };
  if (res.status === 404 && error.errorCode === 'UNKNOWN_UID') return { kind: 'unknown_uid', reason };
  return { kind: 'refused', status: res.status, code: error.errorCode ?? `HTTP_${res.status}`, reason };
}

export function createEmcfClient(options: EmcfClientOptions): EmcfClient {
  return {
    register: (invoice) => call<EmcfRegistered>(options, 'POST', '/api/invoice', invoice),
    confirm: (uid, totals) => call<EmcfConfirmed>(options, 'PUT', `/api/invoice/${encodeURIComponent(uid)}/confirm`, totals),
    cancel: (uid) => call<unknown>(options, 'PUT', `/api/invoice/${encodeURIComponent(uid)}/cancel`, {}),
  };
}
