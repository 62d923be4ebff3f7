// Migration 4: the fiscal extension (delegated offline signing): the credentials this till holds and each number it used.
import type { Migration } from './types';

export const migration004: Migration = {
  version: 4,
  name: 'delegated',
  sql: `
-- Credentials the cloud issued to this till (POST /v1/credentials): a block of the outlet's numbers bound to the
-- till's key until expires_at. 'open': usable while unexpired with numbers left; 'superseded': a newer one took over,
-- returned once its invoices are uploaded; 'returned': ended (POST /v1/credentials/{id}/return), unused numbers voided.
CREATE TABLE delegated_credentials (
  credential_id TEXT PRIMARY KEY,
  token         TEXT NOT NULL,
  authority_id  TEXT NOT NULL,
  till_kid      TEXT NOT NULL,
  block_first   INTEGER NOT NULL CHECK (block_first >= 1),
  block_last    INTEGER NOT NULL CHECK (block_last >= block_first),
  issued_at     TEXT NOT NULL,
  expires_at    TEXT NOT NULL,
  status        TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','superseded','returned')),
  received_at   TEXT NOT NULL,
  closed_at     TEXT
) STRICT;

-- One row per number used: taken in the same immediate transaction that checks the block, BEFORE the invoice is
-- signed, and tied to the sale. A crash after it re-signs the same number, time and FC for the same sale; a number
-- is never given to two sales.
CREATE TABLE delegated_uses (
  credential_id     TEXT NOT NULL REFERENCES delegated_credentials(credential_id),
  fiscal_number     INTEGER NOT NULL,
  client_invoice_id TEXT NOT NULL UNIQUE REFERENCES drafts(client_invoice_id),
  type              TEXT NOT NULL,
  fc                INTEGER NOT NULL CHECK (fc >= 1),
  timestamp         TEXT NOT NULL,
  used_at           TEXT NOT NULL,
  PRIMARY KEY (credential_id, fiscal_number),
  UNIQUE (credential_id, type, fc)
) STRICT;
`,
};
