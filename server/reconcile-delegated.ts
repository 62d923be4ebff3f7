// A delegated invoice's checks that need the outlet's lock (sealed once, credential still open, number unused and in
// order, FC rising, chain continuous), then its append to the ledger as kind 'invoice' under its own number.
import type { SealedInvoice } from '../fiscal/invoice-types';
import { appendToLedger, type LedgerLink } from './ledger';
import { checkLink, keepLink, type LinkBook } from './reconcile-chain';
import { appendTimeMs } from './reconcile-time';
import type { DelegatedCandidate, Refusal, Verdict } from './reconcile-types';
import type { CredentialRecord } from './store/reconcile-records';
import type { Merchant, OutletHead, Outlet } from './store/records';
import type { Tx } from './store/store';

/** What the jobs of one reconciliation share inside its transaction. */
export type TxState = {
  tx: Tx;
  head: OutletHead;
  outlet: Outlet;
  merchant: Merchant;
  nowMs: number;
  book: LinkBook;
  /** Credentials as the transaction sees them, updated as invoices are accepted. */
  credentials: Map<string, CredentialRecord>;
};

/** Appends an entry after the state's head and moves the head (and its last trusted time) past it. */
export async function appendEntry(st: TxState, kind: 'invoice' | 'mirror', fiscalNumber: number | null, payload: object): Promise<LedgerLink> {
  const recordedAt = new Date(appendTimeMs(st.head, st.nowMs)).toISOString();
  const appended = await appendToLedger(st.tx, st.head, { kind, fiscalNumber, payload, payloadText: JSON.stringify(payload), recordedAt });
  st.head = { ...appended.head, lastTimestamp: recordedAt };
  return appended.link;
}

export async function freshCredential(st: TxState, id: string): Promise<CredentialRecord | undefined> {
  const known = st.credentials.get(id);
  if (known) return known;
  const found = await st.tx.getCredentialTx(id);
  if (found) st.credentials.set(id, found);
  return found;
}

const rejected = (c: DelegatedCandidate, refusal: Refusal): Verdict => ({
  index: c.index, client_invoice_id: c.id, status: 'rejected', reason: refusal.reason, code: refusal.code, mode: 'delegated', fiscal_number: c.number,
});

/** A client_invoice_id the outlet's merchant already holds: the same invoice again (duplicate), or another one. */
async function alreadyHeld(st: TxState, c: DelegatedCandidate): Promise<Verdict | null> {
  const mirror = await st.tx.findMirror(st.merchant.id, c.id);
  if (mirror) return rejected(c, { code: 'already_sealed', reason: `Invoice ${c.id} was already mirrored as device ${mirror.nim} TC ${mirror.tc}; a sale is sealed once.` });
  const row = await st.tx.findInvoice(st.merchant.id, c.id);
  if (!row) return null;
  const entry = row.outletId === st.outlet.id ? (await st.tx.ledgerAfter(row.outletId, row.ledgerSeq - 1, 1))[0] : undefined;
  const stored = entry ? (JSON.parse(entry.payload) as SealedInvoice) : undefined;
  if (entry && stored?.security.signature === c.invoice.security.signature) {
    return {
      index: c.index, client_invoice_id: c.id, status: 'duplicate', mode: 'delegated', fiscal_number: c.number,
      reason: `Already reconciled as fiscal number ${c.number} (ledger seq ${entry.seq}); nothing was added.`,
      ledger: { seq: entry.seq, prev_hash: entry.prevHash, hash: entry.hash },
    };
  }
  const how = row.mode === 'cloud' ? 'by the cloud' : `under ${row.mode} mode`;
  return rejected(c, { code: 'already_sealed', reason: `Invoice ${c.id} was already sealed ${how} as fiscal number ${String(row.fiscalNumber)}; a sale is sealed once.` });
}

function closedReason(cr: CredentialRecord, n: number): string {
  const when = cr.closedAt ?? '?';
  return cr.status === 'returned'
    ? `Credential ${cr.id} was returned at ${when}; the numbers its till had not uploaded, ${n} among them, were voided then.`
    : `Credential ${cr.id} expired at ${cr.expiresAt} and was closed at ${when}; the numbers not uploaded by then, ${n} among them, were voided.`;
}

/** The checks under the lock and, when they hold, the append; a refusal of a signed number is kept for its void. */
export async function reconcileDelegated(st: TxState, c: DelegatedCandidate): Promise<Verdict> {
  const held = await alreadyHeld(st, c);
  if (held !== null) return held;
  const cr = await freshCredential(st, c.credential.id);
  if (!cr) return rejected(c, { code: 'credential', reason: `No credential ${c.credential.id} was issued to outlet ${st.outlet.id}.` });
  if (cr.status !== 'open') return rejected(c, { code: 'credential.closed', reason: closedReason(cr, c.number) });
  const refuseKept = async (refusal: Refusal): Promise<Verdict> => {
    await st.tx.recordRejection({
      credentialId: cr.id, fiscalNumber: c.number, clientInvoiceId: c.id, reason: refusal.reason, createdAt: new Date(st.nowMs).toISOString(),
    });
    return rejected(c, refusal);
  };
  if ((await st.tx.sealedNumbers(st.outlet.id, c.number, c.number)).length > 0) {
    return rejected(c, { code: 'numbers.duplicate', reason: `Fiscal number ${c.number} already carries another invoice; a number is used once (this till sealed two invoices under it).` });
  }
  if (c.refusal) return refuseKept(c.refusal);
  if (c.number <= cr.reconciledThrough) {
    return refuseKept({
      code: 'numbers.order',
      reason: `Number ${c.number} arrives after number ${cr.reconciledThrough} of the same credential was accepted; offline invoices are taken in number order, so ${c.number} will be voided when the credential closes.`,
    });
  }
  const terminal = c.invoice.pos_terminal_id;
  const chain = await checkLink(st.tx, st.outlet.id, terminal, c.link, st.book);
  if (!chain.ok) return refuseKept(chain.refusal);
  const { fc, type } = c.counters;
  if (!(await st.tx.raiseTypeCounter(cr.authorityId, type, fc))) {
    return refuseKept({ code: 'counters.fc', reason: `FC ${fc} of type ${type} is not above the last one accepted for authority ${cr.authorityId}; a till's FC only rises.` });
  }
  const ledger = await appendEntry(st, 'invoice', c.number, c.invoice);
  const at = new Date(st.nowMs).toISOString();
  await st.tx.insertInvoice({
    merchantId: st.merchant.id, clientInvoiceId: c.id, outletId: st.outlet.id, fiscalNumber: c.number, type, mode: 'delegated', ledgerSeq: ledger.seq, createdAt: at,
  });
  await st.tx.setReconciledThrough(cr.id, c.number);
  st.credentials.set(cr.id, { ...cr, reconciledThrough: c.number });
  await keepLink(st.tx, st.outlet.id, terminal, c.link, st.book, chain.isKnown, at);
  return {
    index: c.index, client_invoice_id: c.id, status: 'accepted', mode: 'delegated', fiscal_number: c.number, ledger,
    reason: `Accepted as fiscal number ${c.number} (ledger seq ${ledger.seq}).`,
  };
}
