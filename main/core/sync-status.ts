// The status light: green / yellow / red with its reason in words, from the outbox, the signer choice and the devices.
import type { SyncStatus } from '../api/pos-types';
import type { OutboxCounts } from './invoices';
import type { SignerChoice } from './signer-choice';

/** What the light knows beyond the outbox and the choice; every member optional, so a bare call still answers. */
export type StatusContext = {
  now?: Date;
  /** The cloud is set up but does not answer now. */
  isOffline?: boolean;
  /** Since when the cloud has not answered (sync_state offline_since). */
  offlineSince?: string | null;
  /** When the cloud last accepted a sale (seal or mirror). */
  lastUploadAt?: string | null;
  /** When the oldest sale the cloud does not have yet was made. */
  oldestPendingAt?: string | null;
  /** Paired devices at fault, each in words ("Imprimante : couvercle ouvert"). */
  deviceFaults?: string[];
};

/** DGI rule (protocol, C2h): the user is warned when the last successful upload is more than a day old. */
export const UPLOAD_RULE_MS = 24 * 3600_000;

/** "2 h", "15 min", "3 j": how long, as the status line says it. */
export function spokenDuration(ms: number): string {
  const min = Math.max(0, Math.floor(ms / 60_000));
  if (min < 1) return "moins d'1 min";
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  if (h < 48) return `${h} h`;
  return `${Math.floor(h / 24)} j`;
}

/**
 * red: no signer can seal a new sale (sales wait, no fiscal receipt); or a sale made more than 24 h ago is still not
 *   with the cloud (the DGI upload rule); or a paired device is at fault;
 * yellow: sealing works but the till is offline (MCF or delegated signing) or something is pending — sales to seal,
 *   answers to settle, invoices to upload, refusals to look at;
 * green: sealing online and nothing pending.
 * The reason reads like UX.md's: "Hors ligne depuis 2 h — signature déléguée, 412 numéros restants".
 */
export function syncStatusFrom(counts: OutboxCounts, choice: SignerChoice, ctx: StatusContext = {}): SyncStatus {
  const now = ctx.now ?? new Date();
  const waiting = counts.awaiting_seal + counts.sealing;
  const offlineSince = ctx.offlineSince ?? null;
  const base: SyncStatus = {
    light: 'green',
    reason: '',
    signer: choice.signer,
    pending_uploads: counts.awaiting_upload,
    awaiting_seal: waiting,
    last_upload_at: ctx.lastUploadAt !== undefined ? ctx.lastUploadAt : counts.last_done_at,
    offline_since: ctx.isOffline === true ? offlineSince : null,
    device_faults: ctx.deviceFaults ?? [],
  };
  const offline =
    ctx.isOffline === true
      ? offlineSince !== null
        ? `Hors ligne depuis ${spokenDuration(now.getTime() - Date.parse(offlineSince))}`
        : 'Hors ligne'
      : null;

  const red: string[] = [];
  if (choice.signer === 'none') red.push(`${choice.reason}${waiting > 0 ? ` ${waiting} vente(s) en attente de signature.` : ''}`);
  const oldest = ctx.oldestPendingAt ?? null;
  if (oldest !== null && now.getTime() - Date.parse(oldest) > UPLOAD_RULE_MS) {
    const since = base.last_upload_at === null ? 'aucun téléversement réussi' : `dernier téléversement réussi il y a ${spokenDuration(now.getTime() - Date.parse(base.last_upload_at))}`;
    red.push(`Règle DGI des 24 h dépassée : une vente de plus d'un jour n'est pas au cloud (${since}).`);
  }
  for (const f of ctx.deviceFaults ?? []) red.push(`Périphérique en défaut — ${f.replace(/\.+$/, '')}.`);
  if (red.length > 0) return { ...base, light: 'red', reason: [offline, ...red].filter((x) => x !== null).join(' — ') };

  const pending: string[] = [];
  if (waiting > 0) pending.push(`${waiting} vente(s) à signer`);
  if (counts.awaiting_upload > 0) pending.push(`${counts.awaiting_upload} facture(s) à téléverser`);
  if (counts.rejected > 0) pending.push(`${counts.rejected} facture(s) refusée(s) à examiner`);
  if (offline !== null || choice.signer === 'delegated' || pending.length > 0) {
    // Offline, the signer's own words already start with "Hors ligne" for delegated signing: do not say it twice.
    const signerWords = offline !== null && choice.signer === 'delegated' ? choice.reason.replace(/^Hors ligne —\s*/, '') : choice.reason;
    return { ...base, light: 'yellow', reason: [offline, signerWords, ...pending].filter((x) => x !== null).join(' — ') };
  }
  return { ...base, light: 'green', reason: `${choice.reason} Tout est synchronisé.` };
}
