// Migration 2: what delegated credentials, reconciliations and device mirrors keep (both dialects side by side).
import type { Migration } from './index';

// credentials: authority_id is the credential's own NIM (its FC counters are not the outlet's); reconciled_through is
// the highest block number accepted so far (offline invoices are appended in number order); closed_reason says why the
// block was closed (returned, expired). Times in the table are UTC ISO so that text comparison orders them.
const sqlite = `
ALTER TABLE credentials ADD COLUMN authority_id TEXT;
ALTER TABLE credentials ADD COLUMN reconciled_through INTEGER NOT NULL DEFAULT 0;
ALTER TABLE credentials ADD COLUMN closed_reason TEXT;
CREATE UNIQUE INDEX credentials_authority ON credentials(authority_id);
CREATE INDEX credentials_outlet ON credentials(outlet_id, first_number);
CREATE INDEX credentials_open ON credentials(status, expires_at);
CREATE TABLE credential_rejections (
  credential_id TEXT NOT NULL REFERENCES credentials(id),
  fiscal_number INTEGER NOT NULL,
  client_invoice_id TEXT NOT NULL,
  reason TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (credential_id, fiscal_number)
) STRICT, WITHOUT ROWID;
CREATE TABLE till_links (
  outlet_id TEXT NOT NULL REFERENCES outlets(id),
  pos_terminal_id TEXT NOT NULL,
  seq INTEGER NOT NULL CHECK (seq >= 1),
  client_invoice_id TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (outlet_id, pos_terminal_id, seq)
) STRICT, WITHOUT ROWID;
CREATE TABLE mirrors (
  merchant_id TEXT NOT NULL REFERENCES merchants(id),
  client_invoice_id TEXT NOT NULL,
  outlet_id TEXT NOT NULL REFERENCES outlets(id),
  nim TEXT NOT NULL,
  tc INTEGER NOT NULL,
  type TEXT NOT NULL,
  code TEXT NOT NULL,
  ledger_seq INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (merchant_id, client_invoice_id)
) STRICT, WITHOUT ROWID;
CREATE UNIQUE INDEX mirrors_device_tc ON mirrors(outlet_id, nim, tc);
CREATE TABLE device_counters (
  outlet_id TEXT NOT NULL REFERENCES outlets(id),
  nim TEXT NOT NULL,
  type TEXT NOT NULL,
  value INTEGER NOT NULL CHECK (value >= 1),
  PRIMARY KEY (outlet_id, nim, type)
) STRICT, WITHOUT ROWID;
`;

const postgres = `
ALTER TABLE credentials ADD COLUMN authority_id TEXT;
ALTER TABLE credentials ADD COLUMN reconciled_through BIGINT NOT NULL DEFAULT 0;
ALTER TABLE credentials ADD COLUMN closed_reason TEXT;
CREATE UNIQUE INDEX credentials_authority ON credentials(authority_id);
CREATE INDEX credentials_outlet ON credentials(outlet_id, first_number);
CREATE INDEX credentials_open ON credentials(status, expires_at);
CREATE TABLE credential_rejections (
  credential_id TEXT NOT NULL REFERENCES credentials(id),
  fiscal_number BIGINT NOT NULL,
  client_invoice_id TEXT NOT NULL,
  reason TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (credential_id, fiscal_number)
);
CREATE TABLE till_links (
  outlet_id TEXT NOT NULL REFERENCES outlets(id),
  pos_terminal_id TEXT NOT NULL,
  seq BIGINT NOT NULL CHECK (seq >= 1),
  client_invoice_id TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (outlet_id, pos_terminal_id, seq)
);
CREATE TABLE mirrors (
  merchant_id TEXT NOT NULL REFERENCES merchants(id),
  client_invoice_id TEXT NOT NULL,
  outlet_id TEXT NOT NULL REFERENCES outlets(id),
  nim TEXT NOT NULL,
  tc BIGINT NOT NULL,
  type TEXT NOT NULL,
  code TEXT NOT NULL,
  ledger_seq BIGINT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (merchant_id, client_invoice_id)
);
CREATE UNIQUE INDEX mirrors_device_tc ON mirrors(outlet_id, nim, tc);
CREATE TABLE device_counters (
  outlet_id TEXT NOT NULL REFERENCES outlets(id),
  nim TEXT NOT NULL,
  type TEXT NOT NULL,
  value BIGINT NOT NULL CHECK (value >= 1),
  PRIMARY KEY (outlet_id, nim, type)
);
`;

export const migration002: Migration = { version: 2, name: 'reconciliation', sqlite, postgres };
