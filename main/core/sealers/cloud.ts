// The cloud sealer: POST /v1/invoices keyed by client_invoice_id; a lost answer is settled by asking GET /v1/invoices/{id}.
import type { InvoiceDraft } from '../../../fiscal/invoice-types';
import type { CloudClient } from '../cloud/client';
import { jsonOf, problemReason, type HttpOutcome } from '../cloud/http';
import type { SealOutcome, Sealer } from '../sealer';
import { checkCloudAnswer } from './cloud-answer';

export type CloudSealer = Sealer & { mode: 'cloud'; resolve(draft: InvoiceDraft): Promise<SealOutcome> };

const unknown = (message: string): SealOutcome => ({ status: 'unknown', message });

/**
 * What one answer means for the draft:
 * - 201/200: sealed once the answer is checked (checkCloudAnswer); an answer that fails the check stays "unknown"
 *   (the cloud did seal something; we keep asking rather than store or print what we cannot verify);
 * - 409 already_sealed: sealed under another key: ask by id; any other 409 and 400/403/413/415/422: refused, with
 *   the server's own detail and errors;
 * - 401, 404, 408, 429: nothing was done; the draft waits (a bad key or URL is fixed in the settings, not in the sale);
 * - 5xx: the server may have acted before failing: unknown, settled by asking.
 */
async function fromAnswer(client: CloudClient, draft: InvoiceDraft, status: number, body: string, resolve: () => Promise<SealOutcome>): Promise<SealOutcome> {
  if (status === 200 || status === 201) {
    let jwks = await client.keys();
    if (jwks === null) return unknown('clés publiques du cloud (GET /v1/keys) indisponibles : la réponse ne peut être vérifiée');
    const parsed = jsonOf(body);
    let checked = await checkCloudAnswer(draft, parsed, jwks);
    if (!checked.ok && checked.isKeyUnknown === true) {
      // A key rotated since we cached the set: fetch it again once.
      jwks = (await client.keys(true)) ?? jwks;
      checked = await checkCloudAnswer(draft, parsed, jwks);
    }
    return checked.ok
      ? { status: 'sealed', invoice: checked.invoice, ledger: checked.ledger }
      : unknown(`réponse du cloud non vérifiable : ${checked.reason}`);
  }
  const reason = problemReason(status, body);
  if (status === 409 && reason.code === 'already_sealed') return resolve();
  if (status === 401) return { status: 'unavailable', message: `clé API du terminal refusée par le cloud (${reason.message})` };
  if (status === 404 || status === 408 || status === 429) return { status: 'unavailable', message: `le cloud n'a pas traité la demande : HTTP ${status} ${reason.message}` };
  if (status >= 400 && status < 500) return { status: 'refused', code: reason.code, message: reason.message };
  return unknown(`le cloud a répondu HTTP ${status} (${reason.message}) : à vérifier par l'identifiant`);
}

export function createCloudSealer(client: CloudClient): CloudSealer {
  /** POST; when `askOnLoss`, a lost answer is followed at once by one GET (most losses are settled right away). */
  const post = async (draft: InvoiceDraft, askOnLoss: boolean): Promise<SealOutcome> => {
    const outcome: HttpOutcome = await client.seal(draft);
    if (outcome.kind === 'not_sent') return { status: 'unavailable', message: `cloud injoignable : ${outcome.message}` };
    if (outcome.kind === 'lost') return askOnLoss ? ask(draft, false) : unknown(`réponse du cloud perdue : ${outcome.message}`);
    return fromAnswer(client, draft, outcome.status, outcome.body, () => ask(draft, false));
  };

  /** GET by id: 200 → the seal (checked); 404 → never sealed, so sending again with the same key is safe. */
  const ask = async (draft: InvoiceDraft, resendOnLoss: boolean): Promise<SealOutcome> => {
    const outcome = await client.fetchInvoice(draft.client_invoice_id);
    if (outcome.kind !== 'answer') return unknown(`le cloud n'a pas pu être interrogé (${outcome.message})`);
    if (outcome.status === 404) return post(draft, resendOnLoss);
    if (outcome.status === 200) return fromAnswer(client, draft, 200, outcome.body, () => Promise.resolve(unknown('réponse incohérente du cloud')));
    return unknown(`le cloud a répondu HTTP ${outcome.status} à la question ${problemReason(outcome.status, outcome.body).message}`);
  };

  return {
    mode: 'cloud',
    seal: (draft) => post(draft, true),
    resolve: (draft) => ask(draft, false),
  };
}
