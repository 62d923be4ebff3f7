// Live figures of the ticket from the fiscal kernel: the same totals engine and tax table the core seals with.
import { toKinshasaIso } from '../../../fiscal/dgi-time';
import { taxTableOn } from '../../../fiscal/tax-groups';
import { computeTotals, type InvoiceFigures } from '../../../fiscal/totals';
import { ticketCurrency, type TicketState } from './ticket-state';

/** Today's Kinshasa date, the date whose tax table the core will use for a sale made now. */
export function kinshasaToday(now: Date = new Date()): string {
  return toKinshasaIso(now).slice(0, 10);
}

/** Figures of the ticket as it stands; null when the kernel refuses a line (it names why in `issues`). */
export function ticketFigures(state: Pick<TicketState, 'lines'>, date: string): { figures: InvoiceFigures | null; issues: string[] } {
  const result = computeTotals(
    {
      price_mode: 'TTC',
      currency: ticketCurrency(state),
      items: state.lines.map((l) => ({
        tax_group: l.product.tax_group,
        unit_price: l.unitPrice ?? l.product.price,
        quantity: l.quantity,
        ...(l.product.specific_tax === null ? {} : { specific_tax: l.product.specific_tax }),
      })),
    },
    taxTableOn(date),
  );
  return result.ok ? { figures: result.figures, issues: [] } : { figures: null, issues: result.issues.map((i) => i.message) };
}
