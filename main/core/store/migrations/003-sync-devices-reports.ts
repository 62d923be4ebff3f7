// Migration 3: what part 2 of the core keeps: outbox retry times, sync facts, paired devices, receipt prints, Z closings, the till's key.
import type { Migration } from './types';

export const migration003: Migration = {
  version: 3,
  name: 'sync-devices-reports',
  sql: `
-- When the sync agent may try this entry again (exponential backoff with jitter); NULL = now. Kept in the row so
-- a restarted till resumes the same schedule instead of hammering a cloud that was down.
ALTER TABLE outbox ADD COLUMN next_attempt_at TEXT;
CREATE INDEX outbox_due ON outbox(status, next_attempt_at, seq);

-- Facts of the sync agent that outlive a restart: last successful upload, last contact with the cloud, offline since.
CREATE TABLE sync_state (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

-- One paired device per role; link is "host:port" for TCP, the port path for serial.
CREATE TABLE devices (
  id           TEXT PRIMARY KEY,
  role         TEXT NOT NULL UNIQUE CHECK (role IN ('printer','mcf','scanner','drawer')),
  transport    TEXT NOT NULL CHECK (transport IN ('serial','usb','hid','tcp','memory')),
  path         TEXT NOT NULL CHECK (length(path) BETWEEN 1 AND 255),
  label        TEXT NOT NULL,
  options      TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(options)),
  status       TEXT NOT NULL DEFAULT 'unknown' CHECK (status IN ('ok','fault','unknown')),
  last_seen_at TEXT,
  last_error   TEXT,
  paired_at    TEXT NOT NULL
) STRICT;

-- Every receipt printed: the first fiscal print is the original, any later one a DUPLICATA (protocol §2).
CREATE TABLE receipt_prints (
  id                INTEGER PRIMARY KEY,
  client_invoice_id TEXT NOT NULL REFERENCES drafts(client_invoice_id),
  kind              TEXT NOT NULL CHECK (kind IN ('original','duplicate','pending')),
  printed_at        TEXT NOT NULL
) STRICT;
CREATE INDEX receipt_prints_invoice ON receipt_prints(client_invoice_id, kind);

-- The till's Z closings, numbered 1..N without gaps, each sealed and chained to the one before by hash.
CREATE TABLE z_reports (
  z_number  INTEGER PRIMARY KEY CHECK (z_number >= 1),
  taken_at  TEXT NOT NULL,
  body      TEXT NOT NULL CHECK (json_valid(body)),
  prev_hash TEXT NOT NULL,
  hash      TEXT NOT NULL UNIQUE,
  printed_at TEXT
) STRICT;

-- The till's own ES256 key: it countersigns what an MCF seals (mode device) and seals the till's Z records.
CREATE TABLE till_keys (
  kid         TEXT PRIMARY KEY,
  private_jwk TEXT NOT NULL CHECK (json_valid(private_jwk)),
  public_jwk  TEXT NOT NULL CHECK (json_valid(public_jwk)),
  created_at  TEXT NOT NULL
) STRICT;
`,
};
