// Property tests of the totals engine: sums, identities, HT/TTC agreement, line-order independence, no negative figure.
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { formatAmount, formatQuantity, formatRate } from '../../fiscal/money';
import { TAX_GROUP_LETTERS, taxGroup, taxTableOn, isVatCharged } from '../../fiscal/tax-groups';
import { computeTotals, toWireFigures, currencyUnit, type Currency, type Figures, type InvoiceFigures, type PriceMode, type TotalsItem } from '../../fiscal/totals';

const table = taxTableOn('2026-06-01');
const RUNS = 3000;

const specificTaxArb = fc.option(
  fc.oneof(
    fc.bigInt({ min: 0n, max: 100_000n }).map((m) => ({ per_unit: formatAmount(m) })),
    fc.bigInt({ min: 0n, max: 5_000n }).map((r) => ({ percent: formatRate(r) })),
  ),
  { nil: undefined },
);

const itemArb: fc.Arbitrary<TotalsItem> = fc
  .record({
    tax_group: fc.constantFrom(...TAX_GROUP_LETTERS),
    price: fc.bigInt({ min: 0n, max: 100_000_000n }),
    qty: fc.bigInt({ min: 0n, max: 1_000_000n }),
    ts: specificTaxArb,
  })
  .map(({ tax_group, price, qty, ts }) => ({
    tax_group,
    unit_price: formatAmount(price),
    quantity: formatQuantity(qty),
    ...(ts ? { specific_tax: ts } : {}),
  }));

const invoiceArb = fc.record({
  price_mode: fc.constantFrom<PriceMode>('TTC', 'HT'),
  currency: fc.constantFrom<Currency>('CDF', 'USD'),
  items: fc.array(itemArb, { minLength: 0, maxLength: 30 }),
});

function compute(input: { price_mode: PriceMode; currency: Currency; items: TotalsItem[] }): InvoiceFigures {
  const r = computeTotals(input, table);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.figures;
}

const KEYS = ['ht', 'vat', 'specific', 'ttc'] as const;

describe('totals properties', () => {
  it('group figures sum to the invoice totals', () => {
    fc.assert(
      fc.property(invoiceArb, (inv) => {
        const f = compute(inv);
        for (const k of KEYS) expect(f.groups.reduce((s, g) => s + g[k], 0n)).toBe(f.totals[k]);
      }),
      { numRuns: RUNS },
    );
  });

  it('TTC = HT + VAT + T.S. on every line, every group and the totals', () => {
    fc.assert(
      fc.property(invoiceArb, (inv) => {
        const f = compute(inv);
        const check = (x: Figures) => expect(x.ht + x.vat + x.specific).toBe(x.ttc);
        f.lines.forEach(check);
        f.groups.forEach(check);
        check(f.totals);
      }),
      { numRuns: RUNS },
    );
  });

  it('no figure is negative, and VAT is a whole unit of the currency', () => {
    fc.assert(
      fc.property(invoiceArb, (inv) => {
        const f = compute(inv);
        const unit = currencyUnit(inv.currency);
        // Plain loops, one expect at the end: thousands of expect() calls per run would dominate the time.
        const negative = [...f.lines, ...f.groups, f.totals].flatMap((x) => KEYS.filter((k) => x[k] < 0n));
        const fractionalVat = f.groups.filter((g) => g.group !== 'N' && g.vat % unit !== 0n).map((g) => g.group);
        expect({ negative, fractionalVat }).toEqual({ negative: [], fractionalVat: [] });
      }),
      { numRuns: RUNS },
    );
  });

  it('the order of the lines changes nothing but the order of the line figures', () => {
    const withPermutation = invoiceArb.chain((inv) =>
      fc.shuffledSubarray(inv.items.map((_, i) => i), { minLength: inv.items.length, maxLength: inv.items.length }).map((order) => ({ inv, order })),
    );
    fc.assert(
      fc.property(withPermutation, ({ inv, order }) => {
        const a = compute(inv);
        const b = compute({ ...inv, items: order.map((i) => inv.items[i]!) });
        expect(toWireFigures(b)).toEqual(toWireFigures(a));
        expect(b.lines).toEqual(order.map((i) => a.lines[i]));
      }),
      { numRuns: RUNS },
    );
  });

  it('HT and TTC modes agree when every TTC price is exactly its HT price plus whole-unit VAT', () => {
    const gcd = (a: bigint, b: bigint): bigint => (b === 0n ? a : gcd(b, a % b));
    const exactArb = fc
      .record({
        currency: fc.constantFrom<Currency>('CDF', 'USD'),
        lines: fc.array(
          fc.record({ tax_group: fc.constantFrom(...TAX_GROUP_LETTERS), steps: fc.bigInt({ min: 0n, max: 20_000n }), qty: fc.bigInt({ min: 0n, max: 50n }), ts: specificTaxArb }),
          { maxLength: 20 },
        ),
      })
      .map(({ currency, lines }) => {
        const unit = currencyUnit(currency);
        const ht: TotalsItem[] = [];
        const ttc: TotalsItem[] = [];
        for (const l of lines) {
          const grp = taxGroup(table, l.tax_group);
          const r = isVatCharged(grp) ? grp.rate : 0n;
          // The smallest HT price step whose VAT (p × r / 10000) is a whole unit of the currency.
          const step = r === 0n ? 1n : (10000n * unit) / gcd(10000n * unit, r);
          const p = l.steps * step;
          const extra = l.ts ? { specific_tax: l.ts } : {};
          ht.push({ tax_group: l.tax_group, unit_price: formatAmount(p), quantity: formatQuantity(l.qty * 1000n), ...extra });
          ttc.push({ tax_group: l.tax_group, unit_price: formatAmount(p + (p * r) / 10000n), quantity: formatQuantity(l.qty * 1000n), ...extra });
        }
        return { currency, ht, ttc };
      });
    fc.assert(
      fc.property(exactArb, ({ currency, ht, ttc }) => {
        const a = compute({ price_mode: 'HT', currency, items: ht });
        const b = compute({ price_mode: 'TTC', currency, items: ttc });
        expect(toWireFigures(b)).toEqual(toWireFigures(a));
        expect(b.lines.map(({ amount: _, ...rest }) => rest)).toEqual(a.lines.map(({ amount: _, ...rest }) => rest));
      }),
      { numRuns: RUNS },
    );
  });
});
