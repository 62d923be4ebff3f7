// Exponential backoff with jitter for outbox retries: a cloud that comes back is not hit by every till at once.

export type BackoffOptions = {
  /** First wait (default 1 s), doubled per failed attempt, never above `maxMs` (default 5 min). */
  baseMs?: number;
  maxMs?: number;
  /** [0, 1): Math.random by default; tests pass their own. */
  random?: () => number;
};

/**
 * "Equal jitter": half the exponential step is kept, the other half drawn at random, so waits stay spread out
 * (full jitter could retry at once) and still grow: attempt 1 → 0.5–1 s, 2 → 1–2 s, 3 → 2–4 s … capped.
 */
export function backoffDelay(attempts: number, options: BackoffOptions = {}): number {
  const base = options.baseMs ?? 1000;
  const max = options.maxMs ?? 5 * 60_000;
  const n = Math.max(1, Math.floor(attempts));
  const step = Math.min(max, base * 2 ** Math.min(n - 1, 30));
  const r = (options.random ?? Math.random)();
  return Math.round(step / 2 + (step / 2) * Math.min(Math.max(r, 0), 1));
}
