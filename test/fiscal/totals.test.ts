// Tests of the totals engine's rules: per-group VAT and its rounding unit, each group kind, T.S., input issues, comparison.
import { describe, it, expect } from 'vitest';
import { taxTableOn, withDeviceRates, type TaxTable } from '../../fiscal/tax-groups';
import {
  compareFigures,
  computeTotals,
  toWireFigures,
  type Currency,
  type InvoiceFigures,
  type PriceMode,
  type TotalsItem,
} from '../../fiscal/totals';

const T2026 = taxTableOn('2026-03-01');

function run(items: TotalsItem[], mode: PriceMode = 'TTC', currency: Currency = 'CDF', table: TaxTable = T2026): InvoiceFigures {
  const r = computeTotals({ price_mode: mode, currency, items }, table);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.figures;
}
const wire = (items: TotalsItem[], mode: PriceMode = 'TTC', currency: Currency = 'CDF', table: TaxTable = T2026) =>
  toWireFigures(run(items, mode, currency, table));
const item = (tax_group: string, unit_price: string, quantity = '1', specific_tax?: TotalsItem['specific_tax']): TotalsItem =>
  specific_tax ? { tax_group, unit_price, quantity, specific_tax } : { tax_group, unit_price, quantity };

describe('line amount', () => {
  it('is unit price × quantity rounded once to the centime, half away from zero', () => {
    // 333.33 × 1.255 = 418.32915 -> 418.33; 0.10 × 0.005 = 0.0005 -> 0.00; 0.30 × 0.005 = 0.0015 -> 0.00; 1.00 × 0.005 -> 0.01
    expect(run([item('A', '333.33', '1.255')]).lines[0]?.amount).toBe(41833n);
    expect(run([item('A', '1.00', '0.005')]).lines[0]?.amount).toBe(1n);
    expect(run([item('A', '0.10', '0.005')]).lines[0]?.amount).toBe(0n);
  });
});

describe('VAT per group, not per line', () => {
  it('three 100-franc lines in B give a group VAT of 41 (300 × 16/116 = 41.38), not 3 × 14', () => {
    const f = run([item('B', '100.00'), item('B', '100.00'), item('B', '100.00')]);
    expect(f.lines.map((l) => l.vat)).toEqual([1400n, 1400n, 1400n]); // indicative line figures
    expect(f.groups[0]?.vat).toBe(4100n);
    expect(f.groups[0]?.ht).toBe(25900n);
    expect(f.totals.vat).toBe(4100n);
  });
});

describe('rounding unit', () => {
  it('rounds CDF VAT to the franc', () => {
    expect(wire([item('B', '930.00')]).totals).toEqual({ ht: '802.00', vat: '128.00', specific: '0.00', ttc: '930.00' });
  });

  it('rounds USD VAT to the centime', () => {
    // 10.00 × 16/116 = 1.3793 -> 1.38
    expect(wire([item('B', '10.00')], 'TTC', 'USD').totals).toEqual({ ht: '8.62', vat: '1.38', specific: '0.00', ttc: '10.00' });
  });

  it('rounds an exact half franc away from zero (5 % of 10.00 HT = 0.50 -> 1), not to even', () => {
    expect(wire([item('C', '10.00')], 'HT').totals.vat).toBe('1.00');
    expect(wire([item('C', '30.00')], 'HT').totals.vat).toBe('2.00');
    expect(wire([item('C', '10.00')], 'HT', 'USD').totals.vat).toBe('0.50');
  });
});

describe('HT mode', () => {
  it('adds VAT on top: 400 HT in B -> VAT 64, TTC 464', () => {
    expect(wire([item('B', '400.00')], 'HT').totals).toEqual({ ht: '400.00', vat: '64.00', specific: '0.00', ttc: '464.00' });
  });

  it('puts the T.S. in the VAT base: 4 × 500 HT + 75/unit -> VAT (2000 + 300) × 16 % = 368', () => {
    const t = wire([item('B', '500.00', '4', { per_unit: '75.00' })], 'HT').totals;
    expect(t).toEqual({ ht: '2000.00', vat: '368.00', specific: '300.00', ttc: '2668.00' });
  });

  it('takes a T.S. percentage of the pre-VAT line amount', () => {
    expect(wire([item('B', '500.00', '4', { percent: '10.00' })], 'HT').totals.specific).toBe('200.00');
  });
});

describe('group kinds', () => {
  it('invoices no VAT in A, D, E, H, I, J, K, L, M: HT is the price, even in TTC mode', () => {
    for (const g of ['A', 'D', 'E', 'H', 'I', 'J', 'K', 'L', 'M']) {
      expect(wire([item(g, '1160.00')]).tax_groups[0], g).toEqual({ group: g, rate: '0.00', ht: '1160.00', vat: '0.00', specific: '0.00', ttc: '1160.00' });
    }
  });

  it('keeps D without invoiced VAT even when a device reports 16 % for it', () => {
    const dev = withDeviceRates(T2026, { D: 1600n });
    expect(wire([item('D', '1160.00')], 'TTC', 'CDF', dev).totals.vat).toBe('0.00');
  });

  it('makes the amount of an N line the specific VAT itself: HT 0, VAT = amount', () => {
    expect(wire([item('M', '10000.00'), item('N', '1600.00')]).tax_groups).toEqual([
      { group: 'M', rate: '0.00', ht: '10000.00', vat: '0.00', specific: '0.00', ttc: '10000.00' },
      { group: 'N', rate: '0.00', ht: '0.00', vat: '1600.00', specific: '0.00', ttc: '1600.00' },
    ]);
  });

  it('invoices VAT in F, G, P (paid by tax credit) and C, O at their 2026 rates', () => {
    const g = wire([item('F', '116.00'), item('G', '105.00'), item('O', '101.00'), item('P', '101.00'), item('C', '105.00')]).tax_groups;
    expect(g.map((x) => [x.group, x.rate, x.vat])).toEqual([
      ['C', '5.00', '5.00'],
      ['F', '16.00', '16.00'],
      ['G', '5.00', '5.00'],
      ['O', '1.00', '1.00'],
      ['P', '1.00', '1.00'],
    ]);
  });

  it('applies C at 8 % in 2025 and at 5 % in 2026, and at the device rate when one is paired', () => {
    expect(wire([item('C', '108.00')], 'TTC', 'CDF', taxTableOn('2025-06-30')).totals.vat).toBe('8.00');
    expect(wire([item('C', '108.00')]).totals.vat).toBe('5.00'); // 108 × 5/105 = 5.14
    expect(wire([item('C', '108.00')], 'TTC', 'CDF', withDeviceRates(T2026, { C: 800n })).totals.vat).toBe('8.00');
  });

  it('adds a T.S. in an exempt group without VAT on it', () => {
    expect(wire([item('A', '100.00', '2', { per_unit: '10.00' })]).totals).toEqual({ ht: '200.00', vat: '0.00', specific: '20.00', ttc: '220.00' });
  });

  it('rounds a per-unit T.S. to the franc in CDF and to the centime in USD', () => {
    expect(wire([item('A', '1.00', '3', { per_unit: '0.50' })]).totals.specific).toBe('2.00'); // 1.50 -> 2
    expect(wire([item('A', '1.00', '3', { per_unit: '0.50' })], 'TTC', 'USD').totals.specific).toBe('1.50');
  });
});

describe('figures', () => {
  it('lists only groups present, in letter order whatever the line order', () => {
    expect(wire([item('C', '1.00'), item('A', '1.00'), item('B', '1.00'), item('A', '2.00')]).tax_groups.map((g) => g.group)).toEqual(['A', 'B', 'C']);
  });

  it('gives zero totals for an invoice without items', () => {
    expect(wire([]).totals).toEqual({ ht: '0.00', vat: '0.00', specific: '0.00', ttc: '0.00' });
    expect(wire([]).tax_groups).toEqual([]);
  });
});

describe('input issues', () => {
  it('names every bad field by its path instead of computing', () => {
    const r = computeTotals(
      {
        price_mode: 'TTC',
        currency: 'CDF',
        items: [
          item('Z', '1.00'),
          item('B', '1.0'),
          item('B', '1.00', '1.2345'),
          item('B', '1.00', '1', { percent: '10' }),
          item('B', '1.00', '1', { per_unit: '-1.00' }),
        ],
      },
      T2026,
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.map((i) => [i.code, i.path])).toEqual([
      ['UNKNOWN_TAX_GROUP', 'items[0].tax_group'],
      ['BAD_AMOUNT', 'items[1].unit_price'],
      ['BAD_QUANTITY', 'items[2].quantity'],
      ['BAD_RATE', 'items[3].specific_tax.percent'],
      ['BAD_AMOUNT', 'items[4].specific_tax.per_unit'],
    ]);
    for (const i of r.issues) expect(i.message.length).toBeGreaterThan(10);
  });

  it('refuses group O on a 2025 invoice, where it did not exist', () => {
    const r = computeTotals({ price_mode: 'TTC', currency: 'CDF', items: [item('O', '1.00')] }, taxTableOn('2025-12-31'));
    expect(r.ok ? [] : r.issues.map((i) => i.code)).toEqual(['UNKNOWN_TAX_GROUP']);
  });

  it('refuses an unknown price mode or currency', () => {
    const bad = { price_mode: 'XX', currency: 'EUR', items: [] } as unknown as Parameters<typeof computeTotals>[0];
    const r = computeTotals(bad, T2026);
    expect(r.ok ? [] : r.issues.map((i) => i.path)).toEqual(['price_mode', 'currency']);
  });
});

describe('compareFigures', () => {
  const computed = wire([item('A', '720.00', '5'), item('B', '464.00')]);
  const copy = () => JSON.parse(JSON.stringify(computed)) as typeof computed;

  it('finds nothing when the submitted figures are ours', () => {
    expect(compareFigures(copy(), computed)).toEqual([]);
  });

  it('names each differing path with both values', () => {
    const s = copy();
    s.tax_groups[1]!.vat = '65.00';
    s.totals.ttc = '4065.00';
    expect(compareFigures(s, computed)).toEqual([
      { path: 'tax_groups[1].vat', submitted: '65.00', computed: '64.00' },
      { path: 'totals.ttc', submitted: '4065.00', computed: '4064.00' },
    ]);
  });

  it('treats a non-canonical amount as different ("64.0" is not "64.00")', () => {
    const s = copy();
    s.totals.vat = '64.0';
    expect(compareFigures(s, computed).map((d) => d.path)).toEqual(['totals.vat']);
  });

  it('reports a missing group and missing totals', () => {
    expect(compareFigures({ tax_groups: [computed.tax_groups[1]!] }, computed).map((d) => d.path)).toEqual([
      'tax_groups[0].group', 'tax_groups[0].rate', 'tax_groups[0].ht', 'tax_groups[0].vat', 'tax_groups[0].ttc',
      'tax_groups[1]',
      'totals.ht', 'totals.vat', 'totals.specific', 'totals.ttc',
    ]);
  });

  it('reports an extra group by its index and letter', () => {
    const s = copy();
    s.tax_groups.push({ group: 'C', rate: '5.00', ht: '0.00', vat: '0.00', specific: '0.00', ttc: '0.00' });
    expect(compareFigures(s, computed)).toEqual([{ path: 'tax_groups[2]', submitted: 'C', computed: null }]);
  });
});
