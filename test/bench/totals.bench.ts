// Benchmark: totals of a 200-line invoice (mixed groups, T.S., both price modes), printed as operations per second.
import { formatAmount, formatQuantity } from '../../fiscal/money';
import { taxTableOn } from '../../fiscal/tax-groups';
import { compareFigures, computeTotals, toWireFigures, type TotalsInput, type TotalsItem } from '../../fiscal/totals';
import { opsPerSecond } from './measure';

function invoice(mode: 'TTC' | 'HT', lines: number): TotalsInput {
  const groups = ['A', 'B', 'B', 'B', 'C', 'E', 'F', 'O'];
  const items: TotalsItem[] = [];
  for (let i = 0; i < lines; i++) {
    const item: TotalsItem = {
      tax_group: groups[i % groups.length] ?? 'B',
      unit_price: formatAmount(BigInt(1000 + ((i * 7919) % 250000))),
      quantity: formatQuantity(BigInt(1000 + ((i * 131) % 5000))),
    };
    if (i % 10 === 0) item.specific_tax = { per_unit: '75.00' };
    if (i % 10 === 5) item.specific_tax = { percent: '10.00' };
    items.push(item);
  }
  return { price_mode: mode, currency: 'CDF', items };
}

export async function run(): Promise<void> {
  const table = taxTableOn('2026-06-01');
  for (const mode of ['TTC', 'HT'] as const) {
    const inv = invoice(mode, 200);
    await opsPerSecond(`computeTotals, 200 lines, ${mode}`, () => {
      const r = computeTotals(inv, table);
      if (!r.ok) throw new Error('benchmark invoice refused');
    });
  }
  const inv = invoice('TTC', 200);
  const r = computeTotals(inv, table);
  if (!r.ok) throw new Error('benchmark invoice refused');
  const wire = toWireFigures(r.figures);
  await opsPerSecond('computeTotals + toWireFigures + compareFigures (server check), 200 lines', () => {
    const c = computeTotals(inv, table);
    if (c.ok) compareFigures(wire, toWireFigures(c.figures));
  });
}
