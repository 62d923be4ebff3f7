// The SQLite file that holds DGI upload states and webhooks, beside the fiscal store (docs/dgi-sync.md says why).
import Database from 'better-sqlite3';

export type SideDb = Database.Database;

// Forward-only, numbered like the main store's migrations; PRAGMA user_version records how far this file went.
const MIGRATIONS: readonly string[] = [
  `
CREATE TABLE dgi_outlets (
  outlet_id TEXT PRIMARY KEY,
  merchant_id TEXT NOT NULL,
  scanned_seq INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE TABLE dgi_uploads (
  outlet_id TEXT NOT NULL,
  ledger_seq INTEGER NOT NULL,
  merchant_id TEXT NOT NULL,
  client_invoice_id TEXT NOT NULL,
  fiscal_number INTEGER,
  sealed_at TEXT NOT NULL,
  request TEXT NOT NULL,
  ttc TEXT NOT NULL,
  vat TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending', 'uploaded', 'failed')),
  uid TEXT,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL DEFAULT 0,
  last_error TEXT,
  answer TEXT,
  updated_at TEXT NOT NULL,
  uploaded_at TEXT,
  PRIMARY KEY (outlet_id, ledger_seq)
) STRICT;
CREATE UNIQUE INDEX dgi_uploads_invoice ON dgi_uploads(outlet_id, client_invoice_id);
CREATE INDEX dgi_uploads_status ON dgi_uploads(outlet_id, status, ledger_seq);
CREATE TABLE webhooks (
  id TEXT PRIMARY KEY,
  merchant_id TEXT NOT NULL,
  url TEXT NOT NULL,
  events TEXT NOT NULL,
  secret TEXT NOT NULL,
  created_at TEXT NOT NULL
) STRICT;
CREATE INDEX webhooks_merchant ON webhooks(merchant_id);
CREATE TABLE webhook_deliveries (
  id TEXT PRIMARY KEY,
  webhook_id TEXT NOT NULL REFERENCES webhooks(id),
  merchant_id TEXT NOT NULL,
  event_id TEXT NOT NULL,
  event_type TEXT NOT NULL,
  body TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'dead')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL DEFAULT 0,
  last_error TEXT,
  created_at TEXT NOT NULL,
  delivered_at TEXT,
  UNIQUE (webhook_id, event_id)
) STRICT;
CREATE INDEX webhook_deliveries_due ON webhook_deliveries(status, next_attempt_at);
`,
];

export type SideDbError = { code: 'side_db.too_new'; message: string };

/** Opens (and migrates) the side database; ':memory:' for a throwaway one. */
export function openSideDb(path: string): SideDb {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  const version = Number(db.pragma('user_version', { simple: true }));
  if (version > MIGRATIONS.length) {
    db.close();
    const error: SideDbError = { code: 'side_db.too_new', message: `The DGI/webhooks database ${path} is at version ${version}, newer than this build (${MIGRATIONS.length}).` };
    throw Object.assign(new Error(error.message), error);
  }
  db.transaction(() => {
    for (let v = version; v < MIGRATIONS.length; v++) db.exec(MIGRATIONS[v] ?? '');
    db.pragma(`user_version = ${MIGRATIONS.length}`);
  })();
  return db;
}
