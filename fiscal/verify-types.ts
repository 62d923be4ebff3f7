// What the offline verifier answers: the stable check codes, the first failure, or a summary of a sound export.
import type { Jwks } from './signature';

/** Stable codes, in the order they are checked (docs/audit-export.md, "Checks"). Never renamed: scripts match them. */
export const VERIFY_CHECKS = [
  'format',
  'chain.seq',
  'chain.prev_hash',
  'chain.hash',
  'entry',
  'credential',
  'kid',
  'signature',
  'code',
  'qr',
  'credential.block',
  'credential.expired',
  'totals',
  'void.reason',
  'numbers.duplicate',
  'numbers.order',
  'counters.fc',
  'device.continuity',
  'z.signature',
  'z.number',
  'z.figures',
  'numbers.gap',
] as const;
export type VerifyCheck = (typeof VERIFY_CHECKS)[number];

/** The first record that fails, and which check. seq is null when no ledger record is at fault (the header, a credential no entry uses). */
export type VerifyFailure = {
  ok: false;
  seq: number | null;
  /** The outlet number concerned, when there is one (for numbers.gap: the missing number). */
  fiscal_number: number | null;
  check: VerifyCheck;
  detail: string;
};

export type DeviceSummary = { nim: string; first_tc: number; last_tc: number; count: number };

export type VerifySummary = {
  outlet_id: string;
  authority_id: string;
  exported_at: string;
  records: number;
  /** 1..last, or null when the ledger holds no outlet number. */
  numbers: { first: number; last: number } | null;
  sealed: { cloud: number; delegated: number };
  voided: number;
  /** Numbers inside a credential's block that no entry closes yet: open (not expired) or expired awaiting reconciliation. */
  pending: { open: number; expired: number };
  mirrored: number;
  devices: DeviceSummary[];
  z_reports: number;
  credentials: number;
  /** Kids of the keys that signed something in this ledger. */
  keys_used: string[];
  /** True when the keys came from opts.keys rather than the export's own JWKS. */
  keys_from_caller: boolean;
};

export type VerifyResult = { ok: true; summary: VerifySummary } | VerifyFailure;

export type VerifyOptions = {
  /** Keys to trust instead of the export's own (an auditor passes what GET /v1/keys answered). */
  keys?: Jwks;
};

export function failure(check: VerifyCheck, seq: number | null, detail: string, fiscalNumber: number | null = null): VerifyFailure {
  return { ok: false, seq, fiscal_number: fiscalNumber, check, detail };
}
