// Wire types of an invoice (docs/CONTRACT.md), snake_case as on the wire, and the DGI code lists they use.

/** Invoice types of the DGI protocol (Protocoles SFE-MCF v1.0, command C0h, fields VT and RT). */
export const INVOICE_TYPES = ['FV', 'FT', 'EV', 'ET', 'FA', 'EA'] as const;
export type InvoiceType = (typeof INVOICE_TYPES)[number];

/** Sale types (C0h VT): sale, advance, export sale, export advance. */
export const SALE_TYPES = ['FV', 'FT', 'EV', 'ET'] as const;
export type SaleType = (typeof SALE_TYPES)[number];

/** Credit-note types (C0h RT): credit note, export credit note. */
export const CREDIT_TYPES = ['FA', 'EA'] as const;
export type CreditType = (typeof CREDIT_TYPES)[number];

/** Types that are exports (mention EXPORTATION on paper, protocol §2). */
export const EXPORT_TYPES = ['EV', 'ET', 'EA'] as const;
export type ExportType = (typeof EXPORT_TYPES)[number];

/** Credit-note natures (C0h RR): correction, cancellation, goods taken back, rebate. */
export const CREDIT_NATURES = ['COR', 'RAN', 'RAM', 'RRR'] as const;
export type CreditNature = (typeof CREDIT_NATURES)[number];

/** Client types (C3h CTYPE): natural person, company, trader, liberal profession, embassy / int'l organisation. */
export const CLIENT_TYPES = ['PP', 'PM', 'PC', 'PL', 'AO'] as const;
export type ClientType = (typeof CLIENT_TYPES)[number];

/** Payment methods (35h PA): cash, transfer, card, mobile money, cheque, other. */
export const PAYMENT_METHODS = ['E', 'V', 'C', 'M', 'D', 'A'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

/** Item types (31h ITYPE): goods, services, taxes and levies. */
export const ITEM_TYPES = ['BIE', 'SER', 'TAX'] as const;
export type ItemType = (typeof ITEM_TYPES)[number];

/** Comment lines (36h LID), up to eight. */
export const COMMENT_LINES = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'] as const;
export type CommentLine = (typeof COMMENT_LINES)[number];

/** Tax groups A–P (FACNO Groupes de Taxation v1.2, February 2026; 31h TAX). */
export const TAX_GROUP_LABELS = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J', 'K', 'L', 'M', 'N', 'O', 'P'] as const;
export type TaxGroupLabel = (typeof TAX_GROUP_LABELS)[number];

/** Currencies the till handles: Congolese franc and US dollar (C0h CRT/CDT carry the USD rate). */
export const CURRENCIES = ['CDF', 'USD'] as const;
export type Currency = (typeof CURRENCIES)[number];

/** Price modes (C0h PMODE): prices include VAT, or are before VAT. */
export const PRICE_MODES = ['TTC', 'HT'] as const;
export type PriceMode = (typeof PRICE_MODES)[number];

/** Trust modes that can seal an invoice (docs/ARCHITECTURE.md). */
export const SEAL_MODES = ['cloud', 'delegated', 'device'] as const;
export type SealMode = (typeof SEAL_MODES)[number];

/** Reference of a credit note to what it credits: the original's 24-character CODE DEF/DGI, or `RRR`. */
export type CreditReference = {
  nature: CreditNature;
  code: string;
};

/** The buyer, printed only when the client asks (C3h). Only `type` is required. */
export type ClientInfo = {
  type: ClientType;
  nif?: string;
  name?: string;
  address?: string;
  contact?: string;
  rccm?: string;
};

/**
 * Specific tax (T.S.) riding on an item (31h TSR): either an amount per unit, or a percentage.
 * `description` is the protocol's optional TSDESC.
 */
export type SpecificTax =
  | { per_unit: string; description?: string }
  | { percent: string; description?: string };

/** One line of the invoice. Amounts are decimal strings (two fraction digits), quantity up to three. */
export type InvoiceItem = {
  code: string;
  name: string;
  type: ItemType;
  tax_group: TaxGroupLabel;
  unit_price: string;
  quantity: string;
  specific_tax?: SpecificTax;
  original_price?: string;
  price_change?: string;
};

/** Per-group figures: rate in percent, amounts before tax, VAT, specific tax and total. */
export type TaxGroupLine = {
  group: TaxGroupLabel;
  rate: string;
  ht: string;
  vat: string;
  specific: string;
  ttc: string;
};

/** Invoice totals. */
export type Totals = {
  ht: string;
  vat: string;
  specific: string;
  ttc: string;
};

/** One payment; several may be combined (35h). */
export type Payment = {
  method: PaymentMethod;
  amount: string;
  currency: Currency;
};

/** The USD rate of the day and its date (C0h CRT/CDT), date as `YYYY-MM-DD`. */
export type UsdRate = {
  rate: string;
  date: string;
};

/** Comment lines A–H (36h), each at most 255 characters. */
export type Comments = Partial<Record<CommentLine, string>>;

/** What a till or an integrator submits to be sealed. */
export type InvoiceDraft = {
  client_invoice_id: string;
  merchant_nif: string;
  outlet_id: string;
  pos_terminal_id: string;
  cashier_id: string;
  cashier_name: string;
  invoice_number: string;
  type: InvoiceType;
  reference?: CreditReference;
  price_mode: PriceMode;
  currency: Currency;
  usd_rate?: UsdRate;
  client?: ClientInfo;
  items: InvoiceItem[];
  tax_groups: TaxGroupLine[];
  totals: Totals;
  payments: Payment[];
  comments?: Comments;
  issued_at: string;
};

/** FC/TC counters and the type they count (printed as `3/9 FV`). */
export type SealCounters = {
  fc: number;
  tc: number;
  type: InvoiceType;
};

/** The security elements sealing adds (docs/CONTRACT.md, "A sealed invoice"). */
export type SecurityElements = {
  mode: SealMode;
  authority_id: string;
  /** The outlet's fiscal number; absent for `mode: device`, whose numbering is checked per NIM. */
  fiscal_number?: number;
  counters: SealCounters;
  code: string;
  /** DGI time `yyyyMMddHHmmss`. */
  timestamp: string;
  qr: string;
  kid: string;
  signature: string;
  /** Only for `mode: delegated`: the credential the till signed under. */
  credential_id?: string;
};

/** A draft as the server recomputed it, with its security elements. */
export type SealedInvoice = InvoiceDraft & { security: SecurityElements };
