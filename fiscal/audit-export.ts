// The audit export's wire types (docs/audit-export.md): what GET /v1/outlets/{id}/audit-export answers and `npm run verify` checks.
import type { ChainEntry } from './chain';
import type { SealCounters, SealedInvoice } from './invoice-types';
import type { SealedZ } from './report-seal';
import type { EcPublicJwk, Jwk } from './signature';

export const AUDIT_EXPORT_FORMAT = 'stalela-audit-export';
export const AUDIT_EXPORT_VERSION = 1;

/** The taxpayer the outlet belongs to; `nif` is what every invoice's merchant_nif must equal. */
export type AuditMerchant = {
  id?: string;
  nif: string;
  name: string;
  rccm?: string | null;
  address?: string | null;
  city?: string | null;
  phone?: string | null;
  email?: string | null;
};

/** The outlet whose ledger this is; `authority_id` is the NIM of its cloud-sealed invoices. */
export type AuditOutlet = {
  id: string;
  authority_id: string;
  name?: string;
  address?: string | null;
  isf?: string | null;
};

export const KEY_PURPOSES = ['seal', 'issuer'] as const;
/** 'seal' keys sign invoices, mirrors and Z records; 'issuer' keys sign delegation credentials. */
export type AuditKeyPurpose = (typeof KEY_PURPOSES)[number];

/** One key of the export's JWKS, as GET /v1/keys publishes it (server/signer/registry.ts publishedKeys). */
export type AuditKey = Jwk & {
  kid: string;
  purpose?: AuditKeyPurpose;
  status?: 'active' | 'retired';
  created_at?: string;
  /** ISO instant; nothing this key signs may carry a later trusted time. */
  retired_at?: string;
};

export const LEDGER_KINDS = ['invoice', 'void', 'mirror', 'z'] as const;
export type LedgerKind = (typeof LEDGER_KINDS)[number];

/**
 * A ledger entry exactly as server/ledger.ts `WireLedgerEntry` writes it; `hash` covers every other member
 * (fiscal/chain.ts entryHash). `fiscal_number`: the invoice's number for 'invoice', the lowest voided number for
 * 'void', null for 'mirror' and 'z'.
 */
export type AuditLedgerEntry = ChainEntry & {
  outlet_id: string;
  kind: LedgerKind;
  fiscal_number: number | null;
  /** ISO instant the server appended the entry. */
  recorded_at: string;
  payload: InvoicePayload | VoidPayload | MirrorPayload | ZPayload;
};

/**
 * 'invoice': the sealed invoice itself, as server/seal.ts writes it (mode 'cloud'), or as a reconciliation writes a
 * till's offline invoice (mode 'delegated', with security.credential_id).
 */
export type InvoicePayload = SealedInvoice;

/** 'void': outlet numbers that will never carry an invoice, and why. Exactly one of the two number forms. */
export type VoidPayload = ({ fiscal_numbers: number[] } | { first: number; last: number }) & {
  /** A sentence a person can read; never empty. */
  reason: string;
  /** Set when the numbers are the unused rest of a delegated block; they must lie inside its block. */
  credential_id?: string;
};

/**
 * 'mirror': an invoice sealed by a DGI MCF (security.mode 'device'): its code, counters, NIM and time are the
 * device's 38h answer. The cloud countersigns the whole invoice with its seal key when it mirrors it (security.kid,
 * security.signature), since the MCF's own code cannot be checked without the DGI's keys.
 */
export type MirrorPayload = {
  invoice: SealedInvoice;
  /** The device's NIM; equals invoice.security.authority_id. */
  nim: string;
  /** The device's counters for this invoice; equal invoice.security.counters. */
  counters: SealCounters;
  /** The group rates the device reported (C1h) when they differ from the table of the day, e.g. {"C": "8.00"}. */
  device_rates?: Partial<Record<string, string>>;
};

/**
 * 'z': the daily closing, itself a signed, numbered record: fiscal/report-seal.ts `SealedZ`, i.e. the `record` that
 * fiscal/reports.ts zReport computes and the `seal` sealZRecord adds (kid, authority_id, timestamp, signature, code).
 * Its period is every outlet number (and device TC) that the previous Z did not cover.
 */
export type ZPayload = SealedZ;

/** The claims of a delegation credential (the payload of its compact JWS, signed by an issuer key). */
export type CredentialClaims = {
  credential_id: string;
  merchant_nif: string;
  outlet_id: string;
  pos_terminal_id: string;
  /** NIM of the invoices sealed under this credential; not the outlet's own authority id. */
  authority_id: string;
  /** The till's key; delegated invoices carry its RFC 7638 thumbprint as security.kid. */
  public_key: EcPublicJwk;
  block: { first: number; last: number };
  issued_at: string;
  expires_at: string;
};

export type AuditExport = {
  format: typeof AUDIT_EXPORT_FORMAT;
  version: typeof AUDIT_EXPORT_VERSION;
  /** ISO instant the export was taken. */
  exported_at: string;
  merchant: AuditMerchant;
  outlet: AuditOutlet;
  /** Every seal and issuer key, retired ones too: what GET /v1/keys answers. */
  keys: { keys: AuditKey[] };
  /** Compact JWS of every credential issued for this outlet, open, returned or expired. */
  credentials: string[];
  /** The whole ledger from seq 1, in order. */
  ledger: AuditLedgerEntry[];
};

/** Largest block or void range the verifier accepts, so a hostile export cannot make it count to 10^15. */
export const MAX_NUMBER_RANGE = 100_000;
