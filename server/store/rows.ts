// Maps database rows (snake_case, numbers possibly as strings from pg) to the store's records.
import type {
  ApiKeyRecord, ClockAnomaly, IdempotencyRecord, KeyPurpose, KeyRole, LedgerEntry, Merchant, Outlet, OutletHead,
  SigningKeyRecord, StoredInvoice,
} from './records';

export type Row = Record<string, unknown>;

const str = (v: unknown): string => String(v);
const optStr = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
/** pg answers BIGINT as a string; every counter here stays far below 2^53. */
const num = (v: unknown): number => Number(v);
const optNum = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

export const toMerchant = (r: Row): Merchant => ({
  id: str(r.id), nif: str(r.nif), rccm: optStr(r.rccm), name: str(r.name), address: optStr(r.address),
  city: optStr(r.city), phone: optStr(r.phone), email: optStr(r.email), createdAt: str(r.created_at),
});

export const toOutlet = (r: Row): Outlet => ({
  id: str(r.id), merchantId: str(r.merchant_id), serial: num(r.serial), authorityId: str(r.authority_id),
  name: str(r.name), address: optStr(r.address), isf: optStr(r.isf), createdAt: str(r.created_at),
});

export const toHead = (r: Row): OutletHead => ({
  outletId: str(r.outlet_id), nextFiscalNumber: num(r.next_fiscal_number), nextLedgerSeq: num(r.next_ledger_seq),
  lastHash: str(r.last_hash), lastTimestamp: optStr(r.last_timestamp),
});

export const toApiKey = (r: Row): ApiKeyRecord => ({
  id: str(r.id), keyHash: str(r.key_hash), role: str(r.role) as KeyRole, merchantId: str(r.merchant_id),
  outletId: optStr(r.outlet_id), label: optStr(r.label), createdAt: str(r.created_at),
});

export const toInvoice = (r: Row): StoredInvoice => ({
  merchantId: str(r.merchant_id), clientInvoiceId: str(r.client_invoice_id), outletId: str(r.outlet_id),
  fiscalNumber: optNum(r.fiscal_number), type: str(r.type), mode: str(r.mode),
  ledgerSeq: num(r.ledger_seq), createdAt: str(r.created_at),
});

export const toIdempotency = (r: Row): IdempotencyRecord => ({
  merchantId: str(r.merchant_id), key: str(r.key), requestHash: str(r.request_hash), status: num(r.status),
  clientInvoiceId: optStr(r.client_invoice_id), response: optStr(r.response), createdAt: str(r.created_at),
});

export const toLedger = (r: Row): LedgerEntry => ({
  outletId: str(r.outlet_id), seq: num(r.seq), kind: str(r.kind), fiscalNumber: optNum(r.fiscal_number),
  payload: str(r.payload), prevHash: str(r.prev_hash), hash: str(r.hash), createdAt: str(r.created_at),
});

export const toSigningKey = (r: Row): SigningKeyRecord => ({
  kid: str(r.kid), purpose: str(r.purpose) as KeyPurpose, backend: str(r.backend), publicJwk: str(r.public_jwk),
  status: str(r.status) === 'retired' ? 'retired' : 'active', createdAt: str(r.created_at), retiredAt: optStr(r.retired_at),
});

export const toClockAnomaly = (r: Row): ClockAnomaly => ({
  outletId: str(r.outlet_id), kind: str(r.kind), clientTime: optStr(r.client_time), serverTime: str(r.server_time),
  skewMs: num(r.skew_ms), detail: optStr(r.detail), createdAt: str(r.created_at),
});
