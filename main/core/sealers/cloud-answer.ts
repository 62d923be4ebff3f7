// Checks a cloud sealing answer before the till believes it: our id, our figures, a signature by a key of the cloud's JWKS.
import { canonicalBytes } from '../../../fiscal/canonical';
import type { InvoiceDraft, SealedInvoice } from '../../../fiscal/invoice-types';
import { verifySealedInvoice, type Jwks } from '../../../fiscal/signature';
import type { LedgerLink } from '../sealer';

export type CheckedAnswer = { ok: true; invoice: SealedInvoice; ledger: LedgerLink } | { ok: false; reason: string; isKeyUnknown?: boolean };

const HASH_RE = /^[0-9a-f]{64}$/;

function isLedgerLink(v: unknown): v is LedgerLink {
  const l = v as Partial<LedgerLink> | null;
  return typeof l === 'object' && l !== null && Number.isSafeInteger(l.seq) && (l.seq as number) >= 1 &&
    typeof l.prev_hash === 'string' && HASH_RE.test(l.prev_hash) && typeof l.hash === 'string' && HASH_RE.test(l.hash);
}

const text = (v: unknown): string => new TextDecoder().decode(canonicalBytes(v));

/**
 * `{invoice, ledger}` as CONTRACT.md shapes it, and:
 * - invoice.client_invoice_id is the draft's (an answer for another sale would print the wrong receipt);
 * - every draft field, figures included, is the same as ours (the invoice minus `security` equals the draft);
 * - security says mode cloud with a fiscal number, and verifySealedInvoice accepts it against the JWKS.
 */
export async function checkCloudAnswer(draft: InvoiceDraft, body: unknown, jwks: Jwks): Promise<CheckedAnswer> {
  const a = body as { invoice?: unknown; ledger?: unknown } | undefined;
  if (typeof a !== 'object' || a === null || typeof a.invoice !== 'object' || a.invoice === null) {
    return { ok: false, reason: "la réponse n'a pas la forme {invoice, ledger}" };
  }
  const invoice = a.invoice as SealedInvoice;
  if (invoice.client_invoice_id !== draft.client_invoice_id) {
    return { ok: false, reason: `la réponse concerne la vente ${String(invoice.client_invoice_id)}, pas ${draft.client_invoice_id}` };
  }
  if (!isLedgerLink(a.ledger)) return { ok: false, reason: 'la réponse ne porte pas de lien de registre {seq, prev_hash, hash}' };
  const { security, ...rest } = invoice;
  if (typeof security !== 'object' || security === null) return { ok: false, reason: 'la réponse ne porte pas les éléments de sécurité' };
  if (text(rest) !== text(draft)) return { ok: false, reason: 'la facture scellée diffère du brouillon envoyé (montants ou champs)' };
  if (security.mode !== 'cloud' || !Number.isSafeInteger(security.fiscal_number) || (security.fiscal_number as number) < 1) {
    return { ok: false, reason: `mode ${String(security.mode)} ou numéro fiscal ${String(security.fiscal_number)} inattendu pour un scellement cloud` };
  }
  const verified = await verifySealedInvoice(invoice, jwks);
  if (!verified.ok) return { ok: false, reason: `vérification « ${verified.check} » : ${verified.detail}`, isKeyUnknown: verified.check === 'kid' };
  return { ok: true, invoice, ledger: a.ledger };
}
