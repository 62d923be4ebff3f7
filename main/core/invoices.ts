// Reading sales back: one invoice with its outbox state and seal, pages of summaries, and outbox counts.
import type Database from 'better-sqlite3';
import { formatAmount } from '../../fiscal/money';
import { toKinshasaIso } from '../../fiscal/dgi-time';
import type { InvoiceDraft, SealedInvoice } from '../../fiscal/invoice-types';
import type { InvoicePage, InvoiceRecord, InvoiceSummary, ListInvoicesArgs, OutboxStatus, SignerKind } from '../api/pos-types';
import { CoreError } from './errors';

type RecordRow = {
  seq: number; client_invoice_id: string; invoice_number: string; status: OutboxStatus; signer: SignerKind; reason: string;
  change_due: number; body: string; sealed_body: string | null;
};

export function getInvoiceRecord(db: Database.Database, id: string): InvoiceRecord {
  const row = db
    .prepare(`SELECT o.seq, d.client_invoice_id, d.invoice_number, o.status, o.signer, o.reason, d.change_due, d.body, s.body AS sealed_body
              FROM drafts d JOIN outbox o ON o.client_invoice_id = d.client_invoice_id
              LEFT JOIN sealed_invoices s ON s.client_invoice_id = d.client_invoice_id
              WHERE d.client_invoice_id = ?`)
    .get(typeof id === 'string' ? id : '') as RecordRow | undefined;
  if (row === undefined) throw new CoreError('invoice_not_found', `No sale with id ${String(id)} on this till.`);
  return {
    client_invoice_id: row.client_invoice_id,
    invoice_number: row.invoice_number,
    status: row.status,
    signer: row.signer,
    reason: row.reason,
    change_due: formatAmount(BigInt(row.change_due)),
    draft: JSON.parse(row.body) as InvoiceDraft,
    sealed: row.sealed_body === null ? null : (JSON.parse(row.sealed_body) as SealedInvoice),
  };
}

const STATUSES: readonly OutboxStatus[] = ['awaiting_seal', 'sealing', 'awaiting_upload', 'done', 'rejected'];
export const MAX_PAGE = 200;

/** Bounds are compared as Kinshasa ISO text, the form every issued_at is stored in, so any offset may be given. */
function bound(value: unknown, name: string): string | null {
  if (value === undefined || value === null) return null;
  try {
    return toKinshasaIso(value as string);
  } catch {
    throw new CoreError('invalid_argument', `"${name}" must be an ISO date-time with an offset, like 2026-11-25T00:00:00+01:00.`);
  }
}

/** Newest first, filtered by status and issue time, paged by outbox seq. */
export function listInvoices(db: Database.Database, args: ListInvoicesArgs = {}): InvoicePage {
  const limit = Math.max(1, Math.min(MAX_PAGE, Math.trunc(Number(args.limit ?? 50)) || 50));
  const statuses = args.status ?? [];
  if (!Array.isArray(statuses) || statuses.some((s) => !STATUSES.includes(s))) {
    throw new CoreError('invalid_argument', `status must be a list of ${STATUSES.join(', ')}.`);
  }
  const from = bound(args.from, 'from');
  const to = bound(args.to, 'to');
  const before = args.before_seq === undefined ? null : Number(args.before_seq);
  if (before !== null && !Number.isSafeInteger(before)) throw new CoreError('invalid_argument', 'before_seq must be a whole number.');
  const rows = db
    .prepare(`SELECT o.seq, d.client_invoice_id, d.invoice_number, d.type, d.issued_at, d.currency, d.total_ttc, d.cashier_id,
                     o.status, o.signer, o.reason, s.code AS fiscal_code
              FROM outbox o JOIN drafts d ON d.client_invoice_id = o.client_invoice_id
              LEFT JOIN sealed_invoices s ON s.client_invoice_id = o.client_invoice_id
              WHERE (@statuses = '[]' OR o.status IN (SELECT value FROM json_each(@statuses)))
                AND (@from IS NULL OR d.issued_at >= @from) AND (@to IS NULL OR d.issued_at < @to)
                AND (@before IS NULL OR o.seq < @before)
              ORDER BY o.seq DESC LIMIT @limit`)
    .all({ statuses: JSON.stringify(statuses), from, to, before, limit: limit + 1 }) as (Omit<InvoiceSummary, 'total_ttc'> & { total_ttc: number })[];
  const page = rows.slice(0, limit).map((r) => ({ ...r, total_ttc: formatAmount(BigInt(r.total_ttc)) }));
  return { invoices: page, next_before_seq: rows.length > limit ? (page[page.length - 1]?.seq ?? null) : null };
}

export type OutboxCounts = Record<OutboxStatus, number> & { last_done_at: string | null };

export function outboxCounts(db: Database.Database): OutboxCounts {
  const counts: OutboxCounts = { awaiting_seal: 0, sealing: 0, awaiting_upload: 0, done: 0, rejected: 0, last_done_at: null };
  for (const r of db.prepare('SELECT status, count(*) AS n FROM outbox GROUP BY status').all() as { status: OutboxStatus; n: number }[]) counts[r.status] = r.n;
  counts.last_done_at = (db.prepare("SELECT max(updated_at) FROM outbox WHERE status = 'done'").pluck().get() as string | null) ?? null;
  return counts;
}
