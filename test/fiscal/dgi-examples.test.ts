// The DGI's own worked figures, reproduced by our totals and payments (and where two of them contradict, shown).
//
// Data copied from "Protocoles_SFE-MCF_v1.0" (DGI): §2 sample invoice, 31h item examples 1–6, 33h subtotal example,
// 35h payment examples 1–4. The sample invoice is dated 04/12/2024 and the protocol examples 2025; B is 16 % in
// both tables, so the 14-group table in force then is used.
import { describe, it, expect } from 'vitest';
import { formatAmount, formatDgiAmount, roundDiv, type Minor } from '../../fiscal/money';
import { taxTableOn } from '../../fiscal/tax-groups';
import { computeTotals, toWireFigures, type InvoiceFigures, type TotalsItem } from '../../fiscal/totals';
import { settlePayments, type PaymentInput } from '../../fiscal/payments';

const table = taxTableOn('2024-12-04');

function figures(items: TotalsItem[], price_mode: 'TTC' | 'HT' = 'TTC'): InvoiceFigures {
  const r = computeTotals({ price_mode, currency: 'CDF', items }, table);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.figures;
}

const francs = (m: Minor) => formatAmount(m);

describe('§2 sample invoice: EAU 5 × 720 in A, LAIT GR 464 in B', () => {
  const f = figures([
    { tax_group: 'A', unit_price: '720.00', quantity: '5' },
    { tax_group: 'B', unit_price: '464.00', quantity: '1' },
  ]);
  const [a, b] = f.groups;

  it('prints Total H.T.[B] 400, Total TVA [B] 64, Total EXONERES [A] 3.600, Total TVA 64, TOTAL TTC 4.064', () => {
    expect(a?.group).toBe('A');
    expect(b?.group).toBe('B');
    expect(formatDgiAmount(b?.ht ?? -1n, 'CDF')).toBe('400');
    expect(formatDgiAmount(b?.vat ?? -1n, 'CDF')).toBe('64');
    expect(formatDgiAmount(a?.ttc ?? -1n, 'CDF')).toBe('3.600');
    expect(a?.vat).toBe(0n);
    expect(formatDgiAmount(f.totals.vat, 'CDF')).toBe('64');
    expect(formatDgiAmount(f.totals.ttc, 'CDF')).toBe('4.064');
  });

  it('prints the line totals 3.600 and 464', () => {
    expect(f.lines.map((l) => formatDgiAmount(l.ttc, 'CDF'))).toEqual(['3.600', '464']);
  });

  it('gives the contract totals ht 4000.00, vat 64.00, specific 0.00, ttc 4064.00', () => {
    expect(toWireFigures(f).totals).toEqual({ ht: '4000.00', vat: '64.00', specific: '0.00', ttc: '4064.00' });
  });

  it('gives the contract tax group B line of CONTRACT.md', () => {
    expect(toWireFigures(f).tax_groups[1]).toEqual({ group: 'B', rate: '16.00', ht: '400.00', vat: '64.00', specific: '0.00', ttc: '464.00' });
  });
});

describe('31h item examples (TTC prices, group B at 16.00 %)', () => {
  const line = (item: TotalsItem) => {
    const l = figures([item]).lines[0];
    if (!l) throw new Error('no line');
    return l;
  };

  it('example 1: Eau, exempt, 380 -> MON 380', () => {
    expect(francs(line({ tax_group: 'A', unit_price: '380.00', quantity: '1' }).ttc)).toBe('380.00');
  });

  it('example 2: JUS 930 TTC -> MON 930 (of which TVA 128)', () => {
    const l = line({ tax_group: 'B', unit_price: '930.00', quantity: '1' });
    expect(francs(l.ttc)).toBe('930.00');
    expect(francs(l.vat)).toBe('128.00'); // 930 × 16/116 = 128.28
  });

  it('example 3: 2 × JUS at 930 -> MON 1860', () => {
    expect(francs(line({ tax_group: 'B', unit_price: '930.00', quantity: '2' }).ttc)).toBe('1860.00');
  });

  it('example 6: 4 × SPEC at 500 after a price change from 1000 -> MON 2000', () => {
    expect(francs(line({ tax_group: 'B', unit_price: '500.00', quantity: '4' }).ttc)).toBe('2000.00');
  });

  it('example 4: 4 × SPEC at 500 with T.S. 75 per unit -> T.S. 300 as the DGI says; MON 2348 by our rule, not the DGI 2357', () => {
    const l = line({ tax_group: 'B', unit_price: '500.00', quantity: '4', specific_tax: { per_unit: '75.00' } });
    expect(francs(l.specific)).toBe('300.00'); // DGI: "T75,300"
    // Ours: HT 2000 × 100/116 = 1724.14 (printed 1724), VAT on (1724.14 + 300) × 16 % = 323.86 -> 324, TTC 2348.
    expect(francs(l.ht)).toBe('1724.00');
    expect(francs(l.vat)).toBe('324.00');
    expect(francs(l.ttc)).toBe('2348.00');
    expect(l.ttc).not.toBe(235700n); // the DGI figure; see "the contradiction" below
  });

  it('example 5: 4 × SPEC at 500 with T.S. 10 % -> MON 2199 and T.S. 172 by our rule, not the DGI 2200 and 168', () => {
    const l = line({ tax_group: 'B', unit_price: '500.00', quantity: '4', specific_tax: { percent: '10.00' } });
    // Ours: 10 % of the pre-VAT 1724.14 = 172.41 -> 172; VAT (1724.14 + 172) × 16 % = 303.38 -> 303; TTC 2199.
    expect(francs(l.specific)).toBe('172.00');
    expect(francs(l.vat)).toBe('303.00');
    expect(francs(l.ttc)).toBe('2199.00');
  });
});

/*
 * The contradiction. 31h examples 4 and 5 are not typos: both fit ONE reading, in which the author took VAT as
 * 16 % OF the TTC price (HT = TTC × 0.84) and grossed a T.S. up the same way (TTC = (HT + T.S.) / 0.84):
 *   ex. 4: HT = 2000 × 0.84 = 1680; + T.S. 300 = 1980; / 0.84 = 2357.14 -> 2357.
 *   ex. 5: T.S. = 10 % × 1680 = 168;  1680 + 168 = 1848; / 0.84 = 2200.
 * That reading contradicts the same document's 33h example (500 TTC in B -> TVA 69, i.e. 500 × 16/116) and the §2
 * sample invoice (464 TTC -> TVA 64): under it they would be 80 and 74. We follow 33h and §2 (VAT = TTC × r/(1+r),
 * the legal definition of a price including 16 % VAT) and keep the DGI's figures visible here.
 */
describe('the contradiction between 31h examples 4–5 and the 33h / §2 figures', () => {
  const R = 1600n;
  const D = 10000n;
  /** The reading that fits 31h ex. 4 and 5 (amounts in whole francs): HT = TTC × (1 − r), TTC = (HT + T.S.) / (1 − r). */
  const dgiReading = (ttc: bigint, ts: (ht: bigint) => bigint) => {
    const ht = roundDiv(ttc * (D - R), D);
    const t = ts(ht);
    return { ht, ts: t, mon: roundDiv((ht + t) * D, D - R), vat: roundDiv(ttc * R, D) };
  };

  it('that reading reproduces 31h example 4 (MON 2357) and example 5 (T.S. 168, MON 2200)', () => {
    expect(dgiReading(2000n, () => 300n).mon).toBe(2357n);
    const ex5 = dgiReading(2000n, (ht) => roundDiv(ht * 1000n, D));
    expect(ex5.ts).toBe(168n);
    expect(ex5.mon).toBe(2200n);
  });

  it('that reading contradicts 33h (500 TTC -> TVA 69) and the sample invoice (464 -> 64); ours fits both', () => {
    expect(dgiReading(500n, () => 0n).vat).toBe(80n); // DGI 33h says 69
    expect(dgiReading(464n, () => 0n).vat).toBe(74n); // DGI §2 says 64
    expect(figures([{ tax_group: 'B', unit_price: '500.00', quantity: '1' }]).totals.vat).toBe(6900n);
    expect(figures([{ tax_group: 'B', unit_price: '464.00', quantity: '1' }]).totals.vat).toBe(6400n);
  });
});

describe('33h subtotal example: 3600 in A and 500 in B', () => {
  const f = figures([
    { tax_group: 'A', unit_price: '3600.00', quantity: '1' },
    { tax_group: 'B', unit_price: '500.00', quantity: '1' },
  ]);

  it('answers MV 4100.00, MVA 3600.00, MVB 500.00, MTB 69.00, MTS 0', () => {
    expect(formatAmount(f.totals.ttc)).toBe('4100.00');
    expect(f.groups.map((g) => [g.group, formatAmount(g.ttc), formatAmount(g.vat)])).toEqual([
      ['A', '3600.00', '0.00'],
      ['B', '500.00', '69.00'],
    ]);
    expect(f.totals.specific).toBe(0n);
  });
});

describe('35h payment examples: total 2400', () => {
  const total = 240000n;
  const run = (payments: PaymentInput[]) => {
    const r = settlePayments(total, 'CDF', payments);
    if (!r.ok) throw new Error(r.error.message);
    return r.settlement;
  };

  it('example 1: no data -> R0, 2400 registered in cash', () => {
    const s = run([{ method: 'E' }]);
    expect(s.running).toEqual([0n]);
    expect(s.payments.map((p) => [p.method, p.amount])).toEqual([['E', 240000n]]);
    // With no payment entered at all, the remainder rule registers the same cash payment.
    expect(run([]).payments.map((p) => [p.method, p.amount])).toEqual([['E', 240000n]]);
  });

  it('example 2: C2400 -> R0', () => {
    const s = run([{ method: 'C', amount: '2400.00' }]);
    expect(s.running).toEqual([0n]);
    expect(s.change).toBe(0n);
  });

  it('example 3: M2000 -> R-400, the 400 left registered in cash', () => {
    const s = run([{ method: 'M', amount: '2000.00' }]);
    expect(s.running).toEqual([-40000n]);
    expect(s.payments.map((p) => [p.method, p.amount, p.isRemainder])).toEqual([['M', 200000n, false], ['E', 40000n, true]]);
  });

  it('example 4: M1000 -> R-1400, V500 -> R-900, E1000 -> R100, 100 given back', () => {
    const s = run([
      { method: 'M', amount: '1000.00' },
      { method: 'V', amount: '500.00' },
      { method: 'E', amount: '1000.00' },
    ]);
    expect(s.running).toEqual([-140000n, -90000n, 10000n]);
    expect(s.paid).toBe(250000n);
    expect(s.change).toBe(10000n);
  });
});
