// The sweep: credentials expired for longer than the grace period are closed and their unused numbers voided, so
// every outlet number ends up sealed or voided (CONTRACT.md invariant) even when a till never comes back.
import type { OfflineDeps } from './credentials-options';
import { appendTimeMs } from './reconcile-time';
import type { CredentialRecord } from './store/reconcile-records';
import { closeCredentialInTx } from './voids';

const PAGE = 100;

async function closeExpired(deps: OfflineDeps, c: CredentialRecord): Promise<boolean> {
  return deps.store.transact(c.outletId, async (tx) => {
    const head = await tx.lockOutlet(c.outletId);
    const fresh = await tx.getCredentialTx(c.id);
    // Another job (a return, a reconciliation, a concurrent sweep) may have closed it since it was listed.
    if (!head || !fresh || fresh.status !== 'open') return false;
    const closed = await closeCredentialInTx(tx, head, fresh, { kind: 'expired', by: 'sweep' }, appendTimeMs(head, deps.clock().getTime()));
    await tx.saveOutletHead(closed.head);
    return true;
  });
}

const isOverdue = (c: CredentialRecord, cutoffIso: string): boolean => c.status === 'open' && c.expiresAt < cutoffIso;

/**
 * Closes every open credential that expired more than `graceMs` ago, of one outlet or of all; answers how many it
 * closed. Safe to run from several processes at once: each close re-reads the credential under the outlet's lock.
 */
export async function sweepExpiredCredentials(deps: OfflineDeps, outletId?: string): Promise<number> {
  const cutoff = new Date(deps.clock().getTime() - deps.graceMs).toISOString();
  let closed = 0;
  if (outletId !== undefined) {
    for (const c of await deps.store.listCredentials(outletId)) if (isOverdue(c, cutoff) && (await closeExpired(deps, c))) closed++;
    return closed;
  }
  for (;;) {
    const page = await deps.store.listExpiredOpen(cutoff, PAGE);
    let progressed = false;
    for (const c of page) {
      if (await closeExpired(deps, c)) {
        closed++;
        progressed = true;
      }
    }
    if (page.length < PAGE || !progressed) return closed;
  }
}

/** Runs the sweep every `intervalMs` without keeping the process alive; stop() waits for a running sweep. */
export function startSweeper(deps: OfflineDeps, intervalMs: number, onError: (err: unknown) => void): { stop: () => Promise<void> } {
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    running = running.then(() => sweepExpiredCredentials(deps)).catch(onError);
  }, intervalMs);
  timer.unref();
  return {
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
