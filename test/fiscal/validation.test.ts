// validateDraft, shape part: required fields, types, unknown fields, code lists, list sizes, hostile input.
import { describe, it, expect } from 'vitest';
import { validateDraft, DRAFT_KEYS, MESSAGES, renderMessage, parsePath, pathKey, pathIndex } from '../../fiscal';
import { MAX_ERRORS } from '../../fiscal/validate-primitives';
import { errorsOf, expectOnly, sample, withField, type Json } from './draft-fixtures';

describe('validateDraft accepts a well-formed draft', () => {
  it('accepts the DGI sample invoice and returns an equal draft built from fresh objects', () => {
    const input = sample();
    const r = validateDraft(input);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.draft).toEqual(input);
    expect(r.draft).not.toBe(input);
    expect(r.draft.items[0]).not.toBe((input.items as unknown[])[0]);
  });

  it('accepts every optional block of the contract', () => {
    const input = sample();
    input.usd_rate = { rate: '2850.00', date: '2026-11-25' };
    input.comments = { A: 'ref', H: 'merci' };
    input.client = { type: 'PM', nif: 'B1234567C', name: 'ABC SARL', address: 'BOULEVARD 23', contact: 'info@abcsarl.cd', rccm: 'RCCM20250124' };
    input.items = [
      { code: '6003', name: 'SPEC', type: 'BIE', tax_group: 'B', unit_price: '500.00', quantity: '4',
        specific_tax: { per_unit: '75.00', description: 'accise' }, original_price: '1000.00', price_change: 'réduction 50%' },
      { code: '6004', name: 'SPEC', type: 'BIE', tax_group: 'B', unit_price: '500.00', quantity: '1.250', specific_tax: { percent: '10.00' } },
    ];
    input.payments = [{ method: 'M', amount: '2000.00', currency: 'CDF' }, { method: 'E', amount: '1.00', currency: 'USD' }];
    expect(errorsOf(input)).toEqual([]);
  });
});

describe('validateDraft refuses what is not a draft object', () => {
  it.each([
    ['null', null, 'expected_object'],
    ['undefined', undefined, 'required'],
    ['an array', [sample()], 'expected_object'],
    ['a string', JSON.stringify(sample()), 'expected_object'],
    ['a number', 42, 'expected_object'],
    ['a Date', new Date(), 'expected_object'],
    ['a Map', new Map(), 'expected_object'],
  ])('refuses %s at the root', (_name, input, code) => {
    expectOnly(input, '', code);
  });
});

describe('required fields', () => {
  const required = DRAFT_KEYS.filter((k) => !['reference', 'usd_rate', 'client', 'comments'].includes(k));
  it.each(required)('reports %s as required when it is missing', (key) => {
    expectOnly(withField(key, undefined), key, 'required');
  });

  it.each(['code', 'name', 'type', 'tax_group', 'unit_price', 'quantity'])('reports items[1].%s as required', (key) => {
    expectOnly(withField(`items.1.${key}`, undefined), `items[1].${key}`, 'required');
  });

  it('reports client.type as required inside a client block', () => {
    expectOnly(withField('client.type', undefined), 'client.type', 'required');
  });

  it('does not let a polluted Object.prototype supply a missing field', () => {
    Object.defineProperty(Object.prototype, 'cashier_name', { value: 'INTRUS', configurable: true, writable: true });
    try {
      expectOnly(withField('cashier_name', undefined), 'cashier_name', 'required');
    } finally {
      delete (Object.prototype as Record<string, unknown>).cashier_name;
    }
  });
});

describe('unknown fields are refused and named', () => {
  it.each([
    ['', 'discount', 'discount'],
    ['items.0', 'vat_rate', 'items[0].vat_rate'],
    ['client', 'phone', 'client.phone'],
    ['totals', 'net', 'totals.net'],
    ['tax_groups.1', 'base', 'tax_groups[1].base'],
    ['payments.0', 'change', 'payments[0].change'],
  ])('refuses an extra field in %s', (at, key, path) => {
    const draft = sample();
    const target = at === '' ? draft : at.split('.').reduce<Json>((o, s) => o[s] as Json, draft);
    target[key] = 'x';
    const errors = errorsOf(draft);
    expect(errors.map((e) => [e.path, e.code])).toEqual([[path, 'unknown_field']]);
    expect(errors[0].message.en).toContain(key);
  });

  it('refuses comment line I: only lines A to H exist (36h)', () => {
    const draft = sample();
    draft.comments = { A: 'ok', I: 'trop' };
    expectOnly(draft, 'comments.I', 'unknown_field');
  });

  it('refuses an own __proto__ key as parsed from JSON, with a walkable path', () => {
    const draft = JSON.parse(JSON.stringify(sample()).replace('{', '{"__proto__":{"isAdmin":true},'));
    expectOnly(draft, '__proto__', 'unknown_field');
  });

  it('quotes a key that is not an identifier in the path', () => {
    const draft = sample();
    draft['a.b[0]'] = 1;
    expectOnly(draft, '["a.b[0]"]', 'unknown_field');
  });

  it('reports a very long key on its object with a shortened name', () => {
    const draft = sample();
    draft['k'.repeat(100_000)] = 1;
    const errors = errorsOf(draft);
    expect(errors.map((e) => [e.path, e.code])).toEqual([['', 'unknown_field']]);
    expect(errors[0].message.en.length).toBeLessThan(200);
  });
});

describe('types', () => {
  it.each([
    ['items.0.unit_price', 720, 'items[0].unit_price', 'expected_string'],
    ['items.0.quantity', 5, 'items[0].quantity', 'expected_string'],
    ['items.0.quantity', Number.NaN, 'items[0].quantity', 'expected_string'],
    ['totals.ttc', Number.POSITIVE_INFINITY, 'totals.ttc', 'expected_string'],
    ['cashier_name', null, 'cashier_name', 'expected_string'],
    ['type', ['FV'], 'type', 'expected_string'],
    ['client', 'PP', 'client', 'expected_object'],
    ['client', null, 'client', 'expected_object'],
    ['totals', [], 'totals', 'expected_object'],
    ['items', { 0: {} }, 'items', 'expected_array'],
    ['items.0', null, 'items[0]', 'expected_object'],
    ['payments', 'E', 'payments', 'expected_array'],
    ['merchant_nif', 10n, 'merchant_nif', 'expected_string'],
  ])('refuses %s = %s', (field, value, path, code) => {
    expectOnly(withField(field, value), path, code);
  });
});

describe('code lists', () => {
  it.each([
    ['type', 'FX'], ['type', 'fv'], ['price_mode', 'ttc'], ['currency', 'EUR'],
    ['items.0.type', 'GOODS'], ['items.0.tax_group', 'Q'], ['items.0.tax_group', 'a'],
    ['payments.0.method', 'X'], ['payments.0.currency', 'usd'], ['client.type', 'XX'], ['tax_groups.0.group', 'Z'],
  ])('refuses %s = "%s" and lists the allowed values', (field, value) => {
    const errors = errorsOf(withField(field, value));
    expect(errors.map((e) => [e.path, e.code])).toEqual([[field.replace(/\.(\d+)\./, '[$1].'), 'not_in_list']]);
    expect(errors[0].message.fr).toMatch(/valeurs possibles : [A-Z]/);
  });

  it('refuses an unknown credit-note nature', () => {
    const draft = withField('type', 'FA');
    draft.reference = { nature: 'ABC', code: 'D357MYBKF6QSMSD2XWSEFT6S' };
    expectOnly(draft, 'reference.nature', 'not_in_list');
  });
});

describe('list sizes', () => {
  it('refuses a draft without items', () => {
    expectOnly(withField('items', []), 'items', 'too_few');
  });

  it('accepts 1000 items and refuses 1001', () => {
    const item = (sample().items as Json[])[1];
    expect(errorsOf(withField('items', Array.from({ length: 1000 }, () => ({ ...item }))))).toEqual([]);
    expectOnly(withField('items', Array.from({ length: 1001 }, () => ({ ...item }))), 'items', 'too_many');
  });

  it('refuses a draft without payments, and more than 20', () => {
    expectOnly(withField('payments', []), 'payments', 'too_few');
    const p = { method: 'E', amount: '1.00', currency: 'CDF' };
    expectOnly(withField('payments', Array.from({ length: 21 }, () => ({ ...p }))), 'payments', 'too_many');
  });

  it('refuses the same group twice in tax_groups', () => {
    const draft = sample();
    (draft.tax_groups as Json[]).push({ group: 'B', rate: '16.00', ht: '0.00', vat: '0.00', specific: '0.00', ttc: '0.00' });
    expectOnly(draft, 'tax_groups[2].group', 'duplicate_group');
  });
});

describe('hostile input never throws', () => {
  it('caps the error list and says so', () => {
    const draft = sample();
    for (let i = 0; i < 500; i += 1) draft[`extra_${i}`] = i;
    const errors = errorsOf(draft);
    expect(errors).toHaveLength(MAX_ERRORS + 1);
    expect(errors[MAX_ERRORS]).toMatchObject({ path: '', code: 'too_many_errors' });
  });

  it('refuses a Proxy whose traps throw, with code internal', () => {
    const hostile = new Proxy({}, { ownKeys: () => { throw new Error('boom'); }, getPrototypeOf: () => Object.prototype });
    expectOnly(hostile, '', 'internal');
  });

  it('refuses an object whose getter throws, with code internal', () => {
    const draft = sample();
    Object.defineProperty(draft, 'cashier_name', { enumerable: true, get: () => { throw new Error('boom'); } });
    expectOnly(draft, '', 'internal');
  });

  it('refuses deep nesting in place of a string without recursing into it', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 100_000; i += 1) deep = [deep];
    expectOnly(withField('items.0.name', deep), 'items[0].name', 'expected_string');
    expectOnly(withField('client', deep), 'client', 'expected_object');
  });
});

describe('error catalogue and paths', () => {
  it('has every message in French and in English, and they differ', () => {
    for (const [code, text] of Object.entries(MESSAGES)) {
      expect(text.fr.length, code).toBeGreaterThan(0);
      expect(text.en.length, code).toBeGreaterThan(0);
      expect(text.fr, code).not.toBe(text.en);
    }
  });

  it('fills placeholders and leaves an unknown one visible', () => {
    expect(renderMessage('too_long', { max: 16, actual: 17 }).fr).toBe('16 caractères au plus (17 reçus).');
    expect(renderMessage('too_long', { max: 16 }).en).toBe('At most 16 characters ({actual} given).');
  });

  it('walks back every path it builds, quoted keys included', () => {
    const path = pathKey(pathIndex(pathKey(pathKey('', 'items'), 'a.b["c"]'), 3), 'unit_price');
    expect(path).toBe('items["a.b[\\"c\\"]"][3].unit_price');
    expect(parsePath(path)).toEqual(['items', 'a.b["c"]', 3, 'unit_price']);
    expect(parsePath('')).toEqual([]);
    expect(parsePath('items[')).toBeNull();
    expect(parsePath('.items')).toBeNull();
  });
});
