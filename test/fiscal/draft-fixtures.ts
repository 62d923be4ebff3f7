// Shared fixtures of the draft validation tests: the DGI sample invoice as a draft, and helpers to bend one field.
import { expect } from 'vitest';
import { validateDraft, type ValidationError } from '../../fiscal';

export type Json = Record<string, unknown>;

// The DGI sample invoice (Protocoles SFE-MCF v1.0, §2): EAU 5 x 720 in A, LAIT GR 464 in B, 4.064 cash.
export function sample(): Json {
  return {
    client_invoice_id: '0193a5c4-7e1f-7c3a-9d2e-4b5a6c7d8e9f',
    merchant_nif: 'A9000011T',
    outlet_id: 'outlet-1',
    pos_terminal_id: 'AB01710090',
    cashier_id: '1123',
    cashier_name: 'JACQUES',
    invoice_number: '345/2024',
    type: 'FV',
    price_mode: 'TTC',
    currency: 'CDF',
    client: { type: 'PP', nif: 'A9001255A', name: 'ABC SARL' },
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
  };
}

/** The sample with `path` (dotted, numeric segments index arrays) set to `value`, or deleted when undefined. */
export function withField(path: string, value: unknown): Json {
  const draft = sample();
  const segs = path.split('.');
  let cur = draft as Record<string, unknown>;
  for (const s of segs.slice(0, -1)) cur = cur[s] as Record<string, unknown>;
  const last = segs[segs.length - 1];
  if (value === undefined) delete cur[last];
  else cur[last] = value;
  return draft;
}

export function errorsOf(input: unknown): ValidationError[] {
  const r = validateDraft(input);
  return r.ok ? [] : r.errors;
}

/** Asserts the input is refused with exactly one error, at `path` with `code`. */
export function expectOnly(input: unknown, path: string, code: string): void {
  const errors = errorsOf(input);
  expect(errors.map((e) => [e.path, e.code])).toEqual([[path, code]]);
  expect(errors[0].message.fr.length).toBeGreaterThan(0);
  expect(errors[0].message.en.length).toBeGreaterThan(0);
}

