// A PosApi that calls the loopback bridge with fetch: the browser mode's window.pos, and scripts' and tests' client.
import { POS_METHODS, type PosApi } from './pos-api';
import type { PosResult } from './pos-types';

export type BridgeClientOptions = {
  /** The bridge's origin, e.g. "http://127.0.0.1:5123"; '' in the browser mode, where the UI is same-origin. */
  baseUrl: string;
  token: string;
  fetch?: typeof fetch;
};

function isResult(v: unknown): v is PosResult<unknown> {
  if (typeof v !== 'object' || v === null) return false;
  const r = v as { ok?: unknown; error?: { code?: unknown; message?: unknown } };
  return r.ok === true ? 'value' in r : r.ok === false && typeof r.error?.code === 'string' && typeof r.error.message === 'string';
}

/** Every method POSTs its argument object as JSON and resolves to the PosResult the bridge answered; never rejects. */
export function createBridgeClient(options: BridgeClientOptions): PosApi {
  const doFetch = options.fetch ?? fetch;
  const call = async (method: string, args: unknown): Promise<PosResult<unknown>> => {
    let response: Response;
    try {
      response = await doFetch(`${options.baseUrl}/api/${method}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${options.token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(args ?? {}),
      });
    } catch (e) {
      return { ok: false, error: { code: 'unreachable', message: `La caisse ne répond pas. / The till core did not answer: ${e instanceof Error ? e.message : String(e)}` } };
    }
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      body = undefined;
    }
    return isResult(body)
      ? body
      : { ok: false, error: { code: 'internal', message: `The bridge answered HTTP ${response.status} without a PosApi result.` } };
  };
  return Object.fromEntries(POS_METHODS.map((m) => [m, (args?: unknown) => call(m, args)])) as PosApi;
}
