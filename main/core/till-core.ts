// The whole till core in one call: cloud client and reachability, sealers, device manager, printing, reports, sync agent, PosApi.
import type { CheckoutDeps } from './checkout';
import { createCloudClient, type CloudClient } from './cloud/client';
import { createReachability } from './cloud/reachability';
import { systemClock, type Clock } from './clock';
import { createDeviceManager, type DeviceManager } from './devices/manager';
import { createMcfConnection } from './devices/mcf-connection';
import { linkFor } from './devices/registry';
import { createPosService, type PosService } from './pos-service';
import { DEFAULT_ISF } from './printing/layouts';
import { createReceipts, type Receipts } from './printing/receipts';
import { createTillReports, type TillReports } from './reports/till-reports';
import type { Sealer, Sealers } from './sealer';
import { createCloudSealer } from './sealers/cloud';
import { createDeviceSealer } from './sealers/device';
import type { SignerProbe, SignerState } from './signer-choice';
import { makeSignerProbe } from './signer-probe';
import type { Store } from './store/open-store';
import { readSettings } from './store/settings';
import { createSyncAgent, type SyncAgent } from './sync/agent';
import type { BackoffOptions } from './sync/backoff';
import { createMirrorUploader } from './sync/mirror-upload';
import { tillKey } from './till-key';
import { createClockGuard } from './delegated/clock-guard';
import { createFiscalExtension, type FiscalExtension, type FiscalExtensionConfig } from './delegated/extension';

/**
 * The seam for delegated offline signing (ARCHITECTURE.md mode 2), which needs the server's /v1/credentials: a
 * sealer that signs inside the credential's block with the till's key (mode 'delegated', credential_id set), and
 * the credential it holds now. Given here, chooseSigner uses it when the cloud is unreachable; its invoices wait
 * in 'awaiting_upload' until the reconciliation upload takes them (sync/mirror-upload with credential_id).
 */
export type DelegatedSigning = {
  sealer: Sealer & { mode: 'delegated' };
  credential: () => Promise<SignerState['delegated']['credential']>;
};

export type TillCoreOptions = {
  store: Store;
  clock?: Clock;
  sync?: { idleMs?: number; backoff?: BackoffOptions; autoStart?: boolean };
  /** Cloud exchange timeout (default 15 s) and health-check timeout (default 2 s). */
  cloudTimeoutMs?: number;
  pingTimeoutMs?: number;
  /** How long the cloud's reachability is trusted before another health check (default 5 s). */
  reachabilityTtlMs?: number;
  printPendingTicket?: boolean;
  /** Delegated offline signing built in: the till's key (PKCS#11 or key file), block size, lifetime, clock bound. */
  fiscalExtension?: FiscalExtensionConfig;
  /** A delegated signer given from outside (tests); fiscalExtension builds its own. */
  delegated?: DelegatedSigning;
  /** Tests and kiosks: sealers that replace the built ones per mode, and a signer probe that replaces the built one. */
  sealers?: Sealers;
  probeSigners?: SignerProbe;
};

export type TillCore = {
  service: PosService;
  agent: SyncAgent;
  cloud: CloudClient;
  devices: DeviceManager;
  receipts: Receipts;
  reports: TillReports;
  /** The fiscal extension, when delegated offline signing is built in. */
  extension: FiscalExtension | null;
  sealers: Sealers;
  probeSigners: SignerProbe;
  /** What checkout needs, wired as the PosApi wires it (for tools that sell without a login, like the crash test). */
  checkoutDeps: CheckoutDeps;
  close(): Promise<void>;
};

export function createTillCore(options: TillCoreOptions): TillCore {
  const { store } = options;
  const db = store.db;
  const clock = options.clock ?? systemClock;
  // Each knows the other: every cloud exchange tells the tracker, and the tracker pings through the client.
  const reachability = createReachability({
    db, clock, ping: () => cloud.ping(), ...(options.reachabilityTtlMs === undefined ? {} : { ttlMs: options.reachabilityTtlMs }),
  });
  const guard = options.fiscalExtension === undefined
    ? null
    : createClockGuard({ db, clock, ...(options.fiscalExtension.maxClockDriftMs === undefined ? {} : { maxDriftMs: options.fiscalExtension.maxClockDriftMs }) });
  const cloud: CloudClient = createCloudClient({
    settings: () => readSettings(db).cloud ?? null,
    now: () => clock.now().getTime(),
    ...(guard === null ? {} : { onServerTime: (serverMs: number, localMs: number) => guard.observeServer(serverMs, localMs) }),
    ...(options.cloudTimeoutMs === undefined ? {} : { timeoutMs: options.cloudTimeoutMs }),
    ...(options.pingTimeoutMs === undefined ? {} : { pingTimeoutMs: options.pingTimeoutMs }),
    onExchange: (kind, status) => reachability.note(kind, status),
  });
  const mcf = createMcfConnection({ link: () => linkFor(db, 'mcf') });
  const receipts = createReceipts({ db, clock, ...(options.printPendingTicket === undefined ? {} : { printPendingTicket: options.printPendingTicket }) });
  const devices = createDeviceManager({ db, clock, mcf, receipts });
  const key = () => tillKey(db, clock.now());
  const extension = guard === null || options.fiscalExtension === undefined
    ? null
    : createFiscalExtension({ db, clock, cloud, guard, config: options.fiscalExtension });
  const delegated: DelegatedSigning | undefined = options.delegated
    ?? (extension === null ? undefined : { sealer: extension.sealer, credential: () => extension.credential() });
  const sealers: Sealers = {
    cloud: createCloudSealer(cloud),
    device: createDeviceSealer({
      connection: mcf,
      isf: () => readSettings(db).outlet?.isf ?? DEFAULT_ISF,
      tillKey: key,
      onHealth: (isOk, detail, warnings) => devices.noteMcf(isOk, detail, warnings),
    }),
    ...(delegated === undefined ? {} : { delegated: delegated.sealer }),
    ...options.sealers,
  };
  const probeSigners = options.probeSigners ?? makeSignerProbe(db, clock, {
    device: () => devices.probeMcf(),
    cloudReachable: () => reachability.isReachable(),
    cloudDetail: () => reachability.detail(),
    ...(delegated === undefined ? {} : { credential: delegated.credential }),
    ...(guard === null ? {} : { clockTrust: () => {
      const t = guard.check();
      return t.trusted ? { trusted: true } : { trusted: false, detail: t.reason };
    } }),
  });
  const agent = createSyncAgent({
    db, clock, sealers, probeSigners,
    uploadMirror: createMirrorUploader(cloud, () => readSettings(db).terminal_id ?? ''),
    ...(options.sync?.idleMs === undefined ? {} : { idleMs: options.sync.idleMs }),
    ...(options.sync?.backoff === undefined ? {} : { backoff: options.sync.backoff }),
    ...(extension === null ? {} : { maintain: async () => ((await reachability.isReachable()) ? (await extension.maintain()).note : null) }),
  });
  const tillReports = createTillReports({ db, clock, receipts, tillKey: key });
  // Day close: once the Z is filed, the till's invoices go up and its credentials go back (their unused numbers voided).
  const reports: TillReports = extension === null ? tillReports : {
    ...tillReports,
    async z(cashierName) {
      const closing = await tillReports.z(cashierName);
      extension.pauseUntilNextSale();
      void agent.runPass({ force: true }).then(() => extension.returnAll()).catch(() => undefined);
      return closing;
    },
  };
  const service = createPosService({ store, clock, sealers, probeSigners, agent, receipts, reports, devices, cloud });
  if (options.sync?.autoStart !== false) agent.start();
  const checkoutDeps: CheckoutDeps = {
    db, clock, sealers, probeSigners,
    settle: (signer) => agent.settle(signer),
    onWaiting: () => agent.kick(),
    afterSale: (id) => receipts.afterSale(id),
  };
  return {
    service, agent, cloud, devices, receipts, reports, extension, sealers, probeSigners, checkoutDeps,
    async close() {
      await agent.stop();
      await mcf.close();
      await extension?.close();
    },
  };
}
