// What an X or Z report prints: one input type the reports engine (fiscal/reports) maps its figures into.
import type { Currency, InvoiceType, PaymentMethod, TaxGroupLabel } from '../../fiscal/invoice-types';

export type ReportKind = 'X' | 'Z';

/** Amounts are wire decimal strings ("4064.00"), times ISO 8601 with offset, as everywhere on the wire. */
export type ReportData = {
  kind: ReportKind;
  /** The Z number this report closes (Z) or the one the next Z will take (X). */
  z_number: number;
  currency: Currency;
  period: { from: string; to: string };
  printed_at: string;
  authority_id?: string;
  pos_terminal_id?: string;
  cashier_name?: string;
  /** Count and TTC amount per invoice type (FV, FT, EV, ET sales; FA, EA credit notes). */
  by_type: { type: InvoiceType; count: number; ttc: string }[];
  /** Per tax group: rate and the period's HT, VAT, T.S. and TTC (credit notes already deducted). */
  by_group: { group: TaxGroupLabel; rate: string; ht: string; vat: string; specific: string; ttc: string }[];
  /** Net totals of the period (sales minus credit notes). */
  totals: { ht: string; vat: string; specific: string; ttc: string };
  payments: { method: PaymentMethod; currency: Currency; amount: string }[];
  /** First and last fiscal numbers of the period; null when nothing was sealed. */
  first_number: number | null;
  last_number: number | null;
  cancelled_count: number;
  voided_count: number;
  drawer_opens_without_sale: number;
  not_uploaded_count: number;
  last_upload_at: string | null;
  /** Cumulative total since the outlet opened: never reset by a Z. */
  grand_total: string;
  /** A Z is itself a sealed fiscal record; its security elements when it has them. */
  seal?: { code: string; authority_id: string; timestamp: string; qr?: string };
};
