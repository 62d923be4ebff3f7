// The till's clock: one injectable source of "now", so tests and the demo can fix the time of a sale.
import { performance } from 'node:perf_hooks';

/**
 * `now` is the wall clock (what a person can change); `monotonicMs`, when the source has one, only moves forward
 * at the real pace whatever the wall clock does: the clock guard compares the two to see the wall clock jump.
 */
export type Clock = { now(): Date; monotonicMs?(): number };

export const systemClock: Clock = { now: () => new Date(), monotonicMs: () => performance.now() };

export type FixedClock = Clock & {
  set(iso: string): void;
  advance(ms: number): void;
  /** Moves the wall clock only, as a person changing the system time would; the monotonic time stays. */
  jumpWall(ms: number): void;
};

/** A clock that stands still at `iso` until moved: for tests and reproducible demos. */
export function fixedClock(iso: string): FixedClock {
  let at = new Date(iso).getTime();
  let mono = 0;
  return {
    now: () => new Date(at),
    monotonicMs: () => mono,
    set: (next) => {
      const to = new Date(next).getTime();
      mono += to - at;
      at = to;
    },
    advance: (ms) => {
      at += ms;
      mono += ms;
    },
    jumpWall: (ms) => {
      at += ms;
    },
  };
}
