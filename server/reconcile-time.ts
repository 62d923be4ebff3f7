// The trusted time of a ledger append: the server clock, never earlier than the outlet's last stamped time.
import type { OutletHead } from './store/records';

/** Epoch ms for an append after `head`: a server clock that went back does not make the ledger's time go back. */
export function appendTimeMs(head: OutletHead, nowMs: number): number {
  const lastMs = head.lastTimestamp ? Date.parse(head.lastTimestamp) : Number.NEGATIVE_INFINITY;
  return Math.max(nowMs, lastMs);
}

/** Whole seconds: the DGI and Kinshasa ISO forms drop milliseconds, so instants that are compared must too. */
export const toSecond = (ms: number): number => Math.floor(ms / 1000) * 1000;
