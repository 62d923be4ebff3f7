// The PosApi: the one typed definition of what window.pos offers, shared by preload, the HTTP bridge and the renderer.
// Methods are added here first; the core implements them, preload and the bridge carry them unchanged.
import type { DiscoveryReport } from '../../device/discovery/types';
import type {
  ArticleReport, CashierInfo, CheckoutResult, DeviceInfo, DeviceTestResult, ImportReport, InvoicePage, InvoiceRecord,
  ListInvoicesArgs, PairDeviceArgs, DeliverReceiptArgs, DeliveryResult, ReceiptFormat, ReceiptPdf, PosResult, PrintReport, Product, ProductInput, ReceiptPreview, ReportRangeArgs, Role,
  SessionInfo, SyncStatus, Ticket, TillInfo, XReport, ZClosing,
} from './pos-types';

export type * from './pos-types';

/** Each method: its one argument object (`void`: none) and its result value. */
export type PosMethodTypes = {
  login: { args: { name: string; pin: string }; result: SessionInfo };
  logout: { args: void; result: { closed: boolean } };
  currentSession: { args: void; result: SessionInfo | null };
  tillInfo: { args: void; result: TillInfo };
  searchProducts: { args: { query: string; limit?: number }; result: Product[] };
  lookupBarcode: { args: { barcode: string }; result: Product | null };
  checkout: { args: Ticket; result: CheckoutResult };
  getInvoice: { args: { client_invoice_id: string }; result: InvoiceRecord };
  listInvoices: { args: ListInvoicesArgs; result: InvoicePage };
  syncStatus: { args: void; result: SyncStatus };
  syncNow: { args: void; result: SyncStatus };
  /** Prints the sealed invoice again, marked DUPLICATA (or the original, if it was never printed). */
  reprintInvoice: { args: { client_invoice_id: string }; result: PrintReport };
  receiptPreview: { args: { client_invoice_id: string }; result: ReceiptPreview };
  /** The sealed invoice's PDF (80 mm receipt or A4), rendered here: a receipt can be saved even offline. */
  receiptPdf: { args: { client_invoice_id: string; format?: ReceiptFormat; duplicate?: boolean }; result: ReceiptPdf };
  /** Asks the cloud to e-mail the receipt or to make its WhatsApp link; offline it fails with cloud_unreachable, nothing sent. */
  deliverReceipt: { args: DeliverReceiptArgs; result: DeliveryResult };
  xReport: { args: void; result: XReport };
  /** Closes the period: numbered, sealed with the till's key, stored, printed. Cannot be undone. */
  zReport: { args: void; result: ZClosing };
  aReport: { args: ReportRangeArgs; result: ArticleReport };
  listDevices: { args: void; result: DeviceInfo[] };
  /** Serial ports, USB, HID and, for the addresses given, printers answering on 9100; each source fails alone. */
  detectDevices: { args: { network_hosts?: string[]; network_port?: number } | void; result: DiscoveryReport };
  pairDevice: { args: PairDeviceArgs; result: DeviceInfo };
  testDevice: { args: { device_id: string }; result: DeviceTestResult };
  createCashier: { args: { name: string; pin: string; role: Role }; result: CashierInfo };
  listCashiers: { args: void; result: CashierInfo[] };
  importCatalog: { args: { products: ProductInput[]; mode?: 'upsert' | 'replace' }; result: ImportReport };
};

export type PosMethod = keyof PosMethodTypes;
export type PosArgs<M extends PosMethod> = PosMethodTypes[M]['args'];
export type PosValue<M extends PosMethod> = PosMethodTypes[M]['result'];

type Call<A, R> = [A] extends [void] ? () => Promise<PosResult<R>> : (args: A) => Promise<PosResult<R>>;

export type PosApi = { [M in PosMethod]: Call<PosArgs<M>, PosValue<M>> };

export const POS_METHODS = [
  'login', 'logout', 'currentSession', 'tillInfo',
  'searchProducts', 'lookupBarcode', 'checkout', 'getInvoice', 'listInvoices',
  'syncStatus', 'syncNow', 'reprintInvoice', 'receiptPreview', 'receiptPdf', 'deliverReceipt', 'xReport', 'zReport', 'aReport',
  'listDevices', 'detectDevices', 'pairDevice', 'testDevice',
  'createCashier', 'listCashiers', 'importCatalog',
] as const satisfies readonly PosMethod[];

// Every method of the type is in the list (the `satisfies` above proves the converse).
type Missing = Exclude<PosMethod, (typeof POS_METHODS)[number]>;
const _everyMethodListed: [Missing] extends [never] ? true : Missing = true;

/**
 * Who may call what. The core enforces it (the UI only uses it to grey out buttons): 'public' needs no
 * session, 'session' any logged-in person, otherwise the roles named.
 */
export type MethodAccess = 'public' | 'session' | readonly Role[];

export const METHOD_ACCESS = {
  login: 'public',
  logout: 'public',
  currentSession: 'public',
  syncStatus: 'public',
  tillInfo: 'session',
  searchProducts: ['cashier', 'owner'],
  lookupBarcode: ['cashier', 'owner'],
  checkout: ['cashier', 'owner'],
  getInvoice: ['cashier', 'owner'],
  listInvoices: ['cashier', 'owner'],
  syncNow: ['cashier', 'owner'],
  reprintInvoice: ['cashier', 'owner'],
  receiptPreview: ['cashier', 'owner'],
  receiptPdf: ['cashier', 'owner'],
  deliverReceipt: ['cashier', 'owner'],
  xReport: ['owner'],
  zReport: ['owner'],
  aReport: ['owner'],
  createCashier: ['owner'],
  listCashiers: ['owner'],
  importCatalog: ['owner'],
  listDevices: ['technician', 'owner'],
  detectDevices: ['technician'],
  pairDevice: ['technician'],
  testDevice: ['technician'],
} as const satisfies Record<PosMethod, MethodAccess>;

export function isPosMethod(name: string): name is PosMethod {
  return (POS_METHODS as readonly string[]).includes(name);
}
