// Properties of the reports on random days (fast-check): parts add up, order does not matter, Z splits keep the grand total.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { InvoiceType, Payment, SealedInvoice } from '../../fiscal/invoice-types';
import { formatAmount } from '../../fiscal/money';
import { aReport, parseReportAmount, xReport, zReport, type ReportCurrencySection, type ReportInput, type XReport } from '../../fiscal/reports';
import { makeSealer, type InvoiceSpec } from './reports-fixtures';

type Seal = Awaited<ReturnType<typeof makeSealer>>;
let seal: Seal;
beforeAll(async () => {
  seal = await makeSealer();
});

const amt = (s: string): bigint => {
  const v = parseReportAmount(s);
  if (v === null) throw new TypeError(`not an amount: ${s}`);
  return v;
};

const lineArb = fc.record({
  group: fc.constantFrom('A', 'B', 'C', 'O'),
  cents: fc.integer({ min: 1, max: 5_000_000 }),
  qty: fc.integer({ min: 1, max: 5000 }),
  ts: fc.option(fc.integer({ min: 1, max: 20_000 }), { nil: undefined }),
});
const invoiceArb = fc.record({
  type: fc.constantFrom<InvoiceType>('FV', 'FV', 'FT', 'FA'),
  usd: fc.boolean(),
  minute: fc.integer({ min: 0, max: 1439 }),
  lines: fc.array(lineArb, { minLength: 1, maxLength: 4 }),
  method: fc.constantFrom<Payment['method']>('E', 'V', 'C', 'M', 'D', 'A'),
  extraCash: fc.integer({ min: 0, max: 100_000 }),
});
const dayArb = fc.array(invoiceArb, { minLength: 1, maxLength: 9 });

type Gen = typeof invoiceArb extends fc.Arbitrary<infer T> ? T : never;

async function sealAll(gens: Gen[]): Promise<SealedInvoice[]> {
  const out: SealedInvoice[] = [];
  for (const [i, g] of gens.entries()) {
    const hh = String(Math.floor(g.minute / 60)).padStart(2, '0');
    const mm = String(g.minute % 60).padStart(2, '0');
    const spec: InvoiceSpec = {
      n: i + 1, at: `2026-11-25T${hh}:${mm}:00+01:00`, type: g.type, currency: g.usd ? 'USD' : 'CDF',
      ...(g.type === 'FA' ? { reference: { nature: 'COR' as const, code: 'D357MYBKF6QSMSD2XWSEFT6S' } } : {}),
      lines: g.lines.map((l, k) => ({
        code: `P${k}${l.group}`, name: `ARTICLE ${k}`, group: l.group, price: formatAmount(BigInt(l.cents)), qty: String(l.qty / 1000),
        ...(l.ts === undefined ? {} : { ts: { per_unit: formatAmount(BigInt(l.ts)) } }),
      })),
      payments: [],
    };
    const draft = await seal(spec);
    // Pay the sealed total with the generated method, plus cash beyond it that goes back as change.
    const ttc = amt(draft.totals.ttc);
    const payments: Payment[] = [{ method: g.method, amount: draft.totals.ttc, currency: draft.currency }];
    if (g.extraCash > 0 && g.method === 'E') payments[0] = { method: 'E', amount: formatAmount(ttc + BigInt(g.extraCash)), currency: draft.currency };
    out.push({ ...draft, payments });
  }
  return out;
}

const input = (invoices: SealedInvoice[], extra: Partial<ReportInput> = {}): ReportInput => ({
  outlet_id: 'o', at: '2026-11-26T00:00:00+01:00', invoices, voided: [], previous_z: null,
  upload: { not_uploaded: 0, last_upload_at: null }, drawer_opens_without_sale: [], cancellations: [],
  since: '2026-11-25T00:00:00+01:00', ...extra,
});

/** Every money figure of a report, by a key naming it, to add reports together. */
function flatten(x: Pick<XReport, 'figures'>): Map<string, bigint> {
  const m = new Map<string, bigint>();
  const add = (k: string, v: bigint) => m.set(k, (m.get(k) ?? 0n) + v);
  const money = (prefix: string, f: { ht: string; vat: string; specific: string; ttc: string }) => {
    for (const k of ['ht', 'vat', 'specific', 'ttc'] as const) add(`${prefix}.${k}`, amt(f[k]));
  };
  for (const s of x.figures.sections) {
    const c = s.currency;
    for (const t of s.by_type) {
      money(`${c}.type.${t.type}`, t);
      add(`${c}.type.${t.type}.count`, BigInt(t.count));
    }
    for (const g of s.by_group) money(`${c}.group.${g.group}.${g.rate}`, g);
    money(`${c}.totals`, s.totals);
    for (const p of s.payments) add(`${c}.pay.${p.method}.${p.currency}`, amt(p.amount));
    add(`${c}.change`, amt(s.change_given));
    for (const h of s.by_hour) {
      add(`${c}.hour.${h.hour}`, amt(h.ttc));
      add(`${c}.hour.${h.hour}.count`, BigInt(h.count));
    }
  }
  add('count', BigInt(x.figures.invoice_count));
  return new Map([...m].filter(([, v]) => v !== 0n).sort(([a], [b]) => (a < b ? -1 : 1)));
}

function sum(sec: ReportCurrencySection, pick: (s: ReportCurrencySection) => readonly { ttc: string; ht?: string }[], f: 'ttc' | 'ht'): bigint {
  return pick(sec).reduce((acc, r) => acc + amt(r[f] ?? '0.00'), 0n);
}

describe('report properties', () => {
  it('per section: groups, types (sales − credits) and hours add up to the totals, and HT + VAT + T.S. = TTC', async () => {
    await fc.assert(
      fc.asyncProperty(dayArb, async (gens) => {
        const x = xReport(input(await sealAll(gens)));
        for (const s of x.figures.sections) {
          for (const f of ['ht', 'vat', 'specific', 'ttc'] as const) {
            expect(s.by_group.reduce((a, g) => a + amt(g[f]), 0n)).toBe(amt(s.totals[f]));
            expect(amt(s.sales[f]) - amt(s.credits[f])).toBe(amt(s.totals[f]));
          }
          expect(sum(s, (q) => q.by_hour, 'ttc')).toBe(amt(s.totals.ttc));
          expect(s.by_hour.reduce((a, h) => a + h.count, 0)).toBe(s.sales.count + s.credits.count);
          expect(amt(s.totals.ht) + amt(s.totals.vat) + amt(s.totals.specific)).toBe(amt(s.totals.ttc));
        }
      }),
      { numRuns: 60 },
    );
  });

  it('the X of a union of invoices is the sum of the X of its parts', async () => {
    await fc.assert(
      fc.asyncProperty(dayArb, fc.nat(), async (gens, cut) => {
        const all = await sealAll(gens);
        const k = cut % (all.length + 1);
        const whole = flatten(xReport(input(all)));
        const a = flatten(xReport(input(all.slice(0, k))));
        const b = flatten(xReport(input(all.slice(k))));
        const summed = new Map<string, bigint>();
        for (const [key, v] of [...a, ...b]) summed.set(key, (summed.get(key) ?? 0n) + v);
        expect(new Map([...summed].filter(([, v]) => v !== 0n).sort(([p], [q]) => (p < q ? -1 : 1)))).toEqual(whole);
      }),
      { numRuns: 60 },
    );
  });

  it('the order of the invoices does not change any report', async () => {
    await fc.assert(
      fc.asyncProperty(dayArb, fc.nat(), async (gens, seed) => {
        const all = await sealAll(gens);
        const shuffled = [...all].sort((p, q) => ((p.security.fiscal_number! * 7919 + seed) % 101) - ((q.security.fiscal_number! * 7919 + seed) % 101));
        shuffled.reverse();
        expect(xReport(input(shuffled))).toEqual(xReport(input(all)));
        expect(zReport(input(shuffled))).toEqual(zReport(input(all)));
        const range = { from: '2026-11-25', to: '2026-11-25' };
        expect(aReport({ invoices: shuffled }, range)).toEqual(aReport({ invoices: all }, range));
      }),
      { numRuns: 40 },
    );
  });

  it('the A report adds up to the X totals (HT and TTC) in every currency', async () => {
    await fc.assert(
      fc.asyncProperty(dayArb, async (gens) => {
        const all = await sealAll(gens);
        const x = xReport(input(all));
        const a = aReport({ invoices: all }, { from: '2026-11-25', to: '2026-11-25' });
        expect(a.sections.map((s) => [s.currency, s.totals.ht, s.totals.ttc])).toEqual(
          x.figures.sections.map((s) => [s.currency, s.totals.ht, s.totals.ttc]),
        );
      }),
      { numRuns: 40 },
    );
  });

  it('two Zs over a day give the grand total of one X over it, and the second Z only its own invoices', async () => {
    await fc.assert(
      fc.asyncProperty(dayArb, fc.nat(), async (gens, cut) => {
        const all = await sealAll(gens);
        const k = cut % (all.length + 1);
        const z1 = zReport(input(all.slice(0, k), { at: '2026-11-25T12:00:00+01:00' }));
        const z2 = zReport(input(all, { previous_z: { record: z1.record } }));
        expect(z2.z_number).toBe(2);
        expect(z2.grand_totals).toEqual(xReport(input(all)).grand_totals);
        expect(z2.figures.invoice_count).toBe(all.length - k);
        expect(flatten(z2)).toEqual(flatten(xReport(input(all.slice(k)))));
      }),
      { numRuns: 40 },
    );
  });
});
