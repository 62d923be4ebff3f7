// The till's client of the cloud service (CONTRACT.md, API v1): seal, ask by id, keys, health, mirror uploads.
import type { Jwks } from '../../../fiscal/signature';
import type { InvoiceDraft, SealedInvoice } from '../../../fiscal/invoice-types';
import type { CloudSettings } from '../store/settings';
import { httpCall, jsonOf, type HttpOutcome } from './http';

export type CloudClientOptions = {
  /** The cloud settings as they are now (they may be set after the till started). */
  settings: () => CloudSettings | null;
  /** Timeout of a seal or upload exchange (default 15 s) and of a health check (default 2 s). */
  timeoutMs?: number;
  pingTimeoutMs?: number;
  /** Told of every exchange, so reachability follows real traffic rather than pings alone. */
  onExchange?: (outcome: HttpOutcome['kind'], status: number | null) => void;
  /** Told of the cloud's clock (an answer's Date header) against the till's `now()` halfway through the exchange. */
  onServerTime?: (serverMs: number, localMs: number) => void;
  /** The till's clock (default Date.now). */
  now?: () => number;
};

/** POST /v1/credentials (CONTRACT.md): the till's public key, how many numbers, for how long. */
export type CredentialRequestBody = { pos_terminal_id: string; public_key: object; block_size: number; ttl_seconds: number };

export type CloudClient = {
  isConfigured(): boolean;
  /** POST /v1/invoices with Idempotency-Key = client_invoice_id: resending is always the same request. */
  seal(draft: InvoiceDraft): Promise<HttpOutcome>;
  /** GET /v1/invoices/{client_invoice_id}. */
  fetchInvoice(clientInvoiceId: string): Promise<HttpOutcome>;
  /** The cloud's JWKS from GET /v1/keys, cached; `refresh` fetches again (a kid we do not know yet). */
  keys(refresh?: boolean): Promise<Jwks | null>;
  /** GET /healthz within the ping timeout. */
  ping(): Promise<boolean>;
  /** POST /v1/reconciliations: invoices sealed on the till (here: by a paired MCF) for the cloud to mirror. */
  /** POST /v1/invoices/{client_invoice_id}/deliveries (docs/delivery.md): e-mail the receipt or make its WhatsApp link. */
  deliver(clientInvoiceId: string, body: { channel: 'email' | 'whatsapp'; to: string; format: 'receipt' | 'a4' }): Promise<HttpOutcome>;
  reconcile(body: {
    pos_terminal_id: string;
    invoices: SealedInvoice[];
    credential_id?: string;
    local_chain?: { seq: number; client_invoice_id: string; prev_hash: string; hash: string }[];
  }): Promise<HttpOutcome>;
  /** POST /v1/credentials: a block of the outlet's numbers bound to the till's key; the key makes a retry answer the same one. */
  requestCredential(body: CredentialRequestBody, idempotencyKey: string): Promise<HttpOutcome>;
  /** POST /v1/credentials/{id}/return: ends it; the cloud voids its unused numbers. */
  returnCredential(credentialId: string): Promise<HttpOutcome>;
};

const notConfigured: HttpOutcome = { kind: 'not_sent', message: 'cloud non configuré' };

export function createCloudClient(options: CloudClientOptions): CloudClient {
  let jwks: Jwks | null = null;
  let jwksUrl: string | null = null;
  const timeoutMs = options.timeoutMs ?? 15_000;

  const call = async (method: 'GET' | 'POST', path: string, init: { body?: unknown; headers?: Record<string, string>; timeoutMs?: number; auth?: boolean } = {}) => {
    const s = options.settings();
    if (s === null) return notConfigured;
    const now = options.now ?? Date.now;
    const sentMs = now();
    const outcome = await httpCall({
      method,
      url: `${s.url.replace(/\/+$/, '')}${path}`,
      headers: { ...(init.auth === false ? {} : { Authorization: `Bearer ${s.api_key}` }), ...init.headers },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
      timeoutMs: init.timeoutMs ?? timeoutMs,
    });
    options.onExchange?.(outcome.kind, outcome.kind === 'answer' ? outcome.status : null);
    if (outcome.kind === 'answer' && typeof outcome.headers.date === 'string' && options.onServerTime !== undefined) {
      const serverMs = Date.parse(outcome.headers.date);
      if (Number.isFinite(serverMs)) options.onServerTime(serverMs, (sentMs + now()) / 2);
    }
    return outcome;
  };

  return {
    isConfigured: () => options.settings() !== null,
    seal: (draft) => call('POST', '/v1/invoices', { body: draft, headers: { 'Idempotency-Key': draft.client_invoice_id } }),
    fetchInvoice: (id) => call('GET', `/v1/invoices/${encodeURIComponent(id)}`),
    async keys(refresh = false) {
      const url = options.settings()?.url ?? null;
      if (!refresh && jwks !== null && jwksUrl === url) return jwks;
      const outcome = await call('GET', '/v1/keys', { auth: false });
      if (outcome.kind !== 'answer' || outcome.status !== 200) return jwks !== null && jwksUrl === url ? jwks : null;
      const parsed = jsonOf(outcome.body) as Jwks | undefined;
      if (parsed === undefined || !Array.isArray(parsed.keys)) return null;
      jwks = parsed;
      jwksUrl = url;
      return jwks;
    },
    async ping() {
      const outcome = await call('GET', '/healthz', { auth: false, timeoutMs: options.pingTimeoutMs ?? 2000 });
      return outcome.kind === 'answer' && outcome.status === 200;
    },
    reconcile: (body) => call('POST', '/v1/reconciliations', { body }),
    requestCredential: (body, key) => call('POST', '/v1/credentials', { body, headers: { 'Idempotency-Key': key } }),
    returnCredential: (id) => call('POST', `/v1/credentials/${encodeURIComponent(id)}/return`, { body: {} }),
    deliver: (id, body) => call('POST', `/v1/invoices/${encodeURIComponent(id)}/deliveries`, { body }),
  };
}
