// The C2h duty of the SFE: tell the user when the MCF last reached the DGI, and warn when that is over a day ago.
import { dgiTimestampToEpochMs, toKinshasaIso } from '../../fiscal/dgi-time';
import type { McfUploadStatus } from './commands';

export type UploadWarning = {
  level: 'ok' | 'warn';
  /** Last successful upload, ISO 8601 in Kinshasa time, or null when the device never reached the server. */
  lastSuccess: string | null;
  ageMs: number | null;
  /** Invoices held by the device and not yet sent (DC − EC). */
  pending: number;
  /** A sentence for the cashier, in French (the till's language). */
  message: string;
};

const DAY_MS = 24 * 60 * 60 * 1000;

export function uploadWarning(status: McfUploadStatus, now: Date = new Date()): UploadWarning {
  const pending = Math.max(0, status.available - status.sent);
  if (status.lastSuccess === null) {
    return {
      level: 'warn', lastSuccess: null, ageMs: null, pending,
      message: `Le MCF ne s’est encore jamais connecté au serveur de la DGI (${pending} facture(s) en attente d’envoi).`,
    };
  }
  const at = dgiTimestampToEpochMs(status.lastSuccess);
  const ageMs = now.getTime() - at;
  const iso = toKinshasaIso(new Date(at));
  const when = `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)} ${iso.slice(11, 19)}`;
  if (ageMs > DAY_MS) {
    return {
      level: 'warn', lastSuccess: iso, ageMs, pending,
      message: `Attention : dernière connexion réussie du MCF à la DGI le ${when}, il y a plus d’un jour (${pending} facture(s) en attente d’envoi).`,
    };
  }
  return { level: 'ok', lastSuccess: iso, ageMs, pending, message: `Dernière connexion réussie du MCF à la DGI : ${when}.` };
}
