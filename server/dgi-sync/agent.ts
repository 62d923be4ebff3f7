// The DGI upload agent: per outlet, queue sealed invoices from the ledger and upload them in passes that never overlap.
import type { Store } from '../store/store';
import type { AppEvents } from '../webhooks/events';
import type { BackoffOptions } from './backoff';
import type { EmcfClient } from './emcf-client';
import { uploadFromEntry } from './emcf-payload';
import { dgiLight, type DgiSyncStatus } from './status';
import { uploadPass, type PassResult } from './upload-pass';
import type { NewUpload, UploadStore } from './upload-store';

export type DgiSyncOptions = {
  store: Store;
  uploads: UploadStore;
  client: EmcfClient;
  events?: AppEvents;
  /** Registrations held open at the DGI at once (the e-MCF allows 10). */
  maxPending?: number;
  backoff?: BackoffOptions;
  /** How often the background loop looks at every known outlet. */
  pollMs?: number;
  /** Pending longer than this turns the light yellow. */
  yellowAfterMs?: number;
  now?: () => number;
  onError?: (err: unknown) => void;
  /** False when no e-MCF endpoint is set: a seal then only makes its outlet known (`sealed`), nothing is scanned. */
  isUploading?: boolean;
};

export type DgiSync = {
  /** Reads the outlet's new ledger entries into its upload queue; returns how many invoices were queued. */
  scan(outletId: string): Promise<number>;
  /** Scans, then one upload pass; passes of one outlet run one at a time. */
  runOnce(outletId: string): Promise<PassResult>;
  /** Passes until the queue is empty or waiting on a retry time; for tests and `drain` on shutdown. */
  drain(outletId: string): Promise<PassResult>;
  status(outletId: string): Promise<DgiSyncStatus>;
  /** Asks for a pass soon (the sealing hook calls it); kicks while one is still queued fold into it. */
  kick(outletId: string): void;
  /**
   * Notes that an outlet seals, without scanning (the sealing hook when no e-MCF endpoint is set): once one is set,
   * the poll loop finds every such outlet and uploads its backlog.
   */
  remember(outletId: string, merchantId: string): void;
  /** What the sealing hook calls after each committed seal: `kick` when uploading, else `remember`. */
  sealed(outletId: string, merchantId: string): void;
  start(): void;
  stop(): Promise<void>;
};

const PAGE = 500;

export function createDgiSync(options: DgiSyncOptions): DgiSync {
  const now = options.now ?? Date.now;
  const passDeps = {
    uploads: options.uploads,
    client: options.client,
    events: options.events,
    maxPending: options.maxPending ?? 10,
    backoff: options.backoff ?? { baseMs: 1_000, maxMs: 5 * 60_000 },
    now,
  };
  const outlets = new Map<string, { merchantId: string; isf: string | null }>();
  const chains = new Map<string, Promise<unknown>>();
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  // Outlets with a kicked run queued and not yet begun: a burst of seals queues one run, not one per seal.
  const kicked = new Set<string>();
  const remembered = new Set<string>();

  // One promise chain per outlet: a pass, a scan and a kick never interleave on the same queue.
  function serial<T>(outletId: string, job: () => Promise<T>): Promise<T> {
    const run = (chains.get(outletId) ?? Promise.resolve()).then(job, job);
    chains.set(outletId, run.catch(() => undefined));
    return run;
  }

  async function outletInfo(outletId: string): Promise<{ merchantId: string; isf: string | null } | undefined> {
    const known = outlets.get(outletId);
    if (known) return known;
    const outlet = await options.store.getOutlet(outletId);
    if (!outlet) return undefined;
    const info = { merchantId: outlet.merchantId, isf: outlet.isf };
    outlets.set(outletId, info);
    return info;
  }

  async function scanNow(outletId: string): Promise<number> {
    const info = await outletInfo(outletId);
    if (!info) return 0;
    let after = options.uploads.scannedSeq(outletId);
    let queued = 0;
    for (;;) {
      const entries = await options.store.listLedger(outletId, after, PAGE);
      const found: NewUpload[] = [];
      for (const e of entries) {
        const u = uploadFromEntry(e, info.merchantId, info.isf);
        if (u) found.push(u);
        after = e.seq;
      }
      options.uploads.enqueue(outletId, info.merchantId, after, found, new Date(now()).toISOString());
      queued += found.length;
      if (entries.length < PAGE) return queued;
    }
  }

  const runOnce = (outletId: string): Promise<PassResult> =>
    serial(outletId, async () => {
      await scanNow(outletId);
      return uploadPass(passDeps, outletId);
    });

  function kick(outletId: string): void {
    if (stopped || kicked.has(outletId)) return;
    kicked.add(outletId);
    // The flag drops when the run begins, so a seal committed after its scan started kicks the next run.
    serial(outletId, async () => {
      kicked.delete(outletId);
      await scanNow(outletId);
      return uploadPass(passDeps, outletId);
    }).catch((err: unknown) => options.onError?.(err));
  }

  function remember(outletId: string, merchantId: string): void {
    if (remembered.has(outletId)) return;
    options.uploads.knowOutlet(outletId, merchantId);
    remembered.add(outletId);
  }

  async function loop(): Promise<void> {
    for (const { outletId } of options.uploads.outlets()) {
      if (stopped) return;
      try {
        await runOnce(outletId);
      } catch (err) {
        options.onError?.(err);
      }
    }
  }

  return {
    scan: (outletId) => serial(outletId, () => scanNow(outletId)),
    runOnce,
    async drain(outletId) {
      const total: PassResult = { uploaded: 0, failed: 0, stalled: null, waitUntil: null };
      for (;;) {
        const r = await runOnce(outletId);
        total.uploaded += r.uploaded;
        total.failed += r.failed;
        total.stalled = r.stalled;
        total.waitUntil = r.waitUntil;
        if (r.uploaded + r.failed === 0 || r.stalled) return total;
      }
    },
    async status(outletId) {
      await serial(outletId, () => scanNow(outletId));
      return dgiLight(outletId, options.uploads.summary(outletId), now(), options.yellowAfterMs ?? 10 * 60_000);
    },
    kick,
    remember,
    sealed(outletId, merchantId) {
      if (options.isUploading === false) remember(outletId, merchantId);
      else kick(outletId);
    },
    start() {
      if (timer) return;
      stopped = false;
      const tick = (): void => {
        timer = setTimeout(() => {
          loop().finally(() => {
            if (!stopped) tick();
          });
        }, options.pollMs ?? 5_000);
      };
      tick();
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
      await Promise.all([...chains.values()]);
    },
  };
}
