// Printing: the receipt printer through the core (its PrintReport says what happened), else the system's print dialog.
import type { PosError, PosResult, PrintReport } from '../../../main/api/pos-types';

export type PrintOutcome =
  | { via: 'printer'; message: string }
  | { via: 'browser'; message: string }
  | { via: 'failed'; message: string; error?: PosError };

/**
 * The printer's own failure (paper, cover…) is shown as it is: the cashier must see it. With no printer paired, the
 * print dialog opens on the part of the screen that holds the document, so a sheet printer or a PDF still serves.
 */
export async function printVia(print: () => Promise<PosResult<PrintReport>>, area: Element | null): Promise<PrintOutcome> {
  const r = await print();
  if (!r.ok) return { via: 'failed', message: r.error.message, error: r.error };
  if (r.value.status === 'failed') return { via: 'failed', message: r.value.message };
  if (r.value.status === 'no_printer') {
    printArea(area);
    return { via: 'browser', message: r.value.message };
  }
  return { via: 'printer', message: r.value.message };
}

/**
 * window.print on one part of the screen: the print stylesheet hides everything but the element marked
 * `print-now` (a receipt, a report), so paper or PDF shows the document alone.
 */
export function printArea(area: Element | null): void {
  if (area === null) return;
  area.classList.add('print-now');
  document.body.classList.add('printing');
  const done = () => {
    area.classList.remove('print-now');
    document.body.classList.remove('printing');
    window.removeEventListener('afterprint', done);
  };
  window.addEventListener('afterprint', done);
  window.requestAnimationFrame(() => {
    window.print();
    // Some print paths never fire afterprint (headless, a cancelled dialog): clean up anyway.
    window.setTimeout(done, 1000);
  });
}
