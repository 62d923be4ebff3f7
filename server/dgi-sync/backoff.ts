// Exponential backoff with jitter, shared by the DGI upload agent and webhook deliveries.

export type BackoffOptions = { baseMs: number; maxMs: number; random?: () => number };

/**
 * Delay before retry number `attempt` (1 for the first retry): base·2^(attempt-1) capped at max, then "equal jitter"
 * (half fixed, half random) so that many outlets recovering from one DGI outage do not retry in lockstep.
 */
export function backoffDelay(attempt: number, options: BackoffOptions): number {
  const random = options.random ?? Math.random;
  const exp = Math.min(options.maxMs, options.baseMs * 2 ** Math.max(0, Math.min(attempt - 1, 30)));
  return Math.round(exp / 2 + random() * (exp / 2));
}
