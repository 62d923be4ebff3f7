// Migration 1: the till's first schema: settings, catalog (+ accent-insensitive name index), cashiers and
// sessions, drafts, sealed invoices, the local hash chain, the outbox and the till's own counters.
import type { Migration } from './types';

const TAX_GROUPS = "('A','B','C','D','E','F','G','H','I','J','K','L','M','N','O','P')";

export const migration001: Migration = {
  version: 1,
  name: 'initial',
  sql: `
CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL CHECK (json_valid(value))
) STRICT;

-- id is an explicit INTEGER PRIMARY KEY so VACUUM never renumbers the rowids the FTS index points at.
CREATE TABLE products (
  id                       INTEGER PRIMARY KEY,
  code                     TEXT NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 64),
  barcode                  TEXT UNIQUE CHECK (barcode IS NULL OR length(barcode) BETWEEN 1 AND 64),
  name                     TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 255),
  name_folded              TEXT NOT NULL,
  type                     TEXT NOT NULL CHECK (type IN ('BIE','SER','TAX')),
  tax_group                TEXT NOT NULL CHECK (tax_group IN ${TAX_GROUPS}),
  price                    INTEGER NOT NULL CHECK (price >= 0),
  currency                 TEXT NOT NULL DEFAULT 'CDF' CHECK (currency IN ('CDF','USD')),
  specific_tax_kind        TEXT CHECK (specific_tax_kind IN ('per_unit','percent')),
  specific_tax_value       INTEGER CHECK (specific_tax_value >= 0),
  specific_tax_description TEXT,
  is_out_of_scope          INTEGER NOT NULL DEFAULT 0 CHECK (is_out_of_scope IN (0,1)),
  active                   INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0,1)),
  updated_at               TEXT NOT NULL,
  CHECK ((specific_tax_kind IS NULL) = (specific_tax_value IS NULL)),
  CHECK (is_out_of_scope = 0 OR tax_group = 'A')
) STRICT;
-- name_folded is the name without case or accents (folded by the app, as the FTS tokenizer folds): a B-tree
-- range on it answers "names starting with…" in alphabetical order without sorting the matches.
CREATE INDEX products_name_folded ON products(name_folded);

-- Word search: unicode61 with remove_diacritics folds case and accents ("creme" finds "YAOURT … CRÈME").
-- No prefix= indexes: measured at 100,000 products they tripled import time for no query over 2 ms.
CREATE VIRTUAL TABLE products_fts USING fts5(
  name, code,
  content = 'products', content_rowid = 'id',
  tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER products_fts_ai AFTER INSERT ON products BEGIN
  INSERT INTO products_fts(rowid, name, code) VALUES (new.id, new.name, new.code);
END;
CREATE TRIGGER products_fts_ad AFTER DELETE ON products BEGIN
  INSERT INTO products_fts(products_fts, rowid, name, code) VALUES ('delete', old.id, old.name, old.code);
END;
CREATE TRIGGER products_fts_au AFTER UPDATE OF name, code ON products BEGIN
  INSERT INTO products_fts(products_fts, rowid, name, code) VALUES ('delete', old.id, old.name, old.code);
  INSERT INTO products_fts(rowid, name, code) VALUES (new.id, new.name, new.code);
END;

CREATE TABLE cashiers (
  id              TEXT PRIMARY KEY,
  name            TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(name) BETWEEN 1 AND 64),
  role            TEXT NOT NULL CHECK (role IN ('cashier','owner','technician')),
  pin_hash        TEXT NOT NULL,
  active          INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0,1)),
  failed_attempts INTEGER NOT NULL DEFAULT 0,
  locked_until    TEXT,
  created_at      TEXT NOT NULL
) STRICT;

CREATE TABLE sessions (
  id           TEXT PRIMARY KEY,
  cashier_id   TEXT NOT NULL REFERENCES cashiers(id),
  opened_at    TEXT NOT NULL,
  closed_at    TEXT,
  close_reason TEXT
) STRICT;
CREATE INDEX sessions_open ON sessions(closed_at) WHERE closed_at IS NULL;

-- A draft is never changed once written: what the cashier confirmed is what gets sealed.
CREATE TABLE drafts (
  client_invoice_id TEXT PRIMARY KEY,
  invoice_number    TEXT NOT NULL UNIQUE,
  type              TEXT NOT NULL CHECK (type IN ('FV','FT','EV','ET','FA','EA')),
  cashier_id        TEXT NOT NULL,
  currency          TEXT NOT NULL CHECK (currency IN ('CDF','USD')),
  total_ttc         INTEGER NOT NULL,
  change_due        INTEGER NOT NULL DEFAULT 0 CHECK (change_due >= 0),
  issued_at         TEXT NOT NULL,
  body              TEXT NOT NULL CHECK (json_valid(body))
) STRICT;
CREATE INDEX drafts_issued ON drafts(issued_at);

CREATE TABLE sealed_invoices (
  client_invoice_id TEXT PRIMARY KEY REFERENCES drafts(client_invoice_id),
  mode              TEXT NOT NULL CHECK (mode IN ('cloud','delegated','device')),
  authority_id      TEXT NOT NULL,
  fiscal_number     INTEGER,
  code              TEXT NOT NULL,
  timestamp         TEXT NOT NULL,
  ledger_seq        INTEGER,
  ledger_prev_hash  TEXT,
  ledger_hash       TEXT,
  body              TEXT NOT NULL CHECK (json_valid(body)),
  stored_at         TEXT NOT NULL
) STRICT;

-- The till's own chain over what it sealed locally (delegated, device): seq runs 1..N without gaps.
CREATE TABLE local_chain (
  seq               INTEGER PRIMARY KEY,
  client_invoice_id TEXT NOT NULL UNIQUE REFERENCES sealed_invoices(client_invoice_id),
  prev_hash         TEXT NOT NULL,
  hash              TEXT NOT NULL UNIQUE,
  created_at        TEXT NOT NULL
) STRICT;

-- One entry per draft, in the order sales were made; the sync agent works through it by seq.
CREATE TABLE outbox (
  seq               INTEGER PRIMARY KEY AUTOINCREMENT,
  client_invoice_id TEXT NOT NULL UNIQUE REFERENCES drafts(client_invoice_id),
  status            TEXT NOT NULL CHECK (status IN ('awaiting_seal','sealing','awaiting_upload','done','rejected')),
  signer            TEXT NOT NULL CHECK (signer IN ('device','cloud','delegated','none')),
  reason            TEXT NOT NULL,
  attempts          INTEGER NOT NULL DEFAULT 0,
  last_error        TEXT,
  created_at        TEXT NOT NULL,
  updated_at        TEXT NOT NULL
) STRICT;
CREATE INDEX outbox_status ON outbox(status, seq);

-- The till's own counters (its invoice numbers "N/YYYY"), bumped inside the transaction that uses them.
CREATE TABLE counters (
  name  TEXT PRIMARY KEY,
  value INTEGER NOT NULL
) STRICT;
`,
};
