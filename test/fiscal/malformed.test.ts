// 10,000 malformed drafts (fast-check mutations of a valid one): each is refused, never thrown on, and every
// error names a real place of the input with a message in French and English.
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { MESSAGES, parsePath, validateDraft, type ValidationError } from '../../fiscal';

type Json = Record<string, unknown>;
type Seg = string | number;

// A rich valid draft: USD payment and rate, company client, specific taxes, price change, comments.
function valid(): Json {
  return {
    client_invoice_id: 'till-7:2026.11.25_0001',
    merchant_nif: 'A9000011T',
    outlet_id: 'outlet-1',
    pos_terminal_id: 'SFEABC001',
    cashier_id: '1123',
    cashier_name: 'JACQUES',
    invoice_number: '345/2024',
    type: 'FV',
    price_mode: 'TTC',
    currency: 'CDF',
    usd_rate: { rate: '2850.00', date: '2026-11-25' },
    client: { type: 'PM', nif: 'A9001255A', name: 'ABC SARL', address: 'BOULEVARD 30 JUIN', contact: '012345678', rccm: 'RCCM/2024/12' },
    items: [
      { code: '6001', name: 'EAU', type: 'BIE', tax_group: 'A', unit_price: '720.00', quantity: '5' },
      { code: '6003', name: 'SPÉCIAL', type: 'BIE', tax_group: 'B', unit_price: '500.00', quantity: '1.250',
        specific_tax: { per_unit: '75.00', description: 'accise' }, original_price: '1000.00', price_change: 'remise' },
      { code: '6004', name: 'JUS', type: 'SER', tax_group: 'C', unit_price: '930.00', quantity: '2', specific_tax: { percent: '10.00' } },
    ],
    tax_groups: [
      { group: 'A', rate: '0.00', ht: '3600.00', vat: '0.00', specific: '0.00', ttc: '3600.00' },
      { group: 'B', rate: '16.00', ht: '400.00', vat: '64.00', specific: '0.00', ttc: '464.00' },
    ],
    totals: { ht: '4000.00', vat: '64.00', specific: '0.00', ttc: '4064.00' },
    payments: [{ method: 'M', amount: '2000.00', currency: 'CDF' }, { method: 'E', amount: '1.00', currency: 'USD' }],
    comments: { A: 'Merci', H: 'À bientôt' },
    issued_at: '2026-11-25T14:03:11+01:00',
  };
}

const REQUIRED_ROOT = ['client_invoice_id', 'merchant_nif', 'outlet_id', 'pos_terminal_id', 'cashier_id', 'cashier_name',
  'invoice_number', 'type', 'price_mode', 'currency', 'items', 'tax_groups', 'totals', 'payments', 'issued_at'];
const ALL_KEYS = new Set([...REQUIRED_ROOT, 'reference', 'usd_rate', 'client', 'comments', 'code', 'name', 'tax_group',
  'unit_price', 'quantity', 'specific_tax', 'original_price', 'price_change', 'per_unit', 'percent', 'description',
  'nif', 'address', 'contact', 'rccm', 'rate', 'date', 'group', 'ht', 'vat', 'specific', 'ttc', 'method', 'amount',
  'nature', 'A', 'B', 'C', 'D', 'E', 'F', 'G', 'H']);

/** Keys whose deletion must be refused, by the container's own key. */
function requiredKeys(segs: Seg[]): string[] {
  const last = [...segs].reverse().find((s) => typeof s === 'string');
  if (segs.length === 0) return REQUIRED_ROOT;
  switch (last) {
    case 'items': return ['code', 'name', 'type', 'tax_group', 'unit_price', 'quantity'];
    case 'specific_tax': return ['per_unit', 'percent'];
    case 'client': return ['type'];
    case 'usd_rate': return ['rate', 'date'];
    case 'tax_groups': return ['group', 'rate', 'ht', 'vat', 'specific', 'ttc'];
    case 'totals': return ['ht', 'vat', 'specific', 'ttc'];
    case 'payments': return ['method', 'amount', 'currency'];
    default: return [];
  }
}

let deepArray: unknown = 'x';
let deepObject: unknown = 'x';
for (let i = 0; i < 20_000; i += 1) {
  deepArray = [deepArray];
  deepObject = { a: deepObject };
}
const HUGE = 'Z'.repeat(200_000);

// Values that are wrong wherever a string is expected.
const BAD_FOR_STRING: unknown[] = [42, -1, 0, Number.NaN, Number.POSITIVE_INFINITY, null, true, false, [], {}, ['x'],
  { a: 1 }, 1n, HUGE, 'x'.repeat(300), '', '   ', '\u0000', 'a\tb', '\uDC00', deepArray, deepObject];
const BAD_FOR_OBJECT: unknown[] = [42, Number.NaN, null, true, 'x', HUGE, [], [{}], deepArray, new Date(0), new Map()];
const BAD_FOR_ARRAY: unknown[] = [42, null, 'x', HUGE, {}, { 0: 'a', length: 1 }, deepObject, new Set([1])];
const BAD_AMOUNT = ['-5.00', '1e309', 'NaN', '5', '5.000', '0x10', '99999999999999999.00', '1000000000000.00', '1,00', '５.00', '.50', '-0.00'];
const BAD_QUANTITY = ['0', '-1', '1e3', '1.2345', '0.000', 'abc', '1,5', '1000000000', 'Infinity'];
const BAD_GROUP = ['Q', 'a', 'AA', 'Z', 'B ', '\u0041\u0301'];
const BAD_DATE = ['2026-02-30', '2026-13-01', '20261125', '2026-1-5', '2026-11-25T00:00:00Z', '0000-00-00'];
const BAD_DATETIME = ['2026-02-30T10:00:00+01:00', '2026-11-25', '2026-11-25T14:03:11', '25/11/2026 14:03', '2026-13-01T00:00:00Z',
  '2026-11-25T24:00:00+01:00', '2026-11-25T14:03:11+15:00', '2026-11-25T14:03:11+01'];

// The schema's containers by key: a bad value is chosen by what the field must be, not by what an earlier mutation
// left there (an object left at `tax_groups` must not be "replaced" by `[]`, which is a valid list).
const ARRAY_FIELDS = new Set<Seg>(['items', 'tax_groups', 'payments']);
const OBJECT_FIELDS = new Set<Seg>(['usd_rate', 'client', 'totals', 'comments', 'reference', 'specific_tax']);

function badValuesFor(segs: Seg[], value: unknown): unknown[] {
  const key = segs[segs.length - 1];
  if (segs.length === 1 && ARRAY_FIELDS.has(key)) return BAD_FOR_ARRAY;
  if (OBJECT_FIELDS.has(key)) return BAD_FOR_OBJECT;
  if (Array.isArray(value)) return BAD_FOR_ARRAY;
  if (typeof value === 'object' && value !== null) return BAD_FOR_OBJECT;
  const parent = segs[segs.length - 2];
  let special: unknown[] = [];
  if (['unit_price', 'original_price', 'per_unit', 'ht', 'vat', 'specific', 'ttc', 'amount', 'rate', 'percent'].includes(String(key))) special = BAD_AMOUNT;
  if (key === 'quantity') special = BAD_QUANTITY;
  if (key === 'tax_group' || key === 'group') special = BAD_GROUP;
  if (key === 'date' && parent === 'usd_rate') special = BAD_DATE;
  if (key === 'issued_at') special = BAD_DATETIME;
  if (key === 'merchant_nif' || key === 'nif') special = ['a9000011t', 'A900001T', 'AA000011T', 'A9000011TT', 'A-9000011'];
  if (['client_invoice_id', 'outlet_id', 'pos_terminal_id'].includes(String(key))) special = ['abc def', 'café', 'a/b', 'x\u00a0y'];
  return [...special, ...BAD_FOR_STRING];
}

/** Every location of the (possibly already mutated) draft, down to four levels. */
function locations(value: unknown, segs: Seg[] = [], out: Seg[][] = []): Seg[][] {
  out.push(segs);
  if (segs.length >= 4) return out;
  if (Array.isArray(value)) value.forEach((v, i) => locations(v, [...segs, i], out));
  else if (typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype) {
    for (const k of Object.keys(value)) locations((value as Json)[k], [...segs, k], out);
  }
  return out;
}

function get(root: unknown, segs: Seg[]): unknown {
  return segs.reduce<unknown>((cur, s) => (cur as Record<Seg, unknown>)[s], root);
}

type Mutation = { op: 'replace' | 'delete' | 'extra' | 'root'; at: number; pick: number; key: string };

const mutationArb: fc.Arbitrary<Mutation> = fc.record({
  op: fc.constantFrom<Mutation['op']>('replace', 'replace', 'replace', 'delete', 'extra', 'root'),
  at: fc.nat(),
  pick: fc.nat(),
  key: fc.oneof(fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'I', 'a.b', '[0]', ''), fc.string({ maxLength: 80 })),
});

/** Applies one mutation that makes the draft invalid; returns the new root (a root mutation replaces it). */
function apply(root: unknown, m: Mutation): unknown {
  if (m.op === 'root') return BAD_FOR_OBJECT[m.pick % BAD_FOR_OBJECT.length];
  const locs = locations(root);
  if (m.op === 'extra') {
    const objects = locs.filter((s) => {
      const v = get(root, s);
      return typeof v === 'object' && v !== null && !Array.isArray(v);
    });
    if (objects.length === 0) return BAD_FOR_ARRAY[m.pick % BAD_FOR_ARRAY.length];
    const target = get(root, objects[m.at % objects.length]) as Json;
    const key = ALL_KEYS.has(m.key) ? `x_${m.key}` : m.key;
    // defineProperty, not assignment: `o.__proto__ = v` would set the prototype instead of adding a key.
    Object.defineProperty(target, key, { value: 1, enumerable: true, configurable: true, writable: true });
    return root;
  }
  if (m.op === 'delete') {
    const deletable = locs.flatMap((s) => {
      const v = get(root, s);
      if (typeof v !== 'object' || v === null || Array.isArray(v)) return [];
      return requiredKeys(s).filter((k) => Object.hasOwn(v, k)).map((k) => [...s, k]);
    });
    if (deletable.length > 0) {
      const s = deletable[m.at % deletable.length];
      delete (get(root, s.slice(0, -1)) as Json)[s[s.length - 1] as string];
      return root;
    }
  }
  const targets = locs.filter((s) => s.length > 0);
  if (targets.length === 0) return BAD_FOR_OBJECT[m.pick % BAD_FOR_OBJECT.length];
  const s = targets[m.at % targets.length];
  const bad = badValuesFor(s, get(root, s));
  (get(root, s.slice(0, -1)) as Record<Seg, unknown>)[s[s.length - 1]] = bad[m.pick % bad.length];
  return root;
}

// Errors about something absent name where it should be; every other error names what is there.
const ABSENCE_CODES = new Set(['required', 'reference_required', 'usd_rate_required']);

function namesRealPlace(input: unknown, e: ValidationError): boolean {
  if (e.path === '') return true;
  const segs = parsePath(e.path);
  if (segs === null || segs.length === 0) return false;
  let cur = input;
  for (let i = 0; i < segs.length; i += 1) {
    const s = segs[i];
    const isLast = i === segs.length - 1;
    const isContainer = typeof s === 'number' ? Array.isArray(cur) : typeof cur === 'object' && cur !== null && !Array.isArray(cur);
    if (!isContainer) return false;
    if (!Object.hasOwn(cur as object, s)) return isLast && ABSENCE_CODES.has(e.code);
    cur = (cur as Record<Seg, unknown>)[s];
  }
  return true;
}

describe('malformed drafts', () => {
  it('the base draft is valid, so every refusal below comes from a mutation', () => {
    expect(validateDraft(valid())).toMatchObject({ ok: true });
  });

  it('refuses 10,000 random mutations without throwing; every error names a real place, in French and English', () => {
    let checked = 0;
    const seen = new Set<string>();
    fc.assert(
      fc.property(fc.array(mutationArb, { minLength: 1, maxLength: 3 }), (mutations) => {
        const input = mutations.reduce<unknown>((root, m) => apply(root, m), valid());
        const r = validateDraft(input);
        expect(r.ok).toBe(false);
        if (r.ok) return;
        expect(r.errors.length).toBeGreaterThan(0);
        for (const e of r.errors) {
          seen.add(e.code);
          expect(namesRealPlace(input, e), `${e.code} at "${e.path}" does not name a place of the input`).toBe(true);
          expect(typeof e.message.fr === 'string' && e.message.fr.length > 0).toBe(true);
          expect(typeof e.message.en === 'string' && e.message.en.length > 0).toBe(true);
          // A template with placeholders must have had them filled (a field name may itself hold braces).
          if (MESSAGES[e.code].fr.includes('{')) expect(e.message.fr).not.toBe(MESSAGES[e.code].fr);
        }
        checked += 1;
      }),
      { numRuns: 10_000 },
    );
    expect(checked).toBe(10_000);
    // The mutations reach every kind of shape error, not just one easy path.
    for (const code of ['required', 'unknown_field', 'expected_string', 'expected_object', 'expected_array', 'too_long',
      'empty', 'bad_text', 'bad_amount', 'amount_too_large', 'bad_quantity', 'not_positive', 'bad_rate', 'not_in_list',
      'bad_date', 'bad_datetime', 'bad_nif', 'bad_id']) {
      expect(seen, code).toContain(code);
    }
  });
});
