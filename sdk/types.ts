// Wire types of the cloud API v1 (docs/CONTRACT.md), snake_case as on the wire; invoice shapes come from the fiscal kernel.
import type { InvoiceDraft, SealedInvoice } from '../fiscal/invoice-types';

export type { InvoiceDraft, SealedInvoice };

export type KeyRole = 'admin' | 'owner' | 'cashier' | 'technician' | 'auditor' | 'terminal';

export type CreateMerchantRequest = {
  nif: string; name: string; rccm?: string; address?: string; city?: string; phone?: string; email?: string;
};
export type Merchant = {
  id: string; nif: string; name: string; rccm: string | null; address: string | null; city: string | null;
  phone: string | null; email: string | null; created_at: string;
};

export type CreateOutletRequest = { name: string; address?: string; isf?: string };
export type Outlet = {
  id: string; merchant_id: string; authority_id: string; name: string; address: string | null; isf: string | null; created_at: string;
};

export type CreateApiKeyRequest = { merchant_id: string; outlet_id?: string | null; role: Exclude<KeyRole, 'admin'>; label?: string };
/** `key` is shown only in this answer. */
export type ApiKey = {
  id: string; key: string; role: KeyRole; merchant_id: string; outlet_id: string | null; label: string | null; created_at: string;
};

export type LedgerLink = { seq: number; prev_hash: string; hash: string };
/** What sealing and GET /v1/invoices/{id} answer. */
export type SealResult = { invoice: SealedInvoice; ledger: LedgerLink };

/** A JWK of P-256 (the till's public key, or one published in /v1/keys). */
export type EcJwk = { kty: 'EC'; crv: 'P-256'; x: string; y: string; kid?: string; alg?: string; use?: string; [k: string]: unknown };
export type Jwks = { keys: EcJwk[] };

export type CreateCredentialRequest = { pos_terminal_id: string; public_key: EcJwk; block_size: number; ttl_seconds: number };
export type Credential = {
  credential_id: string; credential: string; block: { first: number; last: number }; expires_at: string; authority_id: string;
  issued_at?: string; pos_terminal_id?: string; issuer_kid?: string; till_kid?: string;
};
export type VoidedRange = { first?: number; last?: number; fiscal_numbers?: number[]; reason: string; ledger?: unknown };
export type CredentialReturn = { credential_id: string; status: string; closed_at: string | null; already_closed: boolean; voided: VoidedRange[] };

export type LocalChainLink = { seq: number; client_invoice_id: string; prev_hash: string; hash: string };
export type ReconciliationRequest = {
  invoices: SealedInvoice[];
  credential_id?: string;
  pos_terminal_id?: string;
  local_chain?: LocalChainLink[];
  device_rates?: Record<string, Record<string, string>>;
  close?: boolean;
};
export type ReconciliationItem = {
  index: number; client_invoice_id: string; status: 'accepted' | 'duplicate' | 'rejected'; reason: string | null;
  code?: string; fiscal_number?: number; nim?: string; tc?: number; ledger?: LedgerLink;
};
export type ReconciliationResult = {
  results: ReconciliationItem[]; accepted: number; duplicates: number; rejected: number;
  credentials: { credential_id: string; status: string; reconciled_through: number | null; closed_at: string | null; voided: VoidedRange[] }[];
};

export type LedgerEntry = {
  outlet_id: string; seq: number; prev_hash: string; kind: string; fiscal_number: number | null; recorded_at: string; payload: unknown; hash: string;
};
export type LedgerPage = { outlet_id: string; authority_id: string; entries: LedgerEntry[]; next_after_seq: number | null };
export type LedgerQuery = { after_seq?: number; limit?: number };

/** The export `npm run verify` checks (docs/audit-export.md); kept open because the verifier, not the SDK, reads it. */
export type AuditExport = { format: string; version: number | string; exported_at: string; [k: string]: unknown };

/** Reports are documented with the report kernel (fiscal/report-types); the SDK passes them through as JSON. */
export type Report = Record<string, unknown>;
/** from/to: a day (YYYY-MM-DD, included) or an instant (ISO 8601; `to` excluded). */
export type AReportQuery = { from: string; to: string; order?: 'amount' | 'code' };

export type CreateWebhookRequest = { url: string; events: string[]; secret: string };
/** The secret is not echoed. */
export type Webhook = { id: string; url: string; events: string[]; created_at: string; [k: string]: unknown };
/** A delivery that exhausted its retries; the server documents its fields with the webhooks. */
export type DeadLetter = { id: string; [k: string]: unknown };

export type DgiSyncStatus = { status: 'green' | 'yellow' | 'red'; [k: string]: unknown };

export type Health = { status: 'ok'; [k: string]: unknown };
export type OpenApiDocument = { openapi: string; info: { title: string; version: string }; paths: Record<string, Record<string, { operationId?: string }>> };
