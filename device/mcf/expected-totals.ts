// What the SFE expects the MCF to have recorded: the fiscal kernel's figures at the device's own rates, and the one comparison.
import type { InvoiceDraft, TaxGroupLabel } from '../../fiscal/invoice-types';
import { toKinshasaIso } from '../../fiscal/dgi-time';
import type { Minor } from '../../fiscal/money';
import { compareFigures, computeTotals, toWireFigures, type InvoiceFigures, type LineFigures } from '../../fiscal/totals';
import { taxTableOn, withDeviceRates } from '../../fiscal/tax-groups';
import { DeviceError } from '../errors';
import type { SubtotalAnswer } from './commands';

export type ExpectedFigures = {
  figures: InvoiceFigures;
  lines: LineFigures[];
  total: Minor;
  vat: Minor;
  specific: Minor;
};

/** The draft fields the figures depend on. */
export type FiguresInput = Pick<InvoiceDraft, 'price_mode' | 'currency' | 'items' | 'tax_groups' | 'totals'> & { issued_at?: string };

/**
 * The kernel's figures with the rates the device reported in C1h (the device seals with its own rates), and a check
 * that the draft's own figures agree: a receipt must print what the device sealed.
 */
export function expectedFigures(invoice: FiguresInput, deviceRates: Record<TaxGroupLabel, bigint>, today: Date = new Date()): ExpectedFigures {
  const date = toKinshasaIso(invoice.issued_at ?? today).slice(0, 10);
  const table = withDeviceRates(taxTableOn(date), deviceRates);
  const result = computeTotals(invoice, table);
  if (!result.ok) {
    throw new DeviceError('MCF_INVOICE_UNSUPPORTED', `The invoice figures cannot be computed: ${result.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, {
      details: { issues: result.issues },
    });
  }
  const differences = compareFigures(invoice, toWireFigures(result.figures));
  if (differences.length > 0) {
    const first = differences[0];
    throw new DeviceError('MCF_RATE_MISMATCH',
      `The invoice's figures differ from what the MCF will compute with its own tax rates (${first?.path}: ${first?.submitted ?? 'missing'} here, ${first?.computed ?? 'none'} at the device's rates).`, {
        details: { differences },
        hint: 'Recompute the ticket with the rates read from the MCF (C1h), or have the MCF’s rates updated by its supplier.',
      });
  }
  const t = result.figures.totals;
  return { figures: result.figures, lines: result.figures.lines, total: t.ttc, vat: t.vat, specific: t.specific };
}

export type SubtotalDifference = { field: string; expected: Minor; device: Minor };

/** Every field where the device's 33h answer differs from our figures (empty when they agree). */
export function compareSubtotal(expected: ExpectedFigures, device: SubtotalAnswer): SubtotalDifference[] {
  const diffs: SubtotalDifference[] = [];
  const check = (field: string, mine: Minor, theirs: Minor): void => {
    if (mine !== theirs) diffs.push({ field, expected: mine, device: theirs });
  };
  check('MV', expected.total, device.total);
  check('MTS', expected.specific, device.specificTax);
  const groups = new Map(expected.figures.groups.map((g) => [g.group as TaxGroupLabel, g]));
  for (const letter of Object.keys(device.groupTotals) as TaxGroupLabel[]) {
    check(`MV${letter}`, groups.get(letter)?.ttc ?? 0n, device.groupTotals[letter]);
    check(`MT${letter}`, groups.get(letter)?.vat ?? 0n, device.groupVat[letter]);
  }
  return diffs;
}
