// Durable DGI upload states per invoice (pending, uploaded with the DGI's answer, failed with a reason), on the side db.
import type { SideDb } from './side-db';
import type { EmcfConfirmed, EmcfInvoiceRequest } from './emcf-wire';

export type UploadStatus = 'pending' | 'uploaded' | 'failed';

export type UploadRow = {
  outletId: string;
  ledgerSeq: number;
  merchantId: string;
  clientInvoiceId: string;
  fiscalNumber: number | null;
  sealedAt: string;
  request: EmcfInvoiceRequest;
  ttc: string;
  vat: string;
  status: UploadStatus;
  /** The DGI's uid once registered: kept before confirming, so a lost confirm answer is settled on the same uid. */
  uid: string | null;
  attempts: number;
  nextAttemptAt: number;
  lastError: string | null;
  answer: EmcfConfirmed | null;
  uploadedAt: string | null;
};

export type NewUpload = Pick<UploadRow, 'outletId' | 'ledgerSeq' | 'merchantId' | 'clientInvoiceId' | 'fiscalNumber' | 'sealedAt' | 'request' | 'ttc' | 'vat'>;

export type UploadSummary = {
  counts: Record<UploadStatus, number>;
  lastSuccessAt: string | null;
  /** Seal time of the oldest invoice not uploaded (pending or failed). */
  oldestNotUploadedAt: string | null;
  lastError: string | null;
};

type Raw = {
  outlet_id: string; ledger_seq: number; merchant_id: string; client_invoice_id: string; fiscal_number: number | null;
  sealed_at: string; request: string; ttc: string; vat: string; status: UploadStatus; uid: string | null; attempts: number;
  next_attempt_at: number; last_error: string | null; answer: string | null; uploaded_at: string | null;
};

const toRow = (r: Raw): UploadRow => ({
  outletId: r.outlet_id, ledgerSeq: r.ledger_seq, merchantId: r.merchant_id, clientInvoiceId: r.client_invoice_id,
  fiscalNumber: r.fiscal_number, sealedAt: r.sealed_at, request: JSON.parse(r.request) as EmcfInvoiceRequest, ttc: r.ttc,
  vat: r.vat, status: r.status, uid: r.uid, attempts: r.attempts, nextAttemptAt: r.next_attempt_at, lastError: r.last_error,
  answer: r.answer ? (JSON.parse(r.answer) as EmcfConfirmed) : null, uploadedAt: r.uploaded_at,
});

export function createUploadStore(db: SideDb) {
  const q = {
    outlets: db.prepare('SELECT outlet_id, merchant_id, scanned_seq FROM dgi_outlets ORDER BY outlet_id'),
    scanned: db.prepare('SELECT scanned_seq FROM dgi_outlets WHERE outlet_id = ?'),
    upsertOutlet: db.prepare(`INSERT INTO dgi_outlets (outlet_id, merchant_id, scanned_seq) VALUES (?, ?, ?)
      ON CONFLICT (outlet_id) DO UPDATE SET scanned_seq = max(scanned_seq, excluded.scanned_seq)`),
    insert: db.prepare(`INSERT INTO dgi_uploads (outlet_id, ledger_seq, merchant_id, client_invoice_id, fiscal_number, sealed_at,
      request, ttc, vat, status, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?) ON CONFLICT DO NOTHING`),
    pending: db.prepare(`SELECT * FROM dgi_uploads WHERE outlet_id = ? AND status = 'pending' ORDER BY ledger_seq LIMIT ?`),
    get: db.prepare('SELECT * FROM dgi_uploads WHERE outlet_id = ? AND client_invoice_id = ?'),
    saveUid: db.prepare(`UPDATE dgi_uploads SET uid = ?, updated_at = ? WHERE outlet_id = ? AND ledger_seq = ? AND status = 'pending'`),
    uploaded: db.prepare(`UPDATE dgi_uploads SET status = 'uploaded', answer = ?, uploaded_at = ?, updated_at = ?, last_error = NULL
      WHERE outlet_id = ? AND ledger_seq = ? AND status = 'pending'`),
    failed: db.prepare(`UPDATE dgi_uploads SET status = 'failed', last_error = ?, updated_at = ? WHERE outlet_id = ? AND ledger_seq = ? AND status = 'pending'`),
    retry: db.prepare(`UPDATE dgi_uploads SET attempts = attempts + 1, next_attempt_at = ?, last_error = ?, updated_at = ?
      WHERE outlet_id = ? AND ledger_seq = ?`),
    counts: db.prepare('SELECT status, count(*) AS n FROM dgi_uploads WHERE outlet_id = ? GROUP BY status'),
    lastSuccess: db.prepare(`SELECT max(uploaded_at) AS at FROM dgi_uploads WHERE outlet_id = ? AND status = 'uploaded'`),
    oldest: db.prepare(`SELECT sealed_at, last_error FROM dgi_uploads WHERE outlet_id = ? AND status != 'uploaded' ORDER BY ledger_seq LIMIT 1`),
  };

  return {
    outlets: (): Array<{ outletId: string; merchantId: string; scannedSeq: number }> =>
      (q.outlets.all() as Array<{ outlet_id: string; merchant_id: string; scanned_seq: number }>).map((r) => ({ outletId: r.outlet_id, merchantId: r.merchant_id, scannedSeq: r.scanned_seq })),
    scannedSeq: (outletId: string): number => (q.scanned.get(outletId) as { scanned_seq: number } | undefined)?.scanned_seq ?? 0,
    /** Queues invoices found in the ledger and moves the outlet's scan mark, in one transaction. */
    enqueue: db.transaction((outletId: string, merchantId: string, scannedSeq: number, uploads: readonly NewUpload[], at: string) => {
      for (const u of uploads) {
        q.insert.run(u.outletId, u.ledgerSeq, u.merchantId, u.clientInvoiceId, u.fiscalNumber, u.sealedAt, JSON.stringify(u.request), u.ttc, u.vat, at);
      }
      q.upsertOutlet.run(outletId, merchantId, scannedSeq);
    }),
    /** Makes an outlet known to the poll loop without moving its scan mark (the upsert keeps the higher mark). */
    knowOutlet: (outletId: string, merchantId: string): void => void q.upsertOutlet.run(outletId, merchantId, 0),
    pending: (outletId: string, limit: number): UploadRow[] => (q.pending.all(outletId, limit) as Raw[]).map(toRow),
    get: (outletId: string, clientInvoiceId: string): UploadRow | undefined => {
      const r = q.get.get(outletId, clientInvoiceId) as Raw | undefined;
      return r ? toRow(r) : undefined;
    },
    saveUid: (row: UploadRow, uid: string | null, at: string): void => void q.saveUid.run(uid, at, row.outletId, row.ledgerSeq),
    markUploaded: (row: UploadRow, answer: EmcfConfirmed, at: string): void => void q.uploaded.run(JSON.stringify(answer), at, at, row.outletId, row.ledgerSeq),
    markFailed: (row: UploadRow, reason: string, at: string): void => void q.failed.run(reason, at, row.outletId, row.ledgerSeq),
    scheduleRetry: (row: UploadRow, nextAttemptAt: number, reason: string, at: string): void =>
      void q.retry.run(nextAttemptAt, reason, at, row.outletId, row.ledgerSeq),
    summary: (outletId: string): UploadSummary => {
      const counts: Record<UploadStatus, number> = { pending: 0, uploaded: 0, failed: 0 };
      for (const r of q.counts.all(outletId) as Array<{ status: UploadStatus; n: number }>) counts[r.status] = r.n;
      const oldest = q.oldest.get(outletId) as { sealed_at: string; last_error: string | null } | undefined;
      return {
        counts,
        lastSuccessAt: (q.lastSuccess.get(outletId) as { at: string | null }).at,
        oldestNotUploadedAt: oldest?.sealed_at ?? null,
        lastError: oldest?.last_error ?? null,
      };
    },
  };
}

export type UploadStore = ReturnType<typeof createUploadStore>;
