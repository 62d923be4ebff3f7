// Printing: the receipt printer through the core (reprintInvoice, a PrintReport back), else the system's print dialog.
import type { PosApi } from '../../../main/api/pos-api';
import type { PosError } from '../../../main/api/pos-types';
import { callOptional } from '../pos/optional-call';

/** What the core says it printed (PosApi PrintReport): read loosely, since older cores answered nothing. */
export type PrintAnswer = { status?: 'printed' | 'no_printer' | 'failed'; message?: string; drawer_opened?: boolean };

export type PrintOutcome =
  | { via: 'printer'; message: string }
  | { via: 'browser'; message: string }
  | { via: 'failed'; message: string; error?: PosError };

/**
 * The printer's own failure (paper, cover…) is shown as it is: the cashier must see it. With no printer paired, or a
 * core without the method, the print dialog opens on the part of the screen that holds the document.
 */
export async function printVia(pos: PosApi, method: string, args: unknown, area: Element | null): Promise<PrintOutcome> {
  const r = await callOptional<PrintAnswer | null>(pos, method, args);
  if (!r.ok) {
    if (r.error.code !== 'not_implemented') return { via: 'failed', message: r.error.message, error: r.error };
    printArea(area);
    return { via: 'browser', message: r.error.message };
  }
  const answer = r.value ?? {};
  if (answer.status === 'failed') return { via: 'failed', message: answer.message ?? '' };
  if (answer.status === 'no_printer') {
    printArea(area);
    return { via: 'browser', message: answer.message ?? '' };
  }
  return { via: 'printer', message: answer.message ?? '' };
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
