// Maps part 2's database rows (snake_case, pg BIGINT as text) to its records.
import type { CredentialRecord, CredentialRejection, CredentialStatus, MirrorRecord, TillLink } from './reconcile-records';
import type { Row } from './rows';

const str = (v: unknown): string => String(v);
const optStr = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const num = (v: unknown): number => Number(v);

export const toCredential = (r: Row): CredentialRecord => ({
  id: str(r.id), merchantId: str(r.merchant_id), outletId: str(r.outlet_id), posTerminalId: str(r.pos_terminal_id),
  publicJwk: str(r.public_jwk), firstNumber: num(r.first_number), lastNumber: num(r.last_number), token: str(r.token),
  status: str(r.status) as CredentialStatus, issuedAt: str(r.issued_at), expiresAt: str(r.expires_at), closedAt: optStr(r.closed_at),
  authorityId: str(r.authority_id), reconciledThrough: num(r.reconciled_through), closedReason: optStr(r.closed_reason),
});

export const toRejection = (r: Row): CredentialRejection => ({
  credentialId: str(r.credential_id), fiscalNumber: num(r.fiscal_number), clientInvoiceId: str(r.client_invoice_id),
  reason: str(r.reason), createdAt: str(r.created_at),
});

export const toTillLink = (r: Row): TillLink => ({
  outletId: str(r.outlet_id), posTerminalId: str(r.pos_terminal_id), seq: num(r.seq), clientInvoiceId: str(r.client_invoice_id),
  prevHash: str(r.prev_hash), hash: str(r.hash), createdAt: str(r.created_at),
});

export const toMirror = (r: Row): MirrorRecord => ({
  merchantId: str(r.merchant_id), clientInvoiceId: str(r.client_invoice_id), outletId: str(r.outlet_id), nim: str(r.nim),
  tc: num(r.tc), type: str(r.type), code: str(r.code), ledgerSeq: num(r.ledger_seq), createdAt: str(r.created_at),
});

/** Column order of an INSERT INTO credentials, shared by both dialects. */
export const CREDENTIAL_COLUMNS = [
  'id', 'merchant_id', 'outlet_id', 'pos_terminal_id', 'public_jwk', 'first_number', 'last_number', 'token', 'status',
  'issued_at', 'expires_at', 'closed_at', 'authority_id', 'reconciled_through', 'closed_reason',
] as const;

export const credentialValues = (c: CredentialRecord): unknown[] => [
  c.id, c.merchantId, c.outletId, c.posTerminalId, c.publicJwk, c.firstNumber, c.lastNumber, c.token, c.status,
  c.issuedAt, c.expiresAt, c.closedAt, c.authorityId, c.reconciledThrough, c.closedReason,
];
