// Rows and store methods of part 2: delegated credentials, refusals kept for their void, the tills' chain links,
// mirrored device invoices and device counters. Both store implementations add these to their Tx and reads.
import type { LedgerEntry } from './records';

export type CredentialStatus = 'open' | 'returned' | 'expired';

export type CredentialRecord = {
  id: string;
  merchantId: string;
  outletId: string;
  posTerminalId: string;
  /** JSON text of the till's public JWK. */
  publicJwk: string;
  firstNumber: number;
  lastNumber: number;
  /** The compact JWS, exported as is. */
  token: string;
  status: CredentialStatus;
  /** UTC ISO (the JWS claims carry the same instants in Kinshasa time). */
  issuedAt: string;
  expiresAt: string;
  closedAt: string | null;
  /** The credential's own NIM, under which its invoices keep their FC counters. */
  authorityId: string;
  /** Highest block number accepted so far (0 before the first): offline invoices are appended in number order. */
  reconciledThrough: number;
  closedReason: string | null;
};

/** Why a number of a block was refused at reconciliation; its void, when the block closes, carries the reason. */
export type CredentialRejection = { credentialId: string; fiscalNumber: number; clientInvoiceId: string; reason: string; createdAt: string };

/** One link of a till's own chain (main/core/outbox.ts local_chain), as the cloud has accepted it. */
export type TillLink = {
  outletId: string;
  posTerminalId: string;
  seq: number;
  clientInvoiceId: string;
  prevHash: string;
  hash: string;
  createdAt: string;
};

/** A device-sealed invoice the cloud mirrored: its NIM, TC and code, and the ledger entry holding it. */
export type MirrorRecord = {
  merchantId: string;
  clientInvoiceId: string;
  outletId: string;
  nim: string;
  tc: number;
  type: string;
  code: string;
  ledgerSeq: number;
  createdAt: string;
};

/** device_counters.type of the row that holds a device's last mirrored TC (FC rows use the invoice types). */
export const DEVICE_TC = 'TC';

/** What a write job of part 2 may do, inside the job's transaction (the caller holds the outlet's lock). */
export type ReconcileTx = {
  insertCredential(c: CredentialRecord): Promise<void>;
  /** The credential as the transaction sees it. */
  getCredentialTx(id: string): Promise<CredentialRecord | undefined>;
  setReconciledThrough(id: string, n: number): Promise<void>;
  closeCredential(id: string, status: Exclude<CredentialStatus, 'open'>, closedAt: string, reason: string): Promise<void>;
  /** Open, unexpired credentials of a terminal at `nowIso`. */
  countOpenCredentials(outletId: string, posTerminalId: string, nowIso: string): Promise<number>;
  /** The outlet's numbers in first..last that carry a sealed invoice (any mode), ascending. */
  sealedNumbers(outletId: string, first: number, last: number): Promise<number[]>;
  /** Keeps the first reason given for a number (later ones are ignored). */
  recordRejection(r: CredentialRejection): Promise<void>;
  listRejections(credentialId: string): Promise<CredentialRejection[]>;
  /** The links of a terminal's chain at these seqs that the cloud holds. */
  tillLinks(outletId: string, posTerminalId: string, seqs: readonly number[]): Promise<TillLink[]>;
  insertTillLink(link: TillLink): Promise<void>;
  findMirror(merchantId: string, clientInvoiceId: string): Promise<MirrorRecord | undefined>;
  findMirrorByTc(outletId: string, nim: string, tc: number): Promise<MirrorRecord | undefined>;
  insertMirror(m: MirrorRecord): Promise<void>;
  /** A device counter of the outlet (FC per type, or DEVICE_TC), or 0 before the first. */
  deviceCounter(outletId: string, nim: string, type: string): Promise<number>;
  setDeviceCounter(outletId: string, nim: string, type: string, value: number): Promise<void>;
  /** Raises a type counter (FC) to `value` when it is below; false when it is already at or above. */
  raiseTypeCounter(authorityId: string, type: string, value: number): Promise<boolean>;
  /** Ledger entries with seq > afterSeq, in order, as the transaction sees them (uncommitted batch rows included). */
  ledgerAfter(outletId: string, afterSeq: number, limit: number): Promise<LedgerEntry[]>;
  /** The latest entry of a kind (e.g. the last Z), as the transaction sees it. */
  lastEntryOfKind(outletId: string, kind: string): Promise<LedgerEntry | undefined>;
};

/** Reads of part 2 outside any transaction (committed state). */
export type ReconcileReads = {
  getCredential(id: string): Promise<CredentialRecord | undefined>;
  /** Every credential of an outlet, by block. */
  listCredentials(outletId: string): Promise<CredentialRecord[]>;
  /** Open credentials that expired before `beforeIso`, oldest first, at most `limit`. */
  listExpiredOpen(beforeIso: string, limit: number): Promise<CredentialRecord[]>;
  lastEntryOfKind(outletId: string, kind: string): Promise<LedgerEntry | undefined>;
};
