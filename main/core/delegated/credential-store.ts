// The credentials this till holds and the numbers it took from them (SQLite tables of migration 4).
import type Database from 'better-sqlite3';

export type HeldCredential = {
  credential_id: string;
  token: string;
  authority_id: string;
  till_kid: string;
  block: { first: number; last: number };
  issued_at: string;
  expires_at: string;
  status: 'open' | 'superseded' | 'returned';
  /** Numbers of the block already given to a sale. */
  used: number;
  /** Numbers left after the highest one used (a block is used in order). */
  remaining: number;
};

/** One taken number: the sale it went to, its FC and its DGI timestamp, as signed. */
export type Use = { credential_id: string; fiscal_number: number; client_invoice_id: string; type: string; fc: number; timestamp: string };

type Row = {
  credential_id: string; token: string; authority_id: string; till_kid: string; block_first: number; block_last: number;
  issued_at: string; expires_at: string; status: HeldCredential['status']; used: number; top: number | null;
};

const SELECT = `SELECT c.credential_id, c.token, c.authority_id, c.till_kid, c.block_first, c.block_last, c.issued_at, c.expires_at, c.status,
                       (SELECT count(*) FROM delegated_uses u WHERE u.credential_id = c.credential_id) AS used,
                       (SELECT max(fiscal_number) FROM delegated_uses u WHERE u.credential_id = c.credential_id) AS top
                FROM delegated_credentials c`;

const toHeld = (r: Row): HeldCredential => ({
  credential_id: r.credential_id, token: r.token, authority_id: r.authority_id, till_kid: r.till_kid,
  block: { first: r.block_first, last: r.block_last }, issued_at: r.issued_at, expires_at: r.expires_at, status: r.status,
  used: r.used, remaining: r.block_last - (r.top ?? r.block_first - 1),
});

/** Every credential not yet returned, oldest block first. */
export function heldCredentials(db: Database.Database): HeldCredential[] {
  return (db.prepare(`${SELECT} WHERE c.status <> 'returned' ORDER BY c.block_first`).all() as Row[]).map(toHeld);
}

export function heldCredential(db: Database.Database, id: string): HeldCredential | null {
  const row = db.prepare(`${SELECT} WHERE c.credential_id = ?`).get(id) as Row | undefined;
  return row === undefined ? null : toHeld(row);
}

/** The credential a sale would be sealed under at `nowMs`: open, issued, unexpired, numbers left, for this key; oldest block first. */
export function usableCredential(db: Database.Database, nowMs: number, kid: string): HeldCredential | null {
  return heldCredentials(db).find((c) => c.status === 'open' && c.till_kid === kid && c.remaining > 0
    && Date.parse(c.issued_at) <= nowMs && nowMs < Date.parse(c.expires_at)) ?? null;
}

export function insertCredential(db: Database.Database, c: Omit<HeldCredential, 'status' | 'used' | 'remaining'>, now: Date): void {
  db.prepare(`INSERT INTO delegated_credentials(credential_id, token, authority_id, till_kid, block_first, block_last, issued_at, expires_at, received_at)
              VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`)
    .run(c.credential_id, c.token, c.authority_id, c.till_kid, c.block.first, c.block.last, c.issued_at, c.expires_at, now.toISOString());
}

export function setCredentialStatus(db: Database.Database, id: string, status: HeldCredential['status'], now: Date): void {
  db.prepare('UPDATE delegated_credentials SET status = ?, closed_at = CASE WHEN ? = \'returned\' THEN ? ELSE closed_at END WHERE credential_id = ?')
    .run(status, status, now.toISOString(), id);
}

export function useOf(db: Database.Database, clientInvoiceId: string): Use | null {
  return (db.prepare('SELECT credential_id, fiscal_number, client_invoice_id, type, fc, timestamp FROM delegated_uses WHERE client_invoice_id = ?')
    .get(clientInvoiceId) as Use | undefined) ?? null;
}

/** Takes the next number of `c` and the next FC of `type` under its authority. Call inside an immediate transaction. */
export function takeNumber(db: Database.Database, c: HeldCredential, clientInvoiceId: string, type: string, timestamp: string, now: Date): Use {
  const top = db.prepare('SELECT max(fiscal_number) FROM delegated_uses WHERE credential_id = ?').pluck().get(c.credential_id) as number | null;
  const fcTop = db.prepare('SELECT max(fc) FROM delegated_uses WHERE credential_id = ? AND type = ?').pluck().get(c.credential_id, type) as number | null;
  const use: Use = { credential_id: c.credential_id, fiscal_number: (top ?? c.block.first - 1) + 1, client_invoice_id: clientInvoiceId, type, fc: (fcTop ?? 0) + 1, timestamp };
  db.prepare('INSERT INTO delegated_uses(credential_id, fiscal_number, client_invoice_id, type, fc, timestamp, used_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
    .run(use.credential_id, use.fiscal_number, use.client_invoice_id, use.type, use.fc, use.timestamp, now.toISOString());
  return use;
}

/** Sales under this credential the cloud has not settled yet (being sealed, or sealed and waiting for upload). */
export function unsettledUses(db: Database.Database, id: string): number {
  return db.prepare(`SELECT count(*) FROM delegated_uses u JOIN outbox o USING (client_invoice_id)
                     WHERE u.credential_id = ? AND o.status IN ('sealing','awaiting_upload')`).pluck().get(id) as number;
}
