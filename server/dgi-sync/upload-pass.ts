// One upload pass for one outlet: register up to the pending limit in ledger order, compare totals, confirm in order.
import type { AppEvents } from '../webhooks/events';
import { backoffDelay, type BackoffOptions } from './backoff';
import type { EmcfClient } from './emcf-client';
import type { UploadRow, UploadStore } from './upload-store';

export type PassDeps = {
  uploads: UploadStore;
  client: EmcfClient;
  events: AppEvents | undefined;
  maxPending: number;
  backoff: BackoffOptions;
  now: () => number;
};

export type PassResult = { uploaded: number; failed: number; stalled: string | null; waitUntil: number | null };

const iso = (ms: number): string => new Date(ms).toISOString();

export async function uploadPass(deps: PassDeps, outletId: string): Promise<PassResult> {
  const { uploads, client } = deps;
  const result: PassResult = { uploaded: 0, failed: 0, stalled: null, waitUntil: null };
  const rows = uploads.pending(outletId, deps.maxPending);
  const head = rows[0];
  if (!head) return result;
  // The oldest invoice's retry time paces the whole queue: nothing overtakes it.
  if (head.nextAttemptAt > deps.now()) return { ...result, waitUntil: head.nextAttemptAt };

  const fail = (row: UploadRow, reason: string): void => {
    uploads.markFailed(row, reason, iso(deps.now()));
    done.add(row.ledgerSeq);
    result.failed += 1;
    deps.events?.emit({ type: 'invoice.upload_failed', merchantId: row.merchantId, outletId, data: { outlet_id: outletId, client_invoice_id: row.clientInvoiceId, fiscal_number: row.fiscalNumber, reason } });
  };
  const done = new Set<number>();
  let stall: { row: UploadRow; reason: string } | null = null;

  // Phase 1: register, in order, whatever has no uid yet. The window is at most maxPending long, so we never hold more
  // than that many registrations open at the DGI.
  for (const row of rows) {
    if (row.uid) continue;
    const answer = await client.register(row.request);
    if (answer.kind === 'transient') {
      stall = { row, reason: answer.reason };
      break;
    }
    if (answer.kind !== 'ok') {
      fail(row, `refused at registration: ${answer.reason}`);
      continue;
    }
    const { uid, total, vtotal } = answer.value;
    if (total !== row.ttc || vtotal !== row.vat) {
      // Never confirm figures that are not ours: cancel (best effort; an unconfirmed uid also expires by itself).
      await client.cancel(uid);
      fail(row, `totals_mismatch: the DGI computed total ${total}, VAT ${vtotal}; the sealed invoice says ${row.ttc}, ${row.vat}`);
      continue;
    }
    // Durable before confirming: if the confirm answer is lost, the next pass confirms this same uid again.
    uploads.saveUid(row, uid, iso(deps.now()));
    row.uid = uid;
  }

  // Phase 2: confirm in ledger order; stop at the first invoice that is not registered or does not get an answer.
  for (const row of rows) {
    if (done.has(row.ledgerSeq)) continue;
    if (!row.uid) break;
    const answer = await client.confirm(row.uid, { total: row.ttc, vtotal: row.vat });
    if (answer.kind === 'ok') {
      uploads.markUploaded(row, answer.value, iso(deps.now()));
      result.uploaded += 1;
      deps.events?.emit({ type: 'invoice.uploaded', merchantId: row.merchantId, outletId, data: { outlet_id: outletId, client_invoice_id: row.clientInvoiceId, fiscal_number: row.fiscalNumber, dgi: answer.value } });
      continue;
    }
    if (answer.kind === 'unknown_uid') {
      // The registration expired before our confirm reached the DGI, so it never became an invoice there: forget the
      // uid and register afresh on the next pass (this is the one case an invoice is registered twice, never confirmed twice).
      uploads.saveUid(row, null, iso(deps.now()));
      stall = { row, reason: answer.reason };
      break;
    }
    if (answer.kind === 'refused') {
      fail(row, `refused at confirmation: ${answer.reason}`);
      continue;
    }
    stall = { row, reason: answer.reason };
    break;
  }

  if (stall) {
    const next = deps.now() + backoffDelay(stall.row.attempts + 1, deps.backoff);
    uploads.scheduleRetry(stall.row, next, stall.reason, iso(deps.now()));
    result.stalled = stall.reason;
    result.waitUntil = next;
  }
  return result;
}
