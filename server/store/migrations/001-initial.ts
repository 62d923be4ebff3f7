// Migration 1: the initial schema, in both dialects side by side so they cannot drift apart.
import type { Migration } from './index';

const sqlite = `
CREATE TABLE merchants (
  id TEXT PRIMARY KEY,
  nif TEXT NOT NULL UNIQUE,
  rccm TEXT, name TEXT NOT NULL, address TEXT, city TEXT, phone TEXT, email TEXT,
  created_at TEXT NOT NULL
) STRICT;
CREATE TABLE sequences (name TEXT PRIMARY KEY, value INTEGER NOT NULL) STRICT;
CREATE TABLE outlets (
  id TEXT PRIMARY KEY,
  merchant_id TEXT NOT NULL REFERENCES merchants(id),
  serial INTEGER NOT NULL UNIQUE,
  authority_id TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL, address TEXT, isf TEXT,
  created_at TEXT NOT NULL
) STRICT;
CREATE INDEX outlets_merchant ON outlets(merchant_id);
CREATE TABLE outlet_counters (
  outlet_id TEXT PRIMARY KEY REFERENCES outlets(id),
  next_fiscal_number INTEGER NOT NULL CHECK (next_fiscal_number >= 1),
  next_ledger_seq INTEGER NOT NULL CHECK (next_ledger_seq >= 1),
  last_hash TEXT NOT NULL,
  last_timestamp TEXT
) STRICT;
CREATE TABLE type_counters (
  authority_id TEXT NOT NULL, type TEXT NOT NULL, value INTEGER NOT NULL CHECK (value >= 1),
  PRIMARY KEY (authority_id, type)
) STRICT;
CREATE TABLE api_keys (
  id TEXT PRIMARY KEY,
  key_hash TEXT NOT NULL UNIQUE,
  role TEXT NOT NULL CHECK (role IN ('owner', 'cashier', 'technician', 'auditor', 'terminal')),
  merchant_id TEXT NOT NULL REFERENCES merchants(id),
  outlet_id TEXT REFERENCES outlets(id),
  label TEXT,
  created_at TEXT NOT NULL,
  revoked_at TEXT
) STRICT;
CREATE TABLE invoices (
  merchant_id TEXT NOT NULL REFERENCES merchants(id),
  client_invoice_id TEXT NOT NULL,
  outlet_id TEXT NOT NULL REFERENCES outlets(id),
  fiscal_number INTEGER,
  type TEXT NOT NULL,
  mode TEXT NOT NULL CHECK (mode IN ('cloud', 'delegated', 'device')),
  ledger_seq INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (merchant_id, client_invoice_id)
) STRICT, WITHOUT ROWID;
CREATE UNIQUE INDEX invoices_outlet_number ON invoices(outlet_id, fiscal_number) WHERE fiscal_number IS NOT NULL;
CREATE TABLE idempotency (
  merchant_id TEXT NOT NULL,
  key TEXT NOT NULL,
  request_hash TEXT NOT NULL,
  status INTEGER NOT NULL,
  client_invoice_id TEXT,
  response TEXT,
  created_at TEXT NOT NULL,
  PRIMARY KEY (merchant_id, key)
) STRICT, WITHOUT ROWID;
CREATE TABLE ledger (
  outlet_id TEXT NOT NULL REFERENCES outlets(id),
  seq INTEGER NOT NULL CHECK (seq >= 1),
  kind TEXT NOT NULL,
  fiscal_number INTEGER,
  payload TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (outlet_id, seq)
) STRICT;
CREATE UNIQUE INDEX ledger_outlet_number ON ledger(outlet_id, fiscal_number) WHERE fiscal_number IS NOT NULL;
CREATE TABLE credentials (
  id TEXT PRIMARY KEY,
  merchant_id TEXT NOT NULL REFERENCES merchants(id),
  outlet_id TEXT NOT NULL REFERENCES outlets(id),
  pos_terminal_id TEXT NOT NULL,
  public_jwk TEXT NOT NULL,
  first_number INTEGER NOT NULL,
  last_number INTEGER NOT NULL,
  token TEXT NOT NULL,
  status TEXT NOT NULL,
  issued_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  closed_at TEXT
) STRICT;
CREATE TABLE signing_keys (
  kid TEXT PRIMARY KEY,
  purpose TEXT NOT NULL CHECK (purpose IN ('seal', 'issuer')),
  backend TEXT NOT NULL,
  public_jwk TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('active', 'retired')),
  created_at TEXT NOT NULL,
  retired_at TEXT
) STRICT;
CREATE TABLE clock_anomalies (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  outlet_id TEXT NOT NULL REFERENCES outlets(id),
  kind TEXT NOT NULL,
  client_time TEXT,
  server_time TEXT NOT NULL,
  skew_ms INTEGER NOT NULL,
  detail TEXT,
  created_at TEXT NOT NULL
) STRICT;
`;

const postgres = `
CREATE TABLE merchants (
  id TEXT PRIMARY KEY,
  nif TEXT NOT NULL UNIQUE,
  rccm TEXT, name TEXT NOT NULL, address TEXT, city TEXT, phone TEXT, email TEXT,
  created_at TEXT NOT NULL
);
CREATE TABLE sequences (name TEXT PRIMARY KEY, value BIGINT NOT NULL);
CREATE TABLE outlets (
  id TEXT PRIMARY KEY,
  merchant_id TEXT NOT NULL REFERENCES merchants(id),
  serial BIGINT NOT NULL UNIQUE,
  authority_id TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL, address TEXT, isf TEXT,
  created_at TEXT NOT NULL
);
CREATE INDEX outlets_merchant ON outlets(merchant_id);
CREATE TABLE outlet_counters (
  outlet_id TEXT PRIMARY KEY REFERENCES outlets(id),
  next_fiscal_number BIGINT NOT NULL CHECK (next_fiscal_number >= 1),
  next_ledger_seq BIGINT NOT NULL CHECK (next_ledger_seq >= 1),
  last_hash TEXT NOT NULL,
  last_timestamp TEXT
);
CREATE TABLE type_counters (
  authority_id TEXT NOT NULL, type TEXT NOT NULL, value BIGINT NOT NULL CHECK (value >= 1),
  PRIMARY KEY (authority_id, type)
);
CREATE TABLE api_keys (
  id TEXT PRIMARY KEY,
  key_hash TEXT NOT NULL UNIQUE,
  role TEXT NOT NULL CHECK (role IN ('owner', 'cashier', 'technician', 'auditor', 'terminal')),
  merchant_id TEXT NOT NULL REFERENCES merchants(id),
  outlet_id TEXT REFERENCES outlets(id),
  label TEXT,
  created_at TEXT NOT NULL,
  revoked_at TEXT
);
CREATE TABLE invoices (
  merchant_id TEXT NOT NULL REFERENCES merchants(id),
  client_invoice_id TEXT NOT NULL,
  outlet_id TEXT NOT NULL REFERENCES outlets(id),
  fiscal_number BIGINT,
  type TEXT NOT NULL,
  mode TEXT NOT NULL CHECK (mode IN ('cloud', 'delegated', 'device')),
  ledger_seq BIGINT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (merchant_id, client_invoice_id)
);
CREATE UNIQUE INDEX invoices_outlet_number ON invoices(outlet_id, fiscal_number) WHERE fiscal_number IS NOT NULL;
CREATE TABLE idempotency (
  merchant_id TEXT NOT NULL,
  key TEXT NOT NULL,
  request_hash TEXT NOT NULL,
  status INTEGER NOT NULL,
  client_invoice_id TEXT,
  response TEXT,
  created_at TEXT NOT NULL,
  PRIMARY KEY (merchant_id, key)
);
CREATE TABLE ledger (
  outlet_id TEXT NOT NULL REFERENCES outlets(id),
  seq BIGINT NOT NULL CHECK (seq >= 1),
  kind TEXT NOT NULL,
  fiscal_number BIGINT,
  payload TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (outlet_id, seq)
);
CREATE UNIQUE INDEX ledger_outlet_number ON ledger(outlet_id, fiscal_number) WHERE fiscal_number IS NOT NULL;
CREATE TABLE credentials (
  id TEXT PRIMARY KEY,
  merchant_id TEXT NOT NULL REFERENCES merchants(id),
  outlet_id TEXT NOT NULL REFERENCES outlets(id),
  pos_terminal_id TEXT NOT NULL,
  public_jwk TEXT NOT NULL,
  first_number BIGINT NOT NULL,
  last_number BIGINT NOT NULL,
  token TEXT NOT NULL,
  status TEXT NOT NULL,
  issued_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  closed_at TEXT
);
CREATE TABLE signing_keys (
  kid TEXT PRIMARY KEY,
  purpose TEXT NOT NULL CHECK (purpose IN ('seal', 'issuer')),
  backend TEXT NOT NULL,
  public_jwk TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('active', 'retired')),
  created_at TEXT NOT NULL,
  retired_at TEXT
);
CREATE TABLE clock_anomalies (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  outlet_id TEXT NOT NULL REFERENCES outlets(id),
  kind TEXT NOT NULL,
  client_time TEXT,
  server_time TEXT NOT NULL,
  skew_ms BIGINT NOT NULL,
  detail TEXT,
  created_at TEXT NOT NULL
);
`;

export const migration001: Migration = { version: 1, name: 'initial', sqlite, postgres };
