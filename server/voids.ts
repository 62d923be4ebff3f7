// Voiding the numbers a delegated block leaves unused, with a reason a person can read, when its credential closes
// (returned, or expired); numbers refused at reconciliation are voided with their own refusal.
import { toKinshasaIso } from '../fiscal/dgi-time';
import { appendToLedger, type LedgerLink } from './ledger';
import type { CredentialRecord } from './store/reconcile-records';
import type { OutletHead } from './store/records';
import type { Tx } from './store/store';

export type CloseHow =
  | { kind: 'returned' }
  | { kind: 'expired'; by: 'reconciliation' | 'sweep' };

/** A void entry as the answers describe it. */
export type VoidWritten = ({ first: number; last: number } | { fiscal_numbers: number[] }) & { reason: string; ledger: LedgerLink };

type VoidPayload = ({ first: number; last: number } | { fiscal_numbers: number[] }) & { reason: string; credential_id: string };

function form(numbers: number[]): { first: number; last: number } | { fiscal_numbers: number[] } {
  const first = numbers[0]!;
  const last = numbers[numbers.length - 1]!;
  return last - first + 1 === numbers.length ? { first, last } : { fiscal_numbers: numbers };
}

function unusedReason(c: CredentialRecord, how: CloseHow, atIso: string): string {
  if (how.kind === 'returned') {
    return `Credential ${c.id} was returned by terminal ${c.posTerminalId} on ${atIso}: the till did not use these numbers.`;
  }
  const by = how.by === 'sweep' ? 'by the cloud after the upload grace period' : 'at its reconciliation';
  return `Credential ${c.id} expired on ${toKinshasaIso(c.expiresAt)} and was closed ${by} on ${atIso}: the till did not use these numbers.`;
}

/**
 * Closes an open credential inside the caller's transaction (the outlet is locked and `head` is current): every
 * number of its block that carries no invoice is voided, refused ones under their refusal and the rest as unused,
 * each void naming the credential. Answers the head after the appended voids; the caller saves it.
 */
export async function closeCredentialInTx(
  tx: Tx, head: OutletHead, c: CredentialRecord, how: CloseHow, atMs: number,
): Promise<{ head: OutletHead; voids: VoidWritten[] }> {
  const atIso = toKinshasaIso(new Date(atMs));
  const recordedAt = new Date(atMs).toISOString();
  const sealed = new Set(await tx.sealedNumbers(c.outletId, c.firstNumber, c.lastNumber));
  const refused = new Map<number, string>();
  for (const r of await tx.listRejections(c.id)) {
    if (!sealed.has(r.fiscalNumber)) refused.set(r.fiscalNumber, `Refused at reconciliation (invoice ${r.clientInvoiceId}): ${r.reason}`);
  }
  const groups = new Map<string, number[]>();
  const rest: number[] = [];
  for (let n = c.firstNumber; n <= c.lastNumber; n++) {
    if (sealed.has(n)) continue;
    const why = refused.get(n);
    if (why === undefined) rest.push(n);
    else groups.set(why, [...(groups.get(why) ?? []), n]);
  }
  if (rest.length > 0) groups.set(unusedReason(c, how, atIso), rest);
  const ordered = [...groups.entries()].sort(([, a], [, b]) => a[0]! - b[0]!);
  let current = head;
  const voids: VoidWritten[] = [];
  for (const [reason, numbers] of ordered) {
    const payload: VoidPayload = { ...form(numbers), reason, credential_id: c.id };
    const appended = await appendToLedger(tx, current, { kind: 'void', fiscalNumber: numbers[0]!, payload, recordedAt });
    current = { ...appended.head, lastTimestamp: recordedAt };
    voids.push({ ...form(numbers), reason, ledger: appended.link });
  }
  const closedReason = how.kind === 'returned' ? 'returned by its terminal' : `expired; closed ${how.by === 'sweep' ? 'by the sweep' : 'at reconciliation'}`;
  await tx.closeCredential(c.id, how.kind, recordedAt, closedReason);
  return { head: current, voids };
}
