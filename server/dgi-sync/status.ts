// The outlet's DGI upload light: green, yellow or red with the reason, from the upload summary.
import type { UploadSummary } from './upload-store';

export type DgiLight = 'green' | 'yellow' | 'red';

export type DgiSyncStatus = {
  outlet_id: string;
  counts: { pending: number; uploaded: number; failed: number };
  last_success_at: string | null;
  oldest_not_uploaded_at: string | null;
  last_error: string | null;
  status: DgiLight;
  reason: string;
};

export const RED_AFTER_MS = 24 * 3600_000;

/**
 * Red: the oldest invoice not uploaded (pending or failed) was sealed more than a day ago, the limit the DGI sets for
 * devices (protocol C2h). Yellow: something failed, or waits longer than `yellowAfterMs`. Green: otherwise.
 */
export function dgiLight(outletId: string, s: UploadSummary, nowMs: number, yellowAfterMs: number): DgiSyncStatus {
  const age = s.oldestNotUploadedAt ? nowMs - Date.parse(s.oldestNotUploadedAt) : 0;
  let status: DgiLight = 'green';
  let reason = s.counts.pending === 0 ? 'Every sealed invoice is uploaded to the DGI.' : 'Uploads are under way.';
  if (s.counts.failed > 0 || age > yellowAfterMs) {
    status = 'yellow';
    reason = s.counts.failed > 0 ? `${s.counts.failed} invoice(s) refused by the DGI; see last_error.` : 'Uploads are late; the e-MCF may be unreachable.';
  }
  if (s.oldestNotUploadedAt && age > RED_AFTER_MS) {
    status = 'red';
    reason = 'An invoice sealed more than a day ago is still not uploaded to the DGI.';
  }
  return {
    outlet_id: outletId,
    counts: s.counts,
    last_success_at: s.lastSuccessAt,
    oldest_not_uploaded_at: s.oldestNotUploadedAt,
    last_error: s.lastError,
    status,
    reason,
  };
}
