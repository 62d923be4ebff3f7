// checkDraftFigures: a draft's tax_groups and totals against the totals engine, path by path.
import { describe, it, expect } from 'vitest';
import { checkDraftFigures, validateDraft, TABLE_2026, TABLE_14_GROUPS, type InvoiceDraft, type TaxGroupLine } from '../../fiscal';

// The DGI sample invoice (Protocoles SFE-MCF v1.0, §2): A 3.600 exempt, B 464 TTC of which VAT 64, total 4.064.
function sample(): InvoiceDraft {
  const r = validateDraft({
    client_invoice_id: 'till-1-0345',
    merchant_nif: 'A9000011T',
    outlet_id: 'outlet-1',
    pos_terminal_id: 'AB01710090',
    cashier_id: '1123',
    cashier_name: 'JACQUES',
    invoice_number: '345/2024',
    type: 'FV',
    price_mode: 'TTC',
    currency: 'CDF',
    items: [
      { code: '6001', name: 'EAU', type: 'BIE', tax_group: 'A', unit_price: '720.00', quantity: '5' },
      { code: '6002', name: 'LAIT GR', type: 'BIE', tax_group: 'B', unit_price: '464.00', quantity: '1' },
    ],
    tax_groups: [
      { group: 'A', rate: '0.00', ht: '3600.00', vat: '0.00', specific: '0.00', ttc: '3600.00' },
      { group: 'B', rate: '16.00', ht: '400.00', vat: '64.00', specific: '0.00', ttc: '464.00' },
    ],
    totals: { ht: '4000.00', vat: '64.00', specific: '0.00', ttc: '4064.00' },
    payments: [{ method: 'E', amount: '4064.00', currency: 'CDF' }],
    issued_at: '2026-11-25T14:03:11+01:00',
  });
  if (!r.ok) throw new Error(`the sample must be valid: ${JSON.stringify(r.errors)}`);
  return r.draft;
}

const pairs = (d: InvoiceDraft, table = TABLE_2026) => checkDraftFigures(d, table).map((e) => [e.path, e.code]);
const line = (group: TaxGroupLine['group'], rate: string): TaxGroupLine => ({ group, rate, ht: '0.00', vat: '0.00', specific: '0.00', ttc: '0.00' });

describe('checkDraftFigures', () => {
  it('finds no difference on the DGI sample invoice', () => {
    expect(checkDraftFigures(sample(), TABLE_2026)).toEqual([]);
  });

  it('names a wrong group VAT with the expected and given amounts', () => {
    const d = sample();
    d.tax_groups[1] = { ...d.tax_groups[1], vat: '63.00' };
    const errors = checkDraftFigures(d, TABLE_2026);
    expect(errors.map((e) => [e.path, e.code])).toEqual([['tax_groups[1].vat', 'figure_mismatch']]);
    expect(errors[0].message.fr).toContain('64.00 attendu, 63.00 reçu');
  });

  it('names a wrong total TTC', () => {
    const d = sample();
    d.totals = { ...d.totals, ttc: '4065.00' };
    expect(pairs(d)).toEqual([['totals.ttc', 'figure_mismatch']]);
  });

  it('names a wrong group rate: 8 % for B in 2026', () => {
    const d = sample();
    d.tax_groups[1] = { ...d.tax_groups[1], rate: '8.00' };
    expect(pairs(d)).toEqual([['tax_groups[1].rate', 'figure_mismatch']]);
  });

  it('accepts a draft that leaves out a group with no VAT and no T.S. (CONTRACT.md example lists only B beside A items)', () => {
    const d = sample();
    d.tax_groups = [d.tax_groups[1]];
    expect(checkDraftFigures(d, TABLE_2026)).toEqual([]);
  });

  it('reports a missing group that carries VAT on tax_groups', () => {
    const d = sample();
    d.tax_groups = [d.tax_groups[0]];
    const errors = checkDraftFigures(d, TABLE_2026);
    expect(errors.map((e) => [e.path, e.code])).toEqual([['tax_groups', 'tax_group_missing']]);
    expect(errors[0].message.en).toContain('Group B');
  });

  it('reports a group no item uses on its line', () => {
    const d = sample();
    d.tax_groups = [...d.tax_groups, line('C', '5.00')];
    expect(pairs(d)).toEqual([['tax_groups[2].group', 'tax_group_extra']]);
  });

  it('accepts lines in any order (the sealed invoice carries them in letter order)', () => {
    const d = sample();
    d.tax_groups = [d.tax_groups[1], d.tax_groups[0]];
    expect(pairs(d)).toEqual([]);
  });

  it('refuses group O on the 14-group table in force before 2026', () => {
    const d = sample();
    d.items = [{ ...d.items[1], tax_group: 'O' }];
    const errors = checkDraftFigures(d, TABLE_14_GROUPS);
    expect(errors.map((e) => [e.path, e.code])).toEqual([['items[0].tax_group', 'group_not_in_table']]);
    expect(errors[0].message.en).toContain('FACNO-14');
  });

  it('agrees with the engine on a draft with specific tax (31h example 4: 4 x 500 TTC, T.S. 75 per unit)', () => {
    const d = sample();
    d.items = [{ code: 'S', name: 'SPEC', type: 'BIE', tax_group: 'B', unit_price: '500.00', quantity: '4', specific_tax: { per_unit: '75.00' } }];
    d.tax_groups = [];
    d.totals = { ht: '0.00', vat: '0.00', specific: '0.00', ttc: '0.00' };
    const errors = checkDraftFigures(d, TABLE_2026);
    expect(errors.map((e) => e.path)).toEqual(['tax_groups', 'totals.ht', 'totals.vat', 'totals.specific', 'totals.ttc']);
    const specific = errors.find((e) => e.path === 'totals.specific');
    expect(specific?.message.en).toContain('300.00 expected');
  });
});

describe('recomputedDraft', () => {
  it('fills in the groups a client left out, in letter order', async () => {
    const { recomputedDraft } = await import('../../fiscal/invoice-figures');
    const d = sample();
    const full = d.tax_groups.map((l) => l.group);
    d.tax_groups = [d.tax_groups[1]];
    expect(recomputedDraft(d, TABLE_2026)?.tax_groups.map((l) => l.group)).toEqual(full);
  });
});
