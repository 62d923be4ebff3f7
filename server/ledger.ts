// The outlet's hash-chained ledger: appending an entry under the outlet's lock, and reading entries in the
// form the fiscal kernel's verifyChain checks.
import { createHash } from 'node:crypto';
import { entryHashWith, type ChainEntry } from '../fiscal/chain';
import type { LedgerEntry, OutletHead } from './store/records';
import type { Tx } from './store/store';

/** What a ledger entry records; part 2 adds its kinds here ('void' for unused numbers, 'mirror', 'z'…). */
export type LedgerKind = 'invoice' | 'void' | 'mirror' | 'z';

/** What a sealing answer says of the entry: `{"seq", "prev_hash", "hash"}`. */
export type LedgerLink = { seq: number; prev_hash: string; hash: string };

/** The entry as hashed and exported: everything below is covered by `hash`, except `hash` itself. */
export type WireLedgerEntry = ChainEntry & {
  outlet_id: string;
  kind: string;
  fiscal_number: number | null;
  recorded_at: string;
  payload: unknown;
};

function hashedEntry(outletId: string, seq: number, prevHash: string, kind: string, fiscalNumber: number | null, recordedAt: string, payload: unknown) {
  return { seq, prev_hash: prevHash, outlet_id: outletId, kind, fiscal_number: fiscalNumber, recorded_at: recordedAt, payload };
}

/** node:crypto's SHA-256: synchronous, so hashing an entry costs no WebCrypto round trip through the thread pool. */
export const nodeSha256 = (bytes: Uint8Array): Uint8Array => createHash('sha256').update(bytes).digest();

export type NewLedgerEntry = { kind: LedgerKind; fiscalNumber: number | null; payload: object; recordedAt: string; payloadText?: string };
export type PreparedEntry = { row: LedgerEntry; link: LedgerLink; head: OutletHead };

/** The row that follows the head, hashed, and the head advanced past it; nothing is written yet. */
export async function prepareLedgerEntry(head: OutletHead, entry: NewLedgerEntry): Promise<PreparedEntry> {
  const seq = head.nextLedgerSeq;
  const body = hashedEntry(head.outletId, seq, head.lastHash, entry.kind, entry.fiscalNumber, entry.recordedAt, entry.payload);
  const hash = entryHashWith(nodeSha256, head.lastHash, body);
  const row: LedgerEntry = {
    outletId: head.outletId, seq, kind: entry.kind, fiscalNumber: entry.fiscalNumber, payload: entry.payloadText ?? JSON.stringify(entry.payload),
    prevHash: head.lastHash, hash, createdAt: entry.recordedAt,
  };
  return { row, link: { seq, prev_hash: head.lastHash, hash }, head: { ...head, nextLedgerSeq: seq + 1, lastHash: hash } };
}

/**
 * Appends one entry after the head and returns the head advanced past it. The caller holds the outlet's lock
 * (tx.lockOutlet) and saves the returned head in the same transaction.
 */
export async function appendToLedger(tx: Tx, head: OutletHead, entry: NewLedgerEntry): Promise<{ link: LedgerLink; head: OutletHead }> {
  const prepared = await prepareLedgerEntry(head, entry);
  await tx.appendLedger(prepared.row);
  return { link: prepared.link, head: prepared.head };
}

/** A stored row in its wire (and hashed) form; verifyChain over these reproduces every stored hash. */
export function toWireLedgerEntry(row: LedgerEntry): WireLedgerEntry {
  return {
    ...hashedEntry(row.outletId, row.seq, row.prevHash, row.kind, row.fiscalNumber, row.createdAt, JSON.parse(row.payload) as unknown),
    hash: row.hash,
  };
}
