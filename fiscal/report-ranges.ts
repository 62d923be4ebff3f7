// Sets of fiscal numbers as sorted, merged ranges: what the Zs so far have accounted for, kept small as the ledger grows.
import type { NumberRange } from './report-types';

/** Sorted, with overlapping and adjacent ranges merged: [1-3, 4-9] becomes [1-9]. */
export function normalizeRanges(ranges: readonly NumberRange[]): NumberRange[] {
  const sorted = [...ranges].sort((a, b) => a.from - b.from || a.to - b.to);
  const out: NumberRange[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && r.from <= last.to + 1) last.to = Math.max(last.to, r.to);
    else out.push({ from: r.from, to: r.to });
  }
  return out;
}

/** The ranges of a list of numbers, in any order, repeats allowed. */
export function rangesOf(numbers: readonly number[]): NumberRange[] {
  return normalizeRanges(numbers.map((n) => ({ from: n, to: n })));
}

/** The union of two range sets. */
export function unionRanges(a: readonly NumberRange[], b: readonly NumberRange[]): NumberRange[] {
  return normalizeRanges([...a, ...b]);
}

/** True when n lies in one of the (normalized) ranges; binary search, so a long history stays cheap. */
export function inRanges(ranges: readonly NumberRange[], n: number): boolean {
  let lo = 0;
  let hi = ranges.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const r = ranges[mid]!;
    if (n < r.from) hi = mid - 1;
    else if (n > r.to) lo = mid + 1;
    else return true;
  }
  return false;
}

/** The numbers from 1 up to the highest covered one that no range covers. */
export function gapsBelowMax(ranges: readonly NumberRange[]): NumberRange[] {
  const gaps: NumberRange[] = [];
  let next = 1;
  for (const r of ranges) {
    if (r.from > next) gaps.push({ from: next, to: r.from - 1 });
    next = Math.max(next, r.to + 1);
  }
  return gaps;
}

/** True for a list of ranges of whole numbers from 1 up, each from ≤ to: what a stored Z record may hold. */
export function isRangeList(value: unknown): value is NumberRange[] {
  return (
    Array.isArray(value) &&
    value.every((r: unknown) => {
      const { from, to } = (r ?? {}) as Partial<NumberRange>;
      return Number.isSafeInteger(from) && Number.isSafeInteger(to) && (from as number) >= 1 && (from as number) <= (to as number);
    })
  );
}
