// The PosApi: the one typed definition of what window.pos offers, shared by preload, the HTTP bridge and the renderer.
// Methods are added here first; the core implements them, preload and the bridge carry them unchanged.
import type {
  CashierInfo, CheckoutResult, DeviceInfo, DeviceTestResult, ImportReport, InvoicePage, InvoiceRecord,
  ListInvoicesArgs, PairDeviceArgs, PosResult, Product, ProductInput, ReportRangeArgs, Role, SessionInfo,
  SyncStatus, Ticket, TillInfo,
} from './pos-types';

export type * from './pos-types';

/**
 * Each method: its one argument object (`void`: none) and its result value. Reports answer `never` until
 * fiscal/reports lands: they can only fail, with `not_implemented`, and the type says so.
 */
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
  xReport: { args: void; result: never };
  zReport: { args: void; result: never };
  aReport: { args: ReportRangeArgs; result: never };
  listDevices: { args: void; result: DeviceInfo[] };
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
  'syncStatus', 'syncNow', 'xReport', 'zReport', 'aReport',
  'listDevices', 'pairDevice', 'testDevice',
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
  xReport: ['owner'],
  zReport: ['owner'],
  aReport: ['owner'],
  createCashier: ['owner'],
  listCashiers: ['owner'],
  importCatalog: ['owner'],
  listDevices: ['technician', 'owner'],
  pairDevice: ['technician'],
  testDevice: ['technician'],
} as const satisfies Record<PosMethod, MethodAccess>;

export function isPosMethod(name: string): name is PosMethod {
  return (POS_METHODS as readonly string[]).includes(name);
}
