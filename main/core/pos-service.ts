// The PosApi implemented over the core: one session per till, roles checked here for every call, errors as values.
import { METHOD_ACCESS, POS_METHODS, isPosMethod, type PosApi, type PosArgs, type PosMethod, type PosValue } from '../api/pos-api';
import type { PosResult, ProductInput, Role, SessionInfo, Ticket } from '../api/pos-types';
import { importCatalog, lookupBarcode, searchProducts } from './catalog';
import { closeAllSessions, closeSession, createCashier, getOpenSession, listCashiers, login } from './cashiers';
import { checkout, type CheckoutDeps } from './checkout';
import { systemClock, type Clock } from './clock';
import { CoreError, toPosError } from './errors';
import { getInvoiceRecord, listInvoices, outboxCounts } from './invoices';
import type { DeviceManager } from './devices/manager';
import { deliverReceipt, receiptPdfOf } from './printing/receipt-delivery';
import type { Receipts } from './printing/receipts';
import type { CloudClient } from './cloud/client';
import type { TillReports } from './reports/till-reports';
import { detectDevices } from './devices/detect';
import type { Sealers } from './sealer';
import { chooseSigner, installedChoice, type SignerProbe } from './signer-choice';
import { makeSignerProbe } from './signer-probe';
import { statusContextFrom } from './status-context';
import type { Store } from './store/open-store';
import { readSettings } from './store/settings';
import { syncStatusFrom } from './sync-status';
import type { SyncAgent } from './sync/agent';

/** The parts beyond the store are optional: a build without one answers `not_implemented` for its methods, honestly. */
export type PosServiceDeps = {
  store: Store;
  clock?: Clock;
  sealers?: Sealers;
  probeSigners?: SignerProbe;
  agent?: SyncAgent;
  receipts?: Receipts;
  reports?: TillReports;
  devices?: DeviceManager;
  /** The cloud client that delivers receipts (deliverReceipt). */
  cloud?: Pick<CloudClient, 'deliver'>;
};

export type PosService = {
  api: PosApi;
  /** For transports (bridge, IPC): any method name and untrusted arguments in, a PosResult out; never throws. */
  dispatch(method: string, args: unknown): Promise<PosResult<unknown>>;
  currentSession(): SessionInfo | null;
};

type Handler<M extends PosMethod> = (args: PosArgs<M>, session: SessionInfo | null) => Promise<PosValue<M>> | PosValue<M>;
type Handlers = { [M in PosMethod]: Handler<M> };

/** Methods whose part of the product is not built yet; their docs/till-core.md entry says which part brings them. */
function notBuilt(what: string, part: string): never {
  throw new CoreError('not_implemented', `${what} is not built yet: it arrives with ${part}.`);
}

/** Bridge arguments are untrusted JSON: anything but a plain object is refused before a handler reads it. */
function objectArgs<T>(args: T): T {
  if (typeof args !== 'object' || args === null || Array.isArray(args)) throw new CoreError('invalid_argument', 'The arguments must be a JSON object.');
  return args;
}

function hasRole(session: SessionInfo | null, method: PosMethod): boolean {
  const access = METHOD_ACCESS[method];
  if (access === 'public') return true;
  if (session === null) return false;
  return access === 'session' || (access as readonly Role[]).includes(session.cashier.role);
}

export function createPosService(deps: PosServiceDeps): PosService {
  const db = deps.store.db;
  const clock = deps.clock ?? systemClock;
  const sealers = deps.sealers ?? {};
  const probeSigners = deps.probeSigners ?? makeSignerProbe(db, clock);
  const { agent, receipts, reports, devices, cloud } = deps;
  const checkoutDeps: CheckoutDeps = {
    db, clock, sealers, probeSigners,
    ...(agent === undefined ? {} : { settle: (signer) => agent.settle(signer), onWaiting: () => agent.kick() }),
    ...(receipts === undefined ? {} : { afterSale: (id) => receipts.afterSale(id) }),
  };
  // One person at the till at a time; a session a crash left open is closed, so nobody is logged in unseen.
  closeAllSessions(db, 'restart', clock.now());
  let sessionId: string | null = null;

  const current = (): SessionInfo | null => {
    const s = sessionId === null ? null : getOpenSession(db, sessionId);
    if (s === null) sessionId = null;
    return s;
  };

  const syncStatus = async () => {
    const state = await probeSigners();
    return syncStatusFrom(outboxCounts(db), installedChoice(chooseSigner(state), sealers), statusContextFrom(db, state, clock.now()));
  };
  const idOf = (args: unknown): string => {
    const id = objectArgs(args as { client_invoice_id?: unknown }).client_invoice_id;
    if (typeof id !== 'string') throw new CoreError('invalid_argument', 'client_invoice_id must be a string.');
    return id;
  };

  const handlers: Handlers = {
    login: async (args) => {
      const { name, pin } = objectArgs(args);
      const session = await login(db, name, pin, clock.now());
      if (sessionId !== null) closeSession(db, sessionId, 'replaced', clock.now());
      sessionId = session.session_id;
      return session;
    },
    logout: () => {
      const closed = sessionId !== null && closeSession(db, sessionId, 'logout', clock.now());
      sessionId = null;
      return { closed };
    },
    currentSession: () => current(),
    tillInfo: () => {
      const s = readSettings(db);
      return {
        merchant_nif: s.merchant?.nif ?? null, merchant_name: s.merchant?.name ?? null,
        outlet_id: s.outlet?.id ?? null, outlet_name: s.outlet?.name ?? null, terminal_id: s.terminal_id ?? null,
        cloud_url: s.cloud?.url ?? null, schema_version: deps.store.migration.to,
      };
    },
    searchProducts: (args) => {
      const { query, limit } = objectArgs(args);
      if (typeof query !== 'string') throw new CoreError('invalid_argument', 'query must be a string.');
      return searchProducts(db, query, typeof limit === 'number' ? limit : 20);
    },
    lookupBarcode: (args) => {
      const { barcode } = objectArgs(args);
      if (typeof barcode !== 'string') throw new CoreError('invalid_argument', 'barcode must be a string.');
      return lookupBarcode(db, barcode);
    },
    checkout: (args, session) => checkout(checkoutDeps, objectArgs(args) as Ticket, (session as SessionInfo).cashier),
    getInvoice: (args) => getInvoiceRecord(db, objectArgs(args).client_invoice_id),
    listInvoices: (args) => listInvoices(db, objectArgs(args ?? {})),
    syncStatus,
    syncNow: async () => {
      if (agent === undefined) return notBuilt('syncNow', 'a sync agent (createTillCore wires one)');
      await agent.runPass({ force: true });
      return syncStatus();
    },
    reprintInvoice: (args) => (receipts === undefined ? notBuilt('Reprinting', 'the receipt printing of createTillCore') : receipts.reprint(idOf(args))),
    receiptPreview: (args) => (receipts === undefined ? notBuilt('The receipt preview', 'the receipt printing of createTillCore') : receipts.preview(idOf(args))),
    receiptPdf: (args) => receiptPdfOf(db, objectArgs(args)),
    deliverReceipt: (args) => (cloud === undefined ? notBuilt('Receipt delivery', 'the cloud client of createTillCore') : deliverReceipt(db, cloud, objectArgs(args))),
    xReport: (_args, session) => (reports === undefined ? notBuilt('The X report', 'the reports of createTillCore') : reports.x(session?.cashier.name)),
    zReport: (_args, session) => (reports === undefined ? notBuilt('The Z closing', 'the reports of createTillCore') : reports.z(session?.cashier.name)),
    aReport: (args) => (reports === undefined ? notBuilt('The A report', 'the reports of createTillCore') : reports.a(objectArgs(args))),
    listDevices: () => (devices === undefined ? notBuilt('The device list', 'the device manager of createTillCore') : devices.list()),
    detectDevices: (args) => detectDevices(args === undefined || args === null ? undefined : objectArgs(args)),
    pairDevice: (args) => (devices === undefined ? notBuilt('Device pairing', 'the device manager of createTillCore') : devices.pair(objectArgs(args))),
    testDevice: (args) => {
      if (devices === undefined) return notBuilt('Device tests', 'the device manager of createTillCore');
      const { device_id } = objectArgs(args);
      return devices.test(device_id);
    },
    createCashier: (args) => {
      const { name, pin, role } = objectArgs(args);
      return createCashier(db, { name, pin, role }, clock.now());
    },
    listCashiers: () => listCashiers(db),
    importCatalog: (args) => {
      const { products, mode } = objectArgs(args);
      if (mode !== undefined && mode !== 'upsert' && mode !== 'replace') throw new CoreError('invalid_argument', 'mode must be "upsert" or "replace".');
      return importCatalog(db, products as ProductInput[], { mode: mode ?? 'upsert', now: clock.now() });
    },
  };

  /** A fresh till has nobody to log in: its first owner may be created without a session, and only then. */
  const isFirstOwner = (method: PosMethod, args: unknown): boolean =>
    method === 'createCashier' && listCashiers(db).length === 0 && (args as { role?: unknown } | null)?.role === 'owner';

  async function call(method: PosMethod, args: unknown): Promise<PosResult<unknown>> {
    try {
      const session = current();
      if (!hasRole(session, method) && !isFirstOwner(method, args)) {
        if (session === null) throw new CoreError('not_logged_in', `Connectez-vous d'abord. / Log in first: ${method} needs a session.`);
        throw new CoreError('forbidden', `Le rôle ${session.cashier.role} ne peut pas faire ${method}. / Role ${session.cashier.role} may not call ${method}.`);
      }
      const handler = handlers[method] as (a: unknown, s: SessionInfo | null) => unknown;
      return { ok: true, value: await handler(args, session) };
    } catch (e) {
      return { ok: false, error: toPosError(e) };
    }
  }

  const api = Object.fromEntries(POS_METHODS.map((m) => [m, (args?: unknown) => call(m, args)])) as PosApi;
  return {
    api,
    currentSession: current,
    dispatch: (method, args) =>
      isPosMethod(method)
        ? call(method, args)
        : Promise.resolve({ ok: false, error: { code: 'unknown_method', message: `The PosApi has no method "${method}".` } }),
  };
}
