// Wire types of the PosApi (snake_case, decimal strings for money): what the core answers and the UI shows.
import type {
  ClientInfo, Comments, CreditReference, Currency, InvoiceDraft, InvoiceType, ItemType, PaymentMethod,
  PriceMode, SealedInvoice, SpecificTax, TaxGroupLabel, UsdRate,
} from '../../fiscal/invoice-types';
import type { ArticleOrder, ArticleReport, XReport, ZReport } from '../../fiscal/report-types';
import type { ZSeal } from '../../fiscal/report-seal';

/** Who may do what: cashiers sell, owners also read reports and manage, technicians pair devices. */
export type Role = 'cashier' | 'owner' | 'technician';
export const ROLES = ['cashier', 'owner', 'technician'] as const satisfies readonly Role[];

/** Every code a PosApi call can fail with; each comes with a sentence a person can read. */
export type PosErrorCode =
  // Transport (bridge) level; 'unreachable' is the client's own: no answer came from the core.
  | 'unauthorized' | 'unknown_method' | 'bad_json' | 'unreachable'
  // Store and setup.
  | 'database_newer_than_app' | 'migration_failed' | 'settings_missing'
  // Input and catalog.
  | 'invalid_argument' | 'product_not_found' | 'duplicate_product' | 'conflict'
  // Cashiers and sessions.
  | 'cashier_exists' | 'cashier_not_found' | 'bad_pin' | 'cashier_locked' | 'not_logged_in' | 'forbidden'
  // Sales.
  | 'invalid_draft' | 'payment_refused' | 'invoice_not_found' | 'seal_mismatch' | 'not_sealed'
  // Devices and reports.
  | 'device_not_paired' | 'device_failed' | 'report_failed'
  // The fiscal extension (delegated offline signing): its key could not be opened.
  | 'key_unavailable'
  // Receipt delivery: the cloud could not be asked (retry later), or it answered that it could not deliver.
  | 'cloud_unreachable' | 'delivery_failed'
  // Honest gaps and the rest.
  | 'not_implemented' | 'internal';

export type PosError = { code: PosErrorCode; message: string; details?: unknown };

/** Every method answers a result value rather than throwing: IPC and HTTP both keep a code this way. */
export type PosResult<T> = { ok: true; value: T } | { ok: false; error: PosError };

// ── Catalog ──────────────────────────────────────────────────────────────────────────────────────────

export type Product = {
  code: string;
  barcode: string | null;
  name: string;
  type: ItemType;
  tax_group: TaxGroupLabel;
  /** Unit price, "3500.00", in `currency`, as the price mode TTC includes VAT (not the T.S.). */
  price: string;
  currency: Currency;
  specific_tax: SpecificTax | null;
  /** Out-of-scope operation (group A): the invoice line carries the item code "HORS CHAMP". */
  is_out_of_scope: boolean;
};

export type ProductInput = {
  code: string;
  name: string;
  type: ItemType;
  tax_group: TaxGroupLabel;
  price: string;
  barcode?: string | null;
  currency?: Currency;
  specific_tax?: SpecificTax | null;
  is_out_of_scope?: boolean;
  active?: boolean;
};

export type ImportReport = { inserted: number; updated: number };

// ── Cashiers and sessions ───────────────────────────────────────────────────────────────────────────

export type CashierInfo = { id: string; name: string; role: Role; active: boolean };
export type SessionInfo = { session_id: string; cashier: CashierInfo; opened_at: string };

// ── Sales ────────────────────────────────────────────────────────────────────────────────────────────

/** A line as the cashier rang it up; name, type, group and price come from the catalog, not the UI. */
export type TicketLine = {
  code: string;
  quantity: string;
  /** A changed price (discount…); needs `price_change`, the reason printed on the line (24 characters). */
  unit_price?: string;
  price_change?: string;
};

/** A payment as tendered; no amount = what remains; no currency = the invoice's. */
export type TicketPayment = { method: PaymentMethod; amount?: string; currency?: Currency };

export type Ticket = {
  /** Optional: a UUIDv7 the caller made, so a retried checkout finds the sale instead of making a second. */
  client_invoice_id?: string;
  type?: InvoiceType;
  reference?: CreditReference;
  price_mode?: PriceMode;
  currency?: Currency;
  usd_rate?: UsdRate;
  client?: ClientInfo;
  comments?: Comments;
  lines: TicketLine[];
  payments: TicketPayment[];
};

/** Where a sale is on its way to the cloud; one outbox entry per draft. */
export type OutboxStatus = 'awaiting_seal' | 'sealing' | 'awaiting_upload' | 'done' | 'rejected';
export type SignerKind = 'device' | 'cloud' | 'delegated' | 'none';

export type InvoiceRecord = {
  client_invoice_id: string;
  invoice_number: string;
  status: OutboxStatus;
  signer: SignerKind;
  /** Why the sale is in this status, in words (French first: it is shown to the cashier). */
  reason: string;
  /** Change given back in cash, in the invoice currency. */
  change_due: string;
  draft: InvoiceDraft;
  sealed: SealedInvoice | null;
};

export type CheckoutResult = {
  invoice: InvoiceRecord;
  /** 'fiscal' only when the sale is sealed; otherwise no fiscal receipt may be printed (ARCHITECTURE.md). */
  receipt: 'fiscal' | 'none';
  /** True when the call found a sale already made with the same client_invoice_id and ticket. */
  is_replay: boolean;
  /** What the receipt printer did after the sale; absent for a replay (nothing is printed twice unasked). */
  print?: PrintReport;
};

/**
 * One print: the fiscal receipt of a sealed invoice (the first is the original, later ones DUPLICATA), or for a sale
 * still waiting for its seal at most a non-fiscal ticket marked "EN ATTENTE". 'no_printer': none is paired.
 */
export type PrintReport = {
  status: 'printed' | 'no_printer' | 'failed';
  kind: 'original' | 'duplicate' | 'pending' | null;
  /** Whether the cash drawer was kicked (cash sales, never on a duplicate). */
  drawer_opened: boolean;
  message: string;
};

/** The receipt as printed, for the screen: a self-contained HTML fragment (QR inline as SVG). */
export type ReceiptPreview = { client_invoice_id: string; kind: 'fiscal' | 'pending'; paper: '58mm' | '80mm'; html: string };

/** receipt: the 80 mm receipt; a4: the A4 invoice. Both carry the security elements and the QR. */
export type ReceiptFormat = 'receipt' | 'a4';

/** A sealed invoice's PDF, rendered on the till (works offline): bytes in base64, a file name to save it under. */
export type ReceiptPdf = { client_invoice_id: string; format: ReceiptFormat; filename: string; pdf_base64: string };

/** channel email: `to` is one e-mail address; whatsapp: a phone number in international form (+243 …). */
export type DeliverReceiptArgs = { client_invoice_id: string; channel: 'email' | 'whatsapp'; to: string; format?: ReceiptFormat };

/**
 * What the cloud did (docs/delivery.md): email → status 'sent' (the relay accepted the mail with the PDF attached);
 * whatsapp → status 'link', `whatsapp_url` to open (wa.me with the summary and `pdf_url`). `pdf_url` is a capability
 * link that works without a key until `expires_at`.
 */
export type DeliveryResult = {
  client_invoice_id: string;
  channel: 'email' | 'whatsapp';
  to: string;
  format: ReceiptFormat;
  status: 'sent' | 'link';
  pdf_url: string;
  expires_at: string;
  whatsapp_url?: string;
};

export type InvoiceSummary = {
  seq: number;
  client_invoice_id: string;
  invoice_number: string;
  type: InvoiceType;
  issued_at: string;
  currency: Currency;
  total_ttc: string;
  cashier_id: string;
  status: OutboxStatus;
  signer: SignerKind;
  reason: string;
  fiscal_code: string | null;
};

export type ListInvoicesArgs = {
  status?: OutboxStatus[];
  /** ISO date-times bounding issued_at (inclusive from, exclusive to). */
  from?: string;
  to?: string;
  /** Newest first; pass the last page's `next_before_seq` to page back. */
  before_seq?: number;
  limit?: number;
};
export type InvoicePage = { invoices: InvoiceSummary[]; next_before_seq: number | null };

// ── Status ───────────────────────────────────────────────────────────────────────────────────────────

export type SyncLight = 'green' | 'yellow' | 'red';

export type SyncStatus = {
  light: SyncLight;
  reason: string;
  signer: SignerKind;
  /** Sales sealed on the till (delegated, device) not yet accepted by the cloud. */
  pending_uploads: number;
  /** Sales that wait for a signer: no fiscal receipt for them yet. */
  awaiting_seal: number;
  last_upload_at: string | null;
  /** Since when the cloud has not answered, while it does not; null when online or not set up. */
  offline_since: string | null;
  /** Paired devices at fault, each in words; any makes the light red. */
  device_faults: string[];
};

export type TillInfo = {
  merchant_nif: string | null;
  merchant_name: string | null;
  outlet_id: string | null;
  outlet_name: string | null;
  terminal_id: string | null;
  cloud_url: string | null;
  schema_version: number;
};

// ── Devices ──────────────────────────────────────────────────────────────────────────────────────────

export type DeviceRole = 'printer' | 'mcf' | 'scanner' | 'drawer';
export type DeviceTransport = 'serial' | 'usb' | 'hid' | 'tcp' | 'memory';
export type DeviceInfo = {
  id: string;
  role: DeviceRole;
  transport: DeviceTransport;
  /** The link: "host:port" for tcp, the port path for serial/usb. */
  path: string;
  label: string;
  status: 'ok' | 'fault' | 'unknown';
  last_seen_at: string | null;
  /** The last failure in words, while status is 'fault'. */
  last_error?: string | null;
};
export type PairDeviceArgs = { role: DeviceRole; transport: DeviceTransport; path: string; options?: Record<string, string | number> };
export type DeviceTestResult = { device_id: string; ok: boolean; message: string; details?: Record<string, string | number> };

// ── Reports (computed by fiscal/reports over the till's own sealed invoices) ─────────────────────────

/** A Kinshasa day (YYYY-MM-DD, the whole day) or an ISO instant with offset; `to` excluded. */
export type ReportRangeArgs = { from: string; to: string; order?: ArticleOrder };

/** A Z closing as the till files it: the report, its seal by the till's key, its place in the till's Z chain, the print. */
export type ZClosing = {
  report: ZReport;
  seal: ZSeal;
  /** SHA-256 of the sealed Z, chained to the previous Z's hash. */
  hash: string;
  prev_hash: string;
  print: PrintReport;
};

export type { XReport, ZReport, ArticleReport, ZSeal };
