// The till's clock: one injectable source of "now", so tests and the demo can fix the time of a sale.

export type Clock = { now(): Date };

export const systemClock: Clock = { now: () => new Date() };

/** A clock that stands still at `iso` until moved: for tests and reproducible demos. */
export function fixedClock(iso: string): Clock & { set(iso: string): void; advance(ms: number): void } {
  let at = new Date(iso).getTime();
  return {
    now: () => new Date(at),
    set: (next) => {
      at = new Date(next).getTime();
    },
    advance: (ms) => {
      at += ms;
    },
  };
}
