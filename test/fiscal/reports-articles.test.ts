// Proves Rapport A: per article over a day or an instant range, credit notes deducted, amounts that add up to the X.
import { beforeAll, describe, expect, it } from 'vitest';
import type { SealedInvoice } from '../../fiscal/invoice-types';
import { allocate } from '../../fiscal/report-articles';
import { aReport, ReportError, xReport } from '../../fiscal/reports';
import { dayInput, makeSealer, sealDay } from './reports-fixtures';

let day: SealedInvoice[];
beforeAll(async () => {
  day = await sealDay();
});

describe('Rapport A of 25 November 2026', () => {
  it('lists every article with net quantity, HT and TTC, largest TTC first, the returned milk at zero', () => {
    const a = aReport({ invoices: day, outlet_id: 'outlet-central' }, { from: '2026-11-25', to: '2026-11-25' });
    expect(a.kind).toBe('A');
    expect(a.outlet_id).toBe('outlet-central');
    expect(a.period).toEqual({ from: '2026-11-25T00:00:00+01:00', to: '2026-11-26T00:00:00+01:00' });
    expect(a.sections.map((s) => s.currency)).toEqual(['CDF', 'USD']);
    const cdf = a.sections[0]!;
    expect(cdf.articles).toEqual([
      { code: '9001', name: 'CAFÉ VERT', tax_group: 'E', quantity: '1', credited_quantity: '0', ht: '1000000.00', ttc: '1000000.00' },
      { code: '8001', name: 'TÉLÉPHONE', tax_group: 'B', quantity: '1', credited_quantity: '0', ht: '24569.00', ttc: '28500.00' },
      { code: 'ACPT', name: 'ACOMPTE COMMANDE', tax_group: 'B', quantity: '1', credited_quantity: '0', ht: '8621.00', ttc: '10000.00' },
      { code: '7001', name: 'SUCRE 1KG', tax_group: 'C', quantity: '2', credited_quantity: '0', ht: '4000.00', ttc: '4200.00' },
      { code: '6001', name: 'EAU', tax_group: 'A', quantity: '5', credited_quantity: '0', ht: '3600.00', ttc: '3600.00' },
      { code: '7002', name: 'BIÈRE 65CL', tax_group: 'B', quantity: '1', credited_quantity: '0', ht: '2155.00', ttc: '2587.00' },
      { code: '6002', name: 'LAIT GR', tax_group: 'B', quantity: '0', credited_quantity: '1', ht: '0.00', ttc: '0.00' },
    ]);
    expect(cdf.totals).toEqual({ ht: '1042945.00', ttc: '1048887.00' });
    expect([cdf.invoice_count, cdf.credit_count]).toEqual([5, 1]);
    expect(a.sections[1]).toEqual({
      currency: 'USD',
      articles: [{ code: '8002', name: 'CHARGEUR', tax_group: 'B', quantity: '2', credited_quantity: '0', ht: '86.21', ttc: '100.00' }],
      totals: { ht: '86.21', ttc: '100.00' },
      invoice_count: 1,
      credit_count: 0,
    });
  });

  it('agrees with the X of the same invoices to the franc', () => {
    const a = aReport({ invoices: day }, { from: '2026-11-25', to: '2026-11-25' });
    const x = xReport(dayInput(day, '2026-11-25T23:00:00+01:00'));
    for (const s of x.figures.sections) {
      const art = a.sections.find((t) => t.currency === s.currency)!;
      expect(art.totals).toEqual({ ht: s.totals.ht, ttc: s.totals.ttc });
    }
  });

  it('sorts by code when asked', () => {
    const a = aReport({ invoices: day }, { from: '2026-11-25', to: '2026-11-25', order: 'code' });
    expect(a.sections[0]!.articles.map((x) => x.code)).toEqual(['6001', '6002', '7001', '7002', '8001', '9001', 'ACPT']);
  });

  it('takes an instant range, start included and end excluded', () => {
    const a = aReport({ invoices: day }, { from: '2026-11-25T09:40:00+01:00', to: '2026-11-25T10:05:00+01:00' });
    expect(a.sections.flatMap((s) => s.articles.map((x) => x.code))).toEqual(['7001', '7002']);
  });

  it('spans several days and is empty on a day without sales', () => {
    expect(aReport({ invoices: day }, { from: '2026-11-20', to: '2026-11-30' }).sections[0]!.totals.ttc).toBe('1048887.00');
    expect(aReport({ invoices: day }, { from: '2026-11-26', to: '2026-11-26' }).sections).toEqual([]);
    // 23:00 UTC on the 24th is midnight in Kinshasa; 09:00 UTC is 10:00 there, after invoices 1 and 2.
    expect(aReport({ invoices: day }, { from: '2026-11-24T23:00:00Z', to: '2026-11-25T09:00:00Z' }).sections[0]!.articles.map((x) => x.code)).toEqual(['7001', '6001', '7002', '6002']);
  });

  it('refuses a range that ends before it starts, or a date that is not one', () => {
    expect(() => aReport({ invoices: day }, { from: '2026-11-26', to: '2026-11-25' })).toThrow(ReportError);
    expect(() => aReport({ invoices: day }, { from: '2026-02-30', to: '2026-03-01' })).toThrow(expect.objectContaining({ code: 'invalid_range' }));
  });
});

describe('sharing a group figure among its lines', () => {
  it('gives the group its exact HT where per-line rounding would lose a franc', async () => {
    const seal = await makeSealer();
    const inv = await seal({
      n: 1, at: '2026-11-25T12:00:00+01:00',
      lines: ['A1', 'A2', 'A3'].map((code) => ({ code, name: code, group: 'B', price: '100.00', qty: '1' })),
      payments: [{ method: 'E', amount: '300.00', currency: 'CDF' }],
    });
    // Group B: VAT round(300 × 16/116) = 41, HT 259; each line alone would give VAT 14, HT 86 (258 in all).
    expect(inv.totals).toMatchObject({ ht: '259.00', vat: '41.00', ttc: '300.00' });
    const a = aReport({ invoices: [inv] }, { from: '2026-11-25', to: '2026-11-25', order: 'code' });
    expect(a.sections[0]!.articles.map((x) => x.ht)).toEqual(['87.00', '86.00', '86.00']);
    expect(a.sections[0]!.totals.ht).toBe('259.00');
  });

  it('shares whole francs when the total is whole, centimes otherwise, largest remainder first', () => {
    expect(allocate(1000n, [1n, 1n, 1n], 100n)).toEqual([400n, 300n, 300n]);
    expect(allocate(1001n, [1n, 1n], 100n)).toEqual([501n, 500n]);
    expect(allocate(1000n, [1n, 2n], 1n)).toEqual([333n, 667n]);
    expect(allocate(500n, [0n, 0n], 100n)).toEqual([500n, 0n]);
    expect(allocate(0n, [], 100n)).toEqual([]);
  });
});
