// Invoice rules (fiscal/invoice-rules.ts) through validateDraft: each rule passes its good case, and refuses its
// bad case at the field to correct.
import { describe, it, expect } from 'vitest';
import { validateDraft, checkInvoiceRules, type InvoiceDraft, type InvoiceItem } from '../../fiscal';

type Item = Partial<InvoiceItem> & Record<string, unknown>;

const ITEM: InvoiceItem = { code: '6002', name: 'LAIT GR', type: 'BIE', tax_group: 'B', unit_price: '464.00', quantity: '1' };

// A minimal well-shaped draft (figures are not checked by validateDraft, so they stay fixed).
function draft(over: Partial<Record<keyof InvoiceDraft, unknown>> = {}, items: Item[] = [ITEM]): Record<string, unknown> {
  return {
    client_invoice_id: 'till-1-0001',
    merchant_nif: 'A9000011T',
    outlet_id: 'outlet-1',
    pos_terminal_id: 'SFEABC001',
    cashier_id: '1123',
    cashier_name: 'Jan',
    invoice_number: 'FAC05/2025',
    type: 'FV',
    price_mode: 'TTC',
    currency: 'CDF',
    items: items.map((it) => ({ ...ITEM, ...it })),
    tax_groups: [],
    totals: { ht: '400.00', vat: '64.00', specific: '0.00', ttc: '464.00' },
    payments: [{ method: 'E', amount: '464.00', currency: 'CDF' }],
    issued_at: '2026-03-01T12:25:47+01:00',
    ...over,
  };
}

function errorsOf(input: unknown): Array<[string, string]> {
  const r = validateDraft(input);
  return r.ok ? [] : r.errors.map((e) => [e.path, e.code]);
}

const CODE = 'D357MYBKF6QSMSD2XWSEFT6S'; // 38h example answer, Protocoles SFE-MCF v1.0

describe('credit-note reference (C0h RT, RR, RN)', () => {
  it.each(['FA', 'EA'])('requires a reference on the credit note %s', (type) => {
    const items = type === 'EA' ? [{ tax_group: 'E' as const }] : undefined;
    expect(errorsOf(draft({ type }, items))).toEqual([['reference', 'reference_required']]);
  });

  it.each(['COR', 'RAN', 'RAM'])('accepts an FA of nature %s referencing a 24-character code', (nature) => {
    expect(errorsOf(draft({ type: 'FA', reference: { nature, code: CODE } }))).toEqual([]);
    expect(errorsOf(draft({ type: 'FA', reference: { nature, code: 'ABCDABCDABCDABCDABCDABCD' } }))).toEqual([]);
  });

  it('accepts an export credit note EA of group E items', () => {
    expect(errorsOf(draft({ type: 'EA', reference: { nature: 'RAN', code: CODE } }, [{ tax_group: 'E' }]))).toEqual([]);
  });

  it.each(['FV', 'FT', 'EV', 'ET'])('refuses a reference on the sale type %s', (type) => {
    const items = type.startsWith('E') ? [{ tax_group: 'E' as const }] : undefined;
    expect(errorsOf(draft({ type, reference: { nature: 'COR', code: CODE } }, items))).toEqual([['reference', 'reference_forbidden']]);
  });

  it.each([
    ['the printed, dashed form', 'TEST-FACT-HQBA-X2F3-K22N-MDYR'],
    ['lower case', CODE.toLowerCase()],
    ['23 characters', CODE.slice(1)],
  ])('refuses a reference code in %s', (_n, code) => {
    expect(errorsOf(draft({ type: 'FA', reference: { nature: 'COR', code } }))).toEqual([['reference.code', 'bad_dgi_code']]);
  });

  it('takes the literal RRR for a rebate, and only for a rebate', () => {
    expect(errorsOf(draft({ type: 'FA', reference: { nature: 'RRR', code: 'RRR' } }))).toEqual([]);
    expect(errorsOf(draft({ type: 'FA', reference: { nature: 'RRR', code: CODE } }))).toEqual([['reference.code', 'rrr_code_required']]);
    expect(errorsOf(draft({ type: 'FA', reference: { nature: 'COR', code: 'RRR' } }))).toEqual([['reference.code', 'rrr_code_wrong_nature']]);
  });
});

describe('export invoices and group E', () => {
  it.each(['EV', 'ET'])('accepts %s with group E items', (type) => {
    expect(errorsOf(draft({ type }, [{ tax_group: 'E' }, { tax_group: 'E', code: '7' }]))).toEqual([]);
  });

  it.each(['EV', 'ET'])('refuses a group B item on %s', (type) => {
    expect(errorsOf(draft({ type }, [{ tax_group: 'E' }, { tax_group: 'B' }]))).toEqual([['items[1].tax_group', 'export_needs_group_e']]);
  });

  it.each(['FV', 'FT'])('refuses group E on the domestic type %s', (type) => {
    expect(errorsOf(draft({ type }, [{ tax_group: 'E' }]))).toEqual([['items[0].tax_group', 'group_e_export_only']]);
  });

  it('refuses group E on a domestic credit note FA', () => {
    expect(errorsOf(draft({ type: 'FA', reference: { nature: 'COR', code: CODE } }, [{ tax_group: 'E' }])))
      .toEqual([['items[0].tax_group', 'group_e_export_only']]);
  });
});

describe('client types (C3h)', () => {
  it.each(['PP', 'PC', 'PL', 'AO'])('accepts a client block of type %s without NIF', (type) => {
    expect(errorsOf(draft({ client: { type } }))).toEqual([]);
  });

  it('requires the NIF of a company (PM)', () => {
    expect(errorsOf(draft({ client: { type: 'PM', name: 'ABC SARL' } }))).toEqual([['client.nif', 'client_nif_required']]);
    expect(errorsOf(draft({ client: { type: 'PM', nif: 'B1234567C', name: 'ABC SARL' } }))).toEqual([]);
  });
});

describe('group D: derogation regime', () => {
  const D = [{ tax_group: 'D' as const }];
  const ao = { type: 'AO', name: 'AMBASSADE' };

  it('accepts group D for an AO client with the DGI document reference in comment line A', () => {
    expect(errorsOf(draft({ client: ao, comments: { A: 'DGI/DRE/2026/0042' } }, D))).toEqual([]);
  });

  it('refuses group D for a client that is not AO, at client.type', () => {
    expect(errorsOf(draft({ client: { type: 'PM', nif: 'A1234567B' }, comments: { A: 'DGI/1' } }, D)))
      .toEqual([['client.type', 'group_d_needs_ao']]);
  });

  it('refuses group D without any client, at the item', () => {
    expect(errorsOf(draft({ comments: { A: 'DGI/1' } }, D))).toEqual([['items[0].tax_group', 'group_d_needs_ao']]);
  });

  it('refuses group D without comment line A, even with comment line B', () => {
    expect(errorsOf(draft({ client: ao, comments: { B: 'DGI/1' } }, D))).toEqual([['items[0].tax_group', 'group_d_needs_derogation']]);
  });
});

describe('HORS CHAMP (FACNO v1.2, group A)', () => {
  it('accepts an out-of-scope item coded HORS CHAMP in group A', () => {
    expect(errorsOf(draft({}, [{ code: 'HORS CHAMP', tax_group: 'A' }]))).toEqual([]);
  });

  it('refuses HORS CHAMP outside group A', () => {
    expect(errorsOf(draft({}, [{ code: 'HORS CHAMP', tax_group: 'B' }]))).toEqual([['items[0].tax_group', 'hors_champ_group_a']]);
  });

  it.each(['hors champ', 'HORS  CHAMP', ' HORS CHAMP'])('refuses the spelling "%s"', (code) => {
    expect(errorsOf(draft({}, [{ code, tax_group: 'A' }]))).toEqual([['items[0].code', 'hors_champ_spelling']]);
  });
});

describe('item type TAX and the tax-only groups L and N', () => {
  it('accepts a TAX item in group L, and a TAX item in N beside an M sale', () => {
    expect(errorsOf(draft({}, [{ type: 'TAX', tax_group: 'L' }]))).toEqual([]);
    expect(errorsOf(draft({}, [{ type: 'BIE', tax_group: 'M' }, { type: 'TAX', tax_group: 'N' }]))).toEqual([]);
  });

  it('refuses a TAX item in group B: a levy inside the VAT base is a specific tax', () => {
    expect(errorsOf(draft({}, [{ type: 'TAX', tax_group: 'B' }]))).toEqual([['items[0].type', 'tax_item_group']]);
  });

  it.each(['BIE', 'SER'])('refuses a %s item in group L', (type) => {
    expect(errorsOf(draft({}, [{ type: type as 'BIE', tax_group: 'L' }]))).toEqual([['items[0].type', 'group_needs_tax_item']]);
  });

  it('refuses group N without a group M sale on the invoice', () => {
    expect(errorsOf(draft({}, [{ type: 'TAX', tax_group: 'N' }]))).toEqual([['items[0].tax_group', 'group_n_needs_m']]);
  });
});

describe('price change (31h PRORIG, PRDESC)', () => {
  it('accepts an original price with its description', () => {
    expect(errorsOf(draft({}, [{ original_price: '1000.00', price_change: 'réduction 50%' }]))).toEqual([]);
  });

  it('refuses one without the other', () => {
    expect(errorsOf(draft({}, [{ original_price: '1000.00' }]))).toEqual([['items[0].price_change', 'price_change_pair']]);
    expect(errorsOf(draft({}, [{ price_change: 'remise' }]))).toEqual([['items[0].original_price', 'price_change_pair']]);
  });
});

describe('payments and the USD rate', () => {
  const rate = { rate: '2850.00', date: '2026-03-01' };

  it('accepts several payments of different methods and currencies with a USD rate', () => {
    const payments = [
      { method: 'M', amount: '1000.00', currency: 'CDF' }, { method: 'V', amount: '500.00', currency: 'CDF' },
      { method: 'C', amount: '1.00', currency: 'USD' }, { method: 'D', amount: '1.00', currency: 'CDF' },
      { method: 'A', amount: '1.00', currency: 'CDF' }, { method: 'E', amount: '1000.00', currency: 'CDF' },
    ];
    expect(errorsOf(draft({ payments, usd_rate: rate }))).toEqual([]);
  });

  it('requires usd_rate when a payment is in USD', () => {
    expect(errorsOf(draft({ payments: [{ method: 'E', amount: '1.00', currency: 'USD' }] }))).toEqual([['usd_rate', 'usd_rate_required']]);
  });

  it('requires usd_rate when the invoice currency is USD', () => {
    expect(errorsOf(draft({ currency: 'USD' }))).toEqual([['usd_rate', 'usd_rate_required']]);
    expect(errorsOf(draft({ currency: 'USD', usd_rate: rate }))).toEqual([]);
  });

  it('accepts a CDF invoice paid in CDF without usd_rate', () => {
    expect(errorsOf(draft())).toEqual([]);
  });
});

describe('comment lines A..H (36h)', () => {
  it('accepts all eight lines', () => {
    const comments = Object.fromEntries(['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'].map((l) => [l, `ligne ${l}`]));
    expect(errorsOf(draft({ comments }))).toEqual([]);
  });

  it('refuses an empty line: 36h with a line id alone reads instead of writing', () => {
    expect(errorsOf(draft({ comments: { C: '' } }))).toEqual([['comments.C', 'empty']]);
  });
});

describe('checkInvoiceRules', () => {
  it('reports several broken rules at once, in draft order', () => {
    const shaped = validateDraft(draft({}, [ITEM]));
    expect(shaped.ok).toBe(true);
    if (!shaped.ok) return;
    const bad: InvoiceDraft = {
      ...shaped.draft,
      type: 'FA',
      currency: 'USD',
      items: [{ ...ITEM, tax_group: 'E' }, { ...ITEM, code: 'HORS CHAMP', tax_group: 'C' }],
    };
    expect(checkInvoiceRules(bad).map((e) => [e.path, e.code])).toEqual([
      ['reference', 'reference_required'],
      ['usd_rate', 'usd_rate_required'],
      ['items[0].tax_group', 'group_e_export_only'],
      ['items[1].tax_group', 'hors_champ_group_a'],
    ]);
  });
});
