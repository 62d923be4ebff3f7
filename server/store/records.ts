// Rows of the service's store as the code sees them (camelCase inside; the wire stays snake_case).

export const KEY_ROLES = ['owner', 'cashier', 'technician', 'auditor', 'terminal'] as const;
/** Roles a stored API key can hold; `admin` exists only as the STALELA_ADMIN_KEY. */
export type KeyRole = (typeof KEY_ROLES)[number];

export type Merchant = {
  id: string;
  nif: string;
  rccm: string | null;
  name: string;
  address: string | null;
  city: string | null;
  phone: string | null;
  email: string | null;
  createdAt: string;
};

export type Outlet = {
  id: string;
  merchantId: string;
  /** Global serial behind the authority id, allocated once. */
  serial: number;
  /** The outlet's signing-unit id in the DGI `SERIAL-ACTIVATIONCOUNT` form, e.g. `SC01000001-1`. */
  authorityId: string;
  name: string;
  address: string | null;
  isf: string | null;
  createdAt: string;
};

/** The per-outlet state that every fiscal write reads and advances under the outlet's lock. */
export type OutletHead = {
  outletId: string;
  nextFiscalNumber: number;
  nextLedgerSeq: number;
  /** Hash of the last ledger entry, or the chain's genesis hash. */
  lastHash: string;
  /** Last trusted time stamped for this outlet (ISO, UTC), so time never runs backwards on its ledger. */
  lastTimestamp: string | null;
};

export type ApiKeyRecord = {
  id: string;
  /** Hex SHA-256 of the key; the key itself is never stored. */
  keyHash: string;
  role: KeyRole;
  merchantId: string;
  outletId: string | null;
  label: string | null;
  createdAt: string;
};

export type StoredInvoice = {
  merchantId: string;
  clientInvoiceId: string;
  outletId: string;
  fiscalNumber: number | null;
  type: string;
  mode: string;
  /** The outlet ledger entry whose payload is the sealed invoice (kept once, there). */
  ledgerSeq: number;
  createdAt: string;
};

export type IdempotencyRecord = {
  merchantId: string;
  key: string;
  /** Hex SHA-256 over the canonical request. */
  requestHash: string;
  status: number;
  /** For a seal: the invoice whose sealing answer is replayed (its text lives in the ledger, not twice). */
  clientInvoiceId: string | null;
  /** Any other stored answer (JSON text). */
  response: string | null;
  createdAt: string;
};

export type LedgerEntry = {
  outletId: string;
  seq: number;
  kind: string;
  fiscalNumber: number | null;
  /** JSON text of the entry's payload. */
  payload: string;
  prevHash: string;
  hash: string;
  createdAt: string;
};

export const KEY_PURPOSES = ['seal', 'issuer'] as const;
export type KeyPurpose = (typeof KEY_PURPOSES)[number];

export type SigningKeyRecord = {
  kid: string;
  purpose: KeyPurpose;
  backend: string;
  /** JSON text of the public JWK. */
  publicJwk: string;
  status: 'active' | 'retired';
  createdAt: string;
  retiredAt: string | null;
};

export type ClockAnomaly = {
  outletId: string;
  kind: string;
  clientTime: string | null;
  serverTime: string;
  skewMs: number;
  detail: string | null;
  createdAt: string;
};

/** Tables a test or a metric may count. */
export const TABLES = [
  'merchants', 'outlets', 'outlet_counters', 'type_counters', 'api_keys', 'invoices', 'idempotency', 'ledger',
  'credentials', 'signing_keys', 'clock_anomalies', 'sequences',
  'credential_rejections', 'till_links', 'mirrors', 'device_counters',
] as const;
export type TableName = (typeof TABLES)[number];
