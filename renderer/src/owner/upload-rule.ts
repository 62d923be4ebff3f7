// The DGI's 24-hour rule (protocol C2h): the user must be warned when sales sealed on the till wait longer than a day to upload.
import type { SyncStatus } from '../../../main/api/pos-types';

export const UPLOAD_LIMIT_MS = 24 * 60 * 60 * 1000;

export type UploadRule = { state: 'ok' | 'late'; pending: number; lastUpload: string | null; oldestPending: string | null };

/**
 * Late when an invoice sealed on the till has waited more than 24 h for its upload. The oldest pending invoice says
 * so directly; without it (not loaded), a last successful upload older than 24 h while something waits says the same.
 */
export function uploadRule(status: SyncStatus, oldestPendingAt: string | null, now: number = Date.now()): UploadRule {
  const pending = status.pending_uploads;
  const base = { pending, lastUpload: status.last_upload_at, oldestPending: oldestPendingAt };
  if (pending === 0) return { ...base, state: 'ok' };
  const since = oldestPendingAt ?? status.last_upload_at;
  // Nothing says how long the invoices have waited: no warning made up.
  if (since === null) return { ...base, state: 'ok' };
  const at = Date.parse(since);
  const isLate = Number.isNaN(at) || now - at > UPLOAD_LIMIT_MS;
  return { ...base, state: isLate ? 'late' : 'ok' };
}
