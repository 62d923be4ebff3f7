// validateDraft, formats part: DGI text limits, identifiers and NIF, amounts, quantities, rates and dates.
import { describe, it, expect } from 'vitest';
import { errorsOf, expectOnly, withField, type Json } from './draft-fixtures';

describe('text limits of the DGI protocol', () => {
  it.each([
    ['cashier_id', 16, 'C0h OPID'],
    ['cashier_name', 32, 'C0h OPN'],
    ['invoice_number', 64, 'C0h FN'],
    ['items.0.code', 24, '31h DESC'],
    ['items.0.price_change', 24, '31h PRDESC'],
  ])('%s takes %i characters, not one more (%s)', (field, max, _cmd) => {
    const base = field === 'items.0.price_change' ? { original_price: '800.00' } : {};
    const make = (len: number) => {
      const d = withField(field, 'X'.repeat(len));
      Object.assign((d.items as Json[])[0], base);
      return d;
    };
    expect(errorsOf(make(max))).toEqual([]);
    expectOnly(make(max + 1), field.replace(/\.(\d+)\./, '[$1].'), 'too_long');
  });

  it('counts an item name in UTF-8 bytes: 32 × "É" (64 bytes) passes, 33 (66 bytes) is refused (31h NOM)', () => {
    expect(errorsOf(withField('items.0.name', 'É'.repeat(32)))).toEqual([]);
    expectOnly(withField('items.0.name', 'É'.repeat(33)), 'items[0].name', 'too_long_bytes');
    expectOnly(withField('items.0.name', 'N'.repeat(65)), 'items[0].name', 'too_long');
  });

  it('takes a comment line of 255 characters, not 256 (36h)', () => {
    expect(errorsOf(withField('comments', { B: 'c'.repeat(255) }))).toEqual([]);
    expectOnly(withField('comments', { B: 'c'.repeat(256) }), 'comments.B', 'too_long');
  });

  it('takes a specific-tax description of 16 characters, not 17 (31h TSDESC)', () => {
    expect(errorsOf(withField('items.0.specific_tax', { per_unit: '1.00', description: 'd'.repeat(16) }))).toEqual([]);
    expectOnly(withField('items.0.specific_tax', { per_unit: '1.00', description: 'd'.repeat(17) }), 'items[0].specific_tax.description', 'too_long');
  });

  it('refuses a 10 MB string by its length, without scanning it byte by byte (a generous bound, not a speed target)', () => {
    const started = Date.now();
    expectOnly(withField('cashier_name', 'x'.repeat(10_000_000)), 'cashier_name', 'too_long');
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it.each([
    ['an empty name', ''], ['a blank name', '   '],
  ])('refuses %s', (_n, value) => {
    expectOnly(withField('cashier_name', value), 'cashier_name', 'empty');
  });

  it.each([
    ['a tab, the 31h field separator', 'EAU\tX'],
    ['a line feed, the 31h name/code separator', 'EAU\nX'],
    ['a NUL', 'EAU\u0000'],
    ['a lone surrogate', 'EAU\uD800'],
  ])('refuses an item name holding %s', (_n, value) => {
    expectOnly(withField('items.0.name', value), 'items[0].name', 'bad_text');
  });
});

describe('identifiers and NIF', () => {
  it('accepts a client_invoice_id of [A-Za-z0-9_.:-] up to 64 characters', () => {
    expect(errorsOf(withField('client_invoice_id', 'till-7:2026.11.25_0001'))).toEqual([]);
    expect(errorsOf(withField('client_invoice_id', 'a'.repeat(64)))).toEqual([]);
  });

  it.each([['a space', 'abc def'], ['a slash', 'abc/def'], ['an accent', 'café']])('refuses a client_invoice_id with %s', (_n, v) => {
    expectOnly(withField('client_invoice_id', v), 'client_invoice_id', 'bad_id');
  });

  it('refuses a client_invoice_id of 65 characters', () => {
    expectOnly(withField('client_invoice_id', 'a'.repeat(65)), 'client_invoice_id', 'too_long');
  });

  it.each(['A9000011T', 'A9001255A', 'A1234567B', 'B1234567C', '00001234A', 'A0001234A'])(
    'accepts the DGI example NIF %s as merchant and client NIF',
    (nif) => {
      const draft = withField('merchant_nif', nif);
      (draft.client as Json).nif = nif;
      expect(errorsOf(draft)).toEqual([]);
    },
  );

  it.each(['a9000011t', 'A900001T', 'A90000111', 'AA000011T', 'A9000011', 'A 9000011T', 'A9000011TT'])('refuses the NIF %s', (nif) => {
    expectOnly(withField('merchant_nif', nif), 'merchant_nif', 'bad_nif');
    expectOnly(withField('client.nif', nif), 'client.nif', 'bad_nif');
  });
});

describe('amounts, quantities and rates', () => {
  it.each(['720', '720.0', '720.000', '-1.00', '1e3', '0720.00', ' 720.00', '720,00', '', 'NaN'])('refuses the amount "%s"', (v) => {
    expectOnly(withField('items.0.unit_price', v), 'items[0].unit_price', 'bad_amount');
  });

  it('accepts 0.00 as a unit price and 999999999999.99 as the ceiling; refuses 1000000000000.00', () => {
    expect(errorsOf(withField('items.0.unit_price', '0.00'))).toEqual([]);
    expect(errorsOf(withField('items.0.unit_price', '999999999999.99'))).toEqual([]);
    expectOnly(withField('items.0.unit_price', '1000000000000.00'), 'items[0].unit_price', 'amount_too_large');
  });

  it('refuses a payment of 0.00', () => {
    expectOnly(withField('payments.0.amount', '0.00'), 'payments[0].amount', 'not_positive');
  });

  it.each(['5', '1.250', '0.001', '999999999.999'])('accepts the quantity "%s"', (v) => {
    expect(errorsOf(withField('items.0.quantity', v))).toEqual([]);
  });

  it.each(['0', '0.000'])('refuses the zero quantity "%s"', (v) => {
    expectOnly(withField('items.0.quantity', v), 'items[0].quantity', 'not_positive');
  });

  it.each(['-1', '1.2345', '1e3', '1,5', '1000000000', '.5'])('refuses the quantity "%s"', (v) => {
    expectOnly(withField('items.0.quantity', v), 'items[0].quantity', 'bad_quantity');
  });

  it.each(['16', '16.0', '101.00', '-16.00'])('refuses the group rate "%s"', (v) => {
    expectOnly(withField('tax_groups.1.rate', v), 'tax_groups[1].rate', 'bad_rate');
  });

  it('refuses a specific tax with both per_unit and percent, and one with neither', () => {
    expectOnly(withField('items.0.specific_tax', { per_unit: '1.00', percent: '10.00' }), 'items[0].specific_tax.percent', 'exclusive_fields');
    expectOnly(withField('items.0.specific_tax', {}), 'items[0].specific_tax.per_unit', 'required');
    expectOnly(withField('items.0.specific_tax', { percent: '10' }), 'items[0].specific_tax.percent', 'bad_rate');
  });

  it('refuses a USD rate of 0.00 and a bad rate date', () => {
    expectOnly(withField('usd_rate', { rate: '0.00', date: '2026-11-25' }), 'usd_rate.rate', 'not_positive');
    expectOnly(withField('usd_rate', { rate: '2850.00', date: '2026-02-29' }), 'usd_rate.date', 'bad_date');
    expect(errorsOf(withField('usd_rate', { rate: '2850.00', date: '2028-02-29' }))).toEqual([]);
  });
});

describe('issued_at is ISO 8601 with an offset', () => {
  it.each(['2026-11-25T14:03:11+01:00', '2026-11-25T13:03:11Z', '2026-11-25T14:03:11.123+01:00', '2024-02-29T00:00:00-05:30'])(
    'accepts %s',
    (v) => {
      expect(errorsOf(withField('issued_at', v))).toEqual([]);
    },
  );

  it.each([
    '2026-11-25T14:03:11', '2026-11-25', '2026-11-25 14:03:11+01:00', '2026-02-30T10:00:00+01:00',
    '2026-13-01T00:00:00Z', '2026-11-25T24:00:00+01:00', '2026-11-25T14:60:00Z', '2026-11-25T14:03:11+15:00',
    '2026-11-25T14:03:11+0100', '25/11/2026 14:03:11', '2026-11-25T14:03:11.1234Z', '+002026-11-25T14:03:11Z',
  ])('refuses %s', (v) => {
    expectOnly(withField('issued_at', v), 'issued_at', 'bad_datetime');
  });
});
