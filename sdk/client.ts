// The typed client of the cloud API v1: one method per route of docs/CONTRACT.md, fetch-based (Node 20, browsers).
import type { HttpOptions } from './http';
import { httpRequest } from './http';
import { fillPath, OPERATIONS, type OperationName } from './operations';
import type {
  ApiKey, AReportQuery, AuditExport, CreateApiKeyRequest, CreateCredentialRequest, CreateMerchantRequest, CreateOutletRequest,
  CreateWebhookRequest, Credential, DeadLetter, CredentialReturn, DgiSyncStatus, Health, InvoiceDraft, Jwks, LedgerPage, LedgerQuery,
  Merchant, OpenApiDocument, Outlet, ReconciliationRequest, ReconciliationResult, Report, SealResult, Webhook,
} from './types';

export type ClientOptions = HttpOptions;

/** A sealing answer: 201 when this call sealed, 200 when the same key and body had been sealed before. */
export type SealAnswer = SealResult & { replayed: boolean };

export type StalelaClient = {
  readonly options: Readonly<ClientOptions>;
  createMerchant(body: CreateMerchantRequest): Promise<Merchant>;
  createOutlet(merchantId: string, body: CreateOutletRequest): Promise<Outlet>;
  createApiKey(body: CreateApiKeyRequest): Promise<ApiKey>;
  /** POST /v1/invoices with the Idempotency-Key (default: the draft's client_invoice_id). */
  sealInvoice(draft: InvoiceDraft, idempotencyKey?: string): Promise<SealAnswer>;
  /** The sealed invoice, or null when none was sealed under this id (404). */
  getInvoice(clientInvoiceId: string): Promise<SealResult | null>;
  createCredential(body: CreateCredentialRequest): Promise<Credential>;
  returnCredential(credentialId: string): Promise<CredentialReturn>;
  reconcile(body: ReconciliationRequest): Promise<ReconciliationResult>;
  ledger(outletId: string, query?: LedgerQuery): Promise<LedgerPage>;
  auditExport(outletId: string): Promise<AuditExport>;
  keys(): Promise<Jwks>;
  xReport(outletId: string): Promise<Report>;
  /** Close the period (Z), sealed and chained: {report, seal, ledger}. */
  zReport(outletId: string, closedBy?: string): Promise<Report>;
  aReport(outletId: string, query: AReportQuery): Promise<Report>;
  createWebhook(body: CreateWebhookRequest): Promise<Webhook>;
  webhookDeadLetters(): Promise<{ dead_letters: DeadLetter[] }>;
  /** Queue a dead letter for delivery again (202). */
  replayDeadLetter(id: string): Promise<Record<string, unknown>>;
  dgiSync(outletId: string): Promise<DgiSyncStatus>;
  openApi(): Promise<OpenApiDocument>;
  health(): Promise<Health>;
  /** Prometheus text. */
  metrics(): Promise<string>;
};

type CallArgs = { params?: Record<string, string>; query?: Record<string, string | number | undefined>; body?: unknown; headers?: Record<string, string> };

export function createStalelaClient(options: ClientOptions): StalelaClient {
  const call = async <T>(name: OperationName, args: CallArgs = {}) => {
    const op = OPERATIONS[name];
    return httpRequest<T>(options, {
      method: op.method,
      path: fillPath(op.path, args.params ?? {}),
      ...(args.query ? { query: args.query } : {}),
      ...(args.body === undefined ? {} : { body: args.body }),
      ...(args.headers ? { headers: args.headers } : {}),
    });
  };
  const body = async <T>(name: OperationName, args?: CallArgs) => (await call<T>(name, args)).body;
  const outlet = (id: string) => ({ params: { id } });

  return {
    options,
    createMerchant: (b) => body('createMerchant', { body: b }),
    createOutlet: (merchantId, b) => body('createOutlet', { params: { id: merchantId }, body: b }),
    createApiKey: (b) => body('createApiKey', { body: b }),
    sealInvoice: async (draft, idempotencyKey = draft.client_invoice_id) => {
      const a = await call<SealResult>('sealInvoice', { body: draft, headers: { 'idempotency-key': idempotencyKey } });
      return { ...a.body, replayed: a.status === 200 };
    },
    getInvoice: async (clientInvoiceId) => {
      try {
        return await body<SealResult>('getInvoice', { params: { client_invoice_id: clientInvoiceId } });
      } catch (err) {
        if ((err as { status?: unknown }).status === 404) return null;
        throw err;
      }
    },
    createCredential: (b) => body('createCredential', { body: b }),
    returnCredential: (id) => body('returnCredential', { params: { id } }),
    reconcile: (b) => body('reconcile', { body: b }),
    ledger: (id, q = {}) => body('ledger', { ...outlet(id), query: { after_seq: q.after_seq, limit: q.limit } }),
    auditExport: (id) => body('auditExport', outlet(id)),
    keys: () => body('keys'),
    xReport: (id) => body('xReport', outlet(id)),
    zReport: (id, closedBy) => body('zReport', { ...outlet(id), ...(closedBy === undefined ? {} : { body: { closed_by: closedBy } }) }),
    aReport: (id, q) => body('aReport', { ...outlet(id), query: { from: q.from, to: q.to, order: q.order } }),
    createWebhook: (b) => body('createWebhook', { body: b }),
    webhookDeadLetters: () => body('webhookDeadLetters'),
    replayDeadLetter: (id) => body('replayDeadLetter', { params: { id } }),
    dgiSync: (id) => body('dgiSync', outlet(id)),
    openApi: () => body('openApi'),
    health: () => body('health'),
    metrics: () => body('metrics'),
  };
}
