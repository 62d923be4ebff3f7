// The status light: green / yellow / red with its reason in words, from the outbox and the signer choice.
import type { SyncStatus } from '../api/pos-types';
import type { OutboxCounts } from './invoices';
import type { SignerChoice } from './signer-choice';

/**
 * red: no signer can seal a new sale now (sales wait, no fiscal receipt);
 * yellow: sealing works but something is pending — sales waiting for a seal or an answer, sales sealed on the
 *   till not yet uploaded, refusals to look at, or the till is signing offline (delegated);
 * green: sealing online and nothing pending.
 */
export function syncStatusFrom(counts: OutboxCounts, choice: SignerChoice): SyncStatus {
  const waiting = counts.awaiting_seal + counts.sealing;
  const base = {
    signer: choice.signer,
    pending_uploads: counts.awaiting_upload,
    awaiting_seal: waiting,
    last_upload_at: counts.last_done_at,
  };
  if (choice.signer === 'none') {
    const queue = waiting > 0 ? ` ${waiting} vente(s) en attente de signature.` : '';
    return { ...base, light: 'red', reason: `${choice.reason}${queue}` };
  }
  const pending: string[] = [];
  if (waiting > 0) pending.push(`${waiting} vente(s) à signer`);
  if (counts.awaiting_upload > 0) pending.push(`${counts.awaiting_upload} facture(s) à téléverser`);
  if (counts.rejected > 0) pending.push(`${counts.rejected} facture(s) refusée(s) à examiner`);
  if (choice.signer === 'delegated' || pending.length > 0) {
    return { ...base, light: 'yellow', reason: [choice.reason, ...pending].join(' — ') };
  }
  return { ...base, light: 'green', reason: `${choice.reason} Tout est synchronisé.` };
}
