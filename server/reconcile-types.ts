// The shapes of POST /v1/reconciliations: what a till uploads, what each invoice comes to, and what the checks pass on.
import type { SealCounters, SealedInvoice } from '../fiscal/invoice-types';
import type { LedgerLink } from './ledger';
import type { CredentialRecord } from './store/reconcile-records';
import type { VoidWritten } from './voids';

/**
 * One link of the till's own chain (main/core/outbox.ts, table local_chain): hash = fiscal/chain entryHash(prev_hash,
 * {seq, prev_hash, client_invoice_id, mode, code, invoice_sha256}) with invoice_sha256 the SHA-256 hex of the RFC 8785
 * canonical JSON of the sealed invoice as uploaded. It binds the invoice to its place in the till's sequence.
 */
export type LocalLink = { seq: number; client_invoice_id: string; prev_hash: string; hash: string };

export type ReconcileRequest = {
  /** The credential the delegated invoices were sealed under (each invoice names it too, in security.credential_id). */
  credential_id?: string;
  pos_terminal_id?: string;
  invoices: unknown[];
  /** The till's chain links of the uploaded invoices; required for delegated invoices, checked when given for device ones. */
  local_chain?: LocalLink[];
  /** Per device NIM, the group rates the MCF reported (C1h) when they differ from the table of the day. */
  device_rates?: Record<string, Record<string, string>>;
  /** true: close the credential after these invoices (as a return); false: keep an expired one open for more uploads. */
  close?: boolean;
};

export type VerdictStatus = 'accepted' | 'duplicate' | 'rejected';

/** Stable codes of a refusal, close to the verifier's check names so a till and an auditor speak alike. */
export type RefusalCode =
  | 'invalid' | 'outlet' | 'entry' | 'credential' | 'credential.closed' | 'kid' | 'signature' | 'credential.block'
  | 'credential.expired' | 'clock' | 'totals' | 'local_chain' | 'already_sealed' | 'numbers.duplicate' | 'numbers.order'
  | 'counters.fc' | 'device.duplicate' | 'device.continuity' | 'unreadable';

export type Verdict = {
  index: number;
  client_invoice_id: string;
  status: VerdictStatus;
  /** A sentence the person at the till can act on (for accepted ones: where the invoice went). */
  reason: string;
  code?: RefusalCode;
  mode?: 'delegated' | 'device';
  fiscal_number?: number;
  nim?: string;
  tc?: number;
  ledger?: LedgerLink;
};

export type CredentialOutcome = {
  credential_id: string;
  status: CredentialRecord['status'];
  reconciled_through: number;
  closed_at: string | null;
  voided: VoidWritten[];
};

export type ReconcileAnswer = {
  results: Verdict[];
  accepted: number;
  duplicates: number;
  rejected: number;
  credentials: CredentialOutcome[];
};

export type Refusal = {
  code: RefusalCode;
  reason: string;
  /** The till's key signed it: its number (when inside the block) is voided with this reason when the block closes. */
  isSignedByTill?: boolean;
};

/** A delegated invoice that passed every check that needs no lock; the rest run in the transaction. */
export type DelegatedCandidate = {
  index: number;
  id: string;
  invoice: SealedInvoice;
  credential: CredentialRecord;
  number: number;
  counters: SealCounters;
  link: LocalLink;
  /** A refusal found before the transaction, once the signature held (recorded for the void in the transaction). */
  refusal?: Refusal;
};

export type DeviceCandidate = {
  index: number;
  id: string;
  invoice: SealedInvoice;
  nim: string;
  counters: SealCounters;
  deviceRates: Record<string, string> | null;
  link: LocalLink | null;
};
