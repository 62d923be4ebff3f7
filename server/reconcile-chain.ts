// The till's own chain, checked as far as the cloud can see it: a link must follow the link before it and precede
// the link after it wherever the cloud holds those (from this upload or an earlier one), and never fork a seq.
import { GENESIS_HASH } from '../fiscal/chain';
import type { LocalLink, Refusal } from './reconcile-types';
import type { Tx } from './store/store';

/** Links accepted so far in this request, per terminal: seq → hash (not yet visible to the store's reads). */
export type LinkBook = Map<string, Map<number, string>>;

export type ChainCheck = { ok: true; isKnown: boolean } | { ok: false; refusal: Refusal };

const broken = (reason: string): ChainCheck => ({ ok: false, refusal: { code: 'local_chain', reason, isSignedByTill: true } });

/**
 * Whether `link` fits the chain of terminal `terminal` as known to the cloud. Continuity is checked wherever both ends
 * are known; a link whose neighbour the cloud has not seen yet (an invoice still on its way) is taken as it is.
 */
export async function checkLink(tx: Tx, outletId: string, terminal: string, link: LocalLink, book: LinkBook): Promise<ChainCheck> {
  const inRequest = book.get(terminal) ?? new Map<number, string>();
  const stored = new Map((await tx.tillLinks(outletId, terminal, [link.seq - 1, link.seq, link.seq + 1])).map((l) => [l.seq, l]));
  const same = stored.get(link.seq);
  if (same !== undefined) {
    if (same.hash === link.hash && same.clientInvoiceId === link.client_invoice_id) return { ok: true, isKnown: true };
    return broken(`The till's chain already has link ${link.seq} for invoice ${same.clientInvoiceId}; this upload gives another link ${link.seq}: the chain forks.`);
  }
  const before = link.seq === 1 ? GENESIS_HASH : (inRequest.get(link.seq - 1) ?? stored.get(link.seq - 1)?.hash);
  if (before !== undefined && before !== link.prev_hash) {
    return broken(`Link ${link.seq} of the till's chain names previous hash ${link.prev_hash}, but link ${link.seq - 1} hashes to ${before}: the chain is broken before this invoice.`);
  }
  const after = stored.get(link.seq + 1);
  if (after !== undefined && after.prevHash !== link.hash) {
    return broken(`Link ${link.seq + 1} of the till's chain, already received, does not follow this link ${link.seq}: the chain is broken after this invoice.`);
  }
  return { ok: true, isKnown: false };
}

/** Keeps an accepted link (in the store and in this request's book). */
export async function keepLink(tx: Tx, outletId: string, terminal: string, link: LocalLink, book: LinkBook, isKnown: boolean, at: string): Promise<void> {
  if (!book.has(terminal)) book.set(terminal, new Map());
  book.get(terminal)!.set(link.seq, link.hash);
  if (isKnown) return;
  await tx.insertTillLink({
    outletId, posTerminalId: terminal, seq: link.seq, clientInvoiceId: link.client_invoice_id, prevHash: link.prev_hash, hash: link.hash, createdAt: at,
  });
}
