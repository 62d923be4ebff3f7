// The outbox: one entry per draft, in sale order, and how each sealing outcome moves it (with the local chain).
import type Database from 'better-sqlite3';
import { canonicalBytes } from '../../fiscal/canonical';
import { sha256Hex } from '../../fiscal/bytes';
import { nextEntry } from '../../fiscal/chain';
import type { InvoiceDraft } from '../../fiscal/invoice-types';
import type { OutboxStatus, SignerKind } from '../api/pos-types';
import { CoreError } from './errors';
import type { SealOutcome } from './sealer';

export type NewSale = {
  draft: InvoiceDraft;
  change: bigint;
  ticketHash: string | null;
  signer: SignerKind;
  status: Extract<OutboxStatus, 'awaiting_seal' | 'sealing'>;
  reason: string;
  now: Date;
};

/** Writes the draft and its outbox entry. Call inside the caller's transaction: both land or neither. */
export function insertSale(db: Database.Database, sale: NewSale): number {
  const d = sale.draft;
  db.prepare(`INSERT INTO drafts(client_invoice_id, invoice_number, type, cashier_id, currency, total_ttc, change_due, issued_at, body, ticket_hash)
              VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
    .run(d.client_invoice_id, d.invoice_number, d.type, d.cashier_id, d.currency, BigInt(d.totals.ttc.replace('.', '')), sale.change, d.issued_at, JSON.stringify(d), sale.ticketHash);
  const at = sale.now.toISOString();
  const res = db
    .prepare('INSERT INTO outbox(client_invoice_id, status, signer, reason, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)')
    .run(d.client_invoice_id, sale.status, sale.signer, sale.reason, at, at);
  return Number(res.lastInsertRowid);
}

function setStatus(db: Database.Database, id: string, status: OutboxStatus, reason: string, now: Date, error: string | null = null): void {
  db.prepare('UPDATE outbox SET status = ?, reason = ?, last_error = ?, attempts = attempts + 1, updated_at = ? WHERE client_invoice_id = ?')
    .run(status, reason, error, now.toISOString(), id);
}

/** The draft exactly as stored, so a sealed answer can be compared with what was sent. */
export function storedDraft(db: Database.Database, id: string): InvoiceDraft | null {
  const body = db.prepare('SELECT body FROM drafts WHERE client_invoice_id = ?').pluck().get(id) as string | undefined;
  return body === undefined ? null : (JSON.parse(body) as InvoiceDraft);
}

/** The sealed invoice must be our draft plus security elements: anything else would print figures we never sold. */
function checkSealedMatchesDraft(draft: InvoiceDraft, outcome: Extract<SealOutcome, { status: 'sealed' }>): void {
  const { security: _security, ...rest } = outcome.invoice;
  const a = new TextDecoder().decode(canonicalBytes(rest));
  const b = new TextDecoder().decode(canonicalBytes(draft));
  if (a !== b) {
    throw new CoreError('seal_mismatch', `The sealed invoice ${draft.client_invoice_id} differs from the draft the till sent; it was not stored.`);
  }
}

// Local chain appends are async (SHA-256 via WebCrypto) and must not interleave: one queue per database.
const chainQueues = new WeakMap<Database.Database, Promise<unknown>>();

function serialized<T>(db: Database.Database, work: () => Promise<T>): Promise<T> {
  const previous = chainQueues.get(db) ?? Promise.resolve();
  const next = previous.then(work, work);
  chainQueues.set(db, next.catch(() => undefined));
  return next;
}

/**
 * Moves an outbox entry by one sealing outcome. A sealed invoice is stored with its cloud ledger link, or, when
 * sealed on the till (delegated, device), with the next link of the till's own chain, in one transaction with
 * the outbox change. Cloud-sealed sales are done; locally sealed ones wait for upload.
 */
export async function recordOutcome(db: Database.Database, id: string, outcome: SealOutcome, now: Date): Promise<void> {
  if (outcome.status !== 'sealed') {
    const [status, error]: [OutboxStatus, string | null] =
      outcome.status === 'refused' ? ['rejected', `${outcome.code}: ${outcome.message}`] : outcome.status === 'unknown' ? ['sealing', outcome.message] : ['awaiting_seal', outcome.message];
    const reason =
      outcome.status === 'refused'
        ? `Refusée par le signataire : ${outcome.message}`
        : outcome.status === 'unknown'
          ? `Réponse du signataire perdue : à vérifier par son identifiant avant tout nouvel envoi (${outcome.message}).`
          : `Signataire indisponible : la vente attend (${outcome.message}).`;
    setStatus(db, id, status, reason, now, error);
    return;
  }
  const draft = storedDraft(db, id);
  if (draft === null) throw new CoreError('invoice_not_found', `No draft ${id} to seal.`);
  checkSealedMatchesDraft(draft, outcome);
  const sealed = outcome.invoice;
  const isLocal = sealed.security.mode !== 'cloud';
  return serialized(db, async () => {
    const head = db.prepare('SELECT seq, hash FROM local_chain ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: string } | undefined;
    const link = isLocal
      ? await nextEntry(head ?? null, {
          client_invoice_id: id,
          mode: sealed.security.mode,
          code: sealed.security.code,
          invoice_sha256: await sha256Hex(canonicalBytes(sealed)),
        })
      : null;
    const at = now.toISOString();
    db.transaction(() => {
      db.prepare(`INSERT INTO sealed_invoices(client_invoice_id, mode, authority_id, fiscal_number, code, timestamp, ledger_seq, ledger_prev_hash, ledger_hash, body, stored_at)
                  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
        .run(id, sealed.security.mode, sealed.security.authority_id, sealed.security.fiscal_number ?? null, sealed.security.code, sealed.security.timestamp,
          outcome.ledger?.seq ?? null, outcome.ledger?.prev_hash ?? null, outcome.ledger?.hash ?? null, JSON.stringify(sealed), at);
      if (link !== null) {
        db.prepare('INSERT INTO local_chain(seq, client_invoice_id, prev_hash, hash, created_at) VALUES (?, ?, ?, ?, ?)').run(link.seq, id, link.prev_hash, link.hash, at);
      }
      const mode = sealed.security.mode;
      if (isLocal) setStatus(db, id, 'awaiting_upload', `Scellée sur la caisse (${mode}) : à téléverser au cloud.`, now);
      else setStatus(db, id, 'done', 'Scellée par le cloud.', now);
    }).immediate();
  });
}
