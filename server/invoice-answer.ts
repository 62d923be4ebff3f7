// The sealing answer `{"invoice": SEALED, "ledger": {seq, prev_hash, hash}}`, built byte-identically whether it is
// the first answer, an idempotent replay or GET /v1/invoices/{id}. The sealed text is stored once, in the ledger.
import type { LedgerLink } from './ledger';
import type { Store } from './store/store';

export function sealAnswerText(sealedText: string, link: LedgerLink): string {
  return `{"invoice":${sealedText},"ledger":${JSON.stringify({ seq: link.seq, prev_hash: link.prev_hash, hash: link.hash })}}`;
}

/** The answer for a sealed invoice of a merchant, optionally only when it belongs to `outletId`. */
export async function loadSealAnswer(store: Store, merchantId: string, clientInvoiceId: string, outletId?: string | null): Promise<string | undefined> {
  const row = await store.getInvoice(merchantId, clientInvoiceId);
  if (!row || (outletId && row.outletId !== outletId)) return undefined;
  const entry = await store.getLedgerEntry(row.outletId, row.ledgerSeq);
  if (!entry) return undefined;
  return sealAnswerText(entry.payload, { seq: entry.seq, prev_hash: entry.prevHash, hash: entry.hash });
}
