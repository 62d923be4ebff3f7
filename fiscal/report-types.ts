// Types of the X, Z and A reports: what they take (the ledger or the till's store) and what they give (wire form).
import type { Currency, InvoiceType, PaymentMethod, SealedInvoice, TaxGroupLabel } from './invoice-types';

export type ReportErrorCode = 'invalid_invoice' | 'duplicate_number' | 'invalid_time' | 'invalid_range' | 'invalid_previous_z' | 'invalid_record';

/** A report that cannot be computed from its input: a code and a sentence naming the record at fault. */
export class ReportError extends Error {
  override readonly name = 'ReportError';
  readonly code: ReportErrorCode;
  constructor(code: ReportErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

/** A closed range of numbers, both ends included. */
export type NumberRange = { from: number; to: number };

/** A number of the outlet's sequence that will never carry an invoice, and why (unused delegated block, …). */
export type VoidedNumber = { fiscal_number: number; reason: string; at?: string };

/** A till event counted by time: a cash-drawer opening without a sale, a sale cancelled before sealing. */
export type ReportEvent = { at: string; reason?: string };

/** What the sync agent knows when the report is taken. */
export type UploadState = { not_uploaded: number; last_upload_at: string | null };

/** The previous Z as stored (its record), and the hash of its ledger entry when the caller has it. */
export type PreviousZ = { record: ZRecord; ledger_hash?: string };

/**
 * Everything an X or Z is computed from. The caller passes the ledger as it stands (or any tail of it that holds
 * the period): an invoice or voided number belongs to the period when its number was not covered by the previous Z,
 * so invoices sealed offline and uploaded after a Z fall into the next Z instead of being lost. Till events are
 * counted by time, after the previous Z's end and up to `at`.
 */
export type ReportInput = {
  outlet_id: string;
  /** When the report is taken: ISO 8601 with offset. */
  at: string;
  invoices: readonly SealedInvoice[];
  voided: readonly VoidedNumber[];
  previous_z: PreviousZ | null;
  upload: UploadState;
  drawer_opens_without_sale: readonly ReportEvent[];
  cancellations: readonly ReportEvent[];
  /** Start of the very first period (the outlet's opening) when there is no previous Z. */
  since?: string;
  authority_id?: string;
  pos_terminal_id?: string;
  cashier_name?: string;
};

/** Amounts on the wire: decimal strings with two fraction digits; negative when credit notes outweigh sales. */
export type ReportAmounts = { ht: string; vat: string; specific: string; ttc: string };
export type ReportTypeLine = { type: InvoiceType; count: number } & ReportAmounts;
export type ReportGroupLine = { group: TaxGroupLabel; rate: string } & ReportAmounts;
/** Money received per method and tendered currency; cash is net of change given, credit-note refunds subtract. */
export type ReportPaymentLine = { method: PaymentMethod; currency: Currency; amount: string };
/** One hour of Kinshasa time, `2026-11-25T14:00:00+01:00`: invoices sealed in it and their net TTC. */
export type ReportHourLine = { hour: string; count: number; ttc: string };

/** The figures of one invoice currency; CDF and USD are never added together. */
export type ReportCurrencySection = {
  currency: Currency;
  /** Per invoice type, amounts as printed on the invoices (credit notes positive here). */
  by_type: ReportTypeLine[];
  sales: { count: number } & ReportAmounts;
  credits: { count: number } & ReportAmounts;
  /** Per group and rate, sales minus credit notes. */
  by_group: ReportGroupLine[];
  /** Sales minus credit notes. */
  totals: ReportAmounts;
  payments: ReportPaymentLine[];
  /** Cash given back, in this currency. */
  change_given: string;
  by_hour: ReportHourLine[];
};

/** The numbers of a fiscal device (mode `device`), counted per NIM by its own TC counter. */
export type DeviceNumbers = { authority_id: string; first: number; last: number; count: number };

export type ReportFigures = {
  sections: ReportCurrencySection[];
  invoice_count: number;
  /** First and last of the outlet's fiscal numbers in the period, voided numbers included; null when none. */
  numbers: { first: number | null; last: number | null };
  device_numbers: DeviceNumbers[];
  /** Numbers below the highest one accounted for that are neither sealed nor voided yet (open offline blocks, gaps). */
  unaccounted_numbers: NumberRange[];
  voided: { fiscal_number: number; reason: string }[];
  voided_count: number;
  cancelled_count: number;
  drawer_opens_without_sale: number;
  not_uploaded_count: number;
  last_upload_at: string | null;
};

export type GrandTotal = { currency: Currency; ttc: string };

/** Every number a Z and the Zs before it accounted for: the outlet's sequence and each device's TC counter. */
export type CoveredNumbers = { outlet: NumberRange[]; devices: { authority_id: string; ranges: NumberRange[] }[] };

/**
 * The Z as a ledger record (payload of an entry of kind 'z'): plain JSON, numbers and strings only, ready to be
 * canonicalized, signed and chained by the caller.
 */
export type ZRecord = {
  version: 1;
  z_number: number;
  outlet_id: string;
  period: { from: string; to: string };
  first_number: number | null;
  last_number: number | null;
  figures: ReportFigures;
  /** Never reset: the previous Z's grand total plus this period's net TTC, per currency. */
  grand_totals: GrandTotal[];
  covered: CoveredNumbers;
  previous: { z_number: number; ledger_hash: string | null } | null;
  closed_by?: string;
};

type ReportHeader = {
  outlet_id: string;
  period: { from: string; to: string };
  taken_at: string;
  figures: ReportFigures;
  grand_totals: GrandTotal[];
  authority_id?: string;
  pos_terminal_id?: string;
  cashier_name?: string;
};

/** Running totals since the last Z; `z_number` is the number the next Z will take. */
export type XReport = ReportHeader & { kind: 'X'; z_number: number };
/** The closing: the same figures, and the record to seal and chain. */
export type ZReport = ReportHeader & { kind: 'Z'; z_number: number; record: ZRecord };

/** One article of the A report: what was sold less what credit notes took back. */
export type ArticleLine = {
  code: string;
  name: string;
  tax_group: TaxGroupLabel;
  /** Net quantity (decimal string, up to three fraction digits, negative when more came back than was sold). */
  quantity: string;
  credited_quantity: string;
  ht: string;
  ttc: string;
};

export type ArticleSection = {
  currency: Currency;
  articles: ArticleLine[];
  totals: { ht: string; ttc: string };
  invoice_count: number;
  credit_count: number;
};

export type ArticleOrder = 'amount' | 'code';
/** `from`/`to`: a Kinshasa calendar day (YYYY-MM-DD, the whole day) or an instant (ISO with offset; `to` excluded). */
export type ArticleRange = { from: string; to: string; order?: ArticleOrder };

export type ArticleReport = {
  kind: 'A';
  outlet_id?: string;
  period: { from: string; to: string };
  sections: ArticleSection[];
};
