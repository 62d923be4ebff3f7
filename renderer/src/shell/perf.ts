// Performance marks for the UI benchmark (test/bench/ui.bench.ts): the till's first paint, and each ticket add's render.

/** Set by the benchmark (window.stalelaProfile = true): per-add marks are kept only then, so a long day does not pile up entries. */
function isProfiling(): boolean {
  return (window as { stalelaProfile?: boolean }).stalelaProfile === true;
}

/** The Enter that ended a scan: scan→commit then covers the barcode lookup through the core and the render. */
export function markScan(): void {
  if (isProfiling()) performance.mark('stalela:scan');
}

/** Just before a product is dispatched onto the ticket. */
export function markAdd(): void {
  if (isProfiling()) performance.mark('stalela:add');
}

/**
 * From a layout effect of the ticket (DOM updated, before paint): add→commit is React's render and commit; the next
 * animation frame closes add→frame, what the cashier waits for before the line can be painted.
 */
export function measureAddCommitted(): void {
  if (!isProfiling() || performance.getEntriesByName('stalela:add', 'mark').length === 0) return;
  performance.measure('stalela:add→commit', 'stalela:add');
  if (performance.getEntriesByName('stalela:scan', 'mark').length > 0) {
    performance.measure('stalela:scan→commit', 'stalela:scan');
    performance.clearMarks('stalela:scan');
  }
  requestAnimationFrame(() => {
    performance.measure('stalela:add→frame', 'stalela:add');
    performance.clearMarks('stalela:add');
  });
}

let isTillPainted = false;

/** Once per page: the till's first frame after its first commit (relative to navigation start). */
export function markTillPainted(): void {
  if (isTillPainted) return;
  isTillPainted = true;
  requestAnimationFrame(() => setTimeout(() => performance.mark('stalela:till-painted'), 0));
}
