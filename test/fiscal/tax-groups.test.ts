// Tests of the effective-dated tax-group table: which table is in force when, each group's rate and kind, device rates.
import { describe, it, expect } from 'vitest';
import {
  TAX_GROUP_LETTERS,
  TABLE_14_GROUPS,
  TABLE_2026,
  TaxTableError,
  findTaxGroup,
  isVatCharged,
  taxGroup,
  taxTableOn,
  withDeviceRates,
  type Letter,
} from '../../fiscal/tax-groups';

const letters = (t: { groups: readonly { letter: string }[] }) => t.groups.map((x) => x.letter).join('');

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return e instanceof TaxTableError ? e.code : 'not a TaxTableError';
  }
  return undefined;
}

describe('taxTableOn', () => {
  it('gives the 16 groups A..P from 2026-01-01 (loi de finances 2026)', () => {
    expect(letters(taxTableOn('2026-01-01'))).toBe('ABCDEFGHIJKLMNOP');
    expect(taxTableOn('2026-02-15').id).toBe('FACNO-2026');
    expect(taxTableOn('2030-12-31').id).toBe('FACNO-2026');
  });

  it('gives the 14 groups A..N up to 2025-12-31, where O and P do not exist', () => {
    const t = taxTableOn('2025-12-31');
    expect(letters(t)).toBe('ABCDEFGHIJKLMN');
    expect(findTaxGroup(t, 'O')).toBeUndefined();
    expect(findTaxGroup(t, 'P')).toBeUndefined();
    expect(codeOf(() => taxGroup(t, 'O'))).toBe('UNKNOWN_TAX_GROUP');
  });

  it('has C and G at 8 % before 2026 and at 5 % from 2026', () => {
    expect(taxGroup(taxTableOn('2025-12-31'), 'C').rate).toBe(800n);
    expect(taxGroup(taxTableOn('2025-12-31'), 'G').rate).toBe(800n);
    expect(taxGroup(taxTableOn('2026-01-01'), 'C').rate).toBe(500n);
    expect(taxGroup(taxTableOn('2026-01-01'), 'G').rate).toBe(500n);
  });

  it('refuses dates before the regime and malformed dates with typed errors', () => {
    expect(codeOf(() => taxTableOn('2023-10-22'))).toBe('NO_TAX_TABLE');
    expect(taxTableOn('2023-10-23').id).toBe('FACNO-14');
    for (const bad of ['2026-02-30', '2026-13-01', '2026-1-01', '20260101', '2026-01-01T00:00:00Z', '']) {
      expect(codeOf(() => taxTableOn(bad)), bad).toBe('BAD_DATE');
    }
    expect(taxTableOn('2024-02-29').id).toBe('FACNO-14');
    expect(codeOf(() => taxTableOn('2025-02-29'))).toBe('BAD_DATE');
  });

  it('lists every letter A..P once, in protocol order', () => {
    expect(TAX_GROUP_LETTERS.join('')).toBe('ABCDEFGHIJKLMNOP');
  });
});

describe('the 2026 groups (FACNO_Groupes_de_Taxation_v1.2)', () => {
  const t = TABLE_2026;
  const expected: [Letter, bigint, string][] = [
    ['A', 0n, 'no'], ['B', 1600n, 'yes'], ['C', 500n, 'yes'], ['D', 0n, 'no'], ['E', 0n, 'no'],
    ['F', 1600n, 'by-credit'], ['G', 500n, 'by-credit'], ['H', 0n, 'no'], ['I', 0n, 'no'], ['J', 0n, 'no'],
    ['K', 0n, 'no'], ['L', 0n, 'no'], ['M', 0n, 'specific'], ['N', 0n, 'specific'], ['O', 100n, 'yes'],
    ['P', 100n, 'by-credit'],
  ];
  for (const [letter, rate, kind] of expected) {
    it(`group ${letter}: invoiced rate ${rate} and VAT kind ${kind}`, () => {
      const grp = taxGroup(t, letter);
      expect(grp.rate).toBe(rate);
      expect(grp.vatInvoiced).toBe(kind);
      expect(grp.label.fr.length).toBeGreaterThan(0);
      expect(grp.label.en.length).toBeGreaterThan(0);
    });
  }

  it('keeps D at 16 % borne by the State, not invoiced, with its comment-A rule', () => {
    const d = taxGroup(t, 'D');
    expect(d.stateBorneRate).toBe(1600n);
    expect(isVatCharged(d)).toBe(false);
    expect(d.flags).toContain('derogation-ref-in-comment-a');
  });

  it('flags A for the "HORS CHAMP" item code and F/G/P as paid by tax credit', () => {
    expect(taxGroup(t, 'A').flags).toContain('out-of-scope-needs-hors-champ-code');
    for (const l of ['F', 'G', 'P'] as const) expect(taxGroup(t, l).flags).toContain('tax-credit');
    expect(taxGroup(TABLE_14_GROUPS, 'A').flags).not.toContain('out-of-scope-needs-hors-champ-code');
  });

  it('charges VAT exactly in B, C, F, G, O, P', () => {
    expect(t.groups.filter(isVatCharged).map((x) => x.letter).join('')).toBe('BCFGOP');
  });
});

describe('withDeviceRates (C1h TAXA..TAXP)', () => {
  it('overrides rates in a new table and leaves the original untouched', () => {
    const dev = withDeviceRates(TABLE_2026, { C: 800n, G: 800n });
    expect(taxGroup(dev, 'C').rate).toBe(800n);
    expect(taxGroup(dev, 'G').rate).toBe(800n);
    expect(taxGroup(dev, 'B').rate).toBe(1600n);
    expect(taxGroup(TABLE_2026, 'C').rate).toBe(500n);
    expect(dev).not.toBe(TABLE_2026);
    expect(dev.id).toBe('FACNO-2026+device');
  });

  it('reads the protocol C1h example (a 2025 device reporting all 16 slots) onto the 14-group table', () => {
    const c1h = '0.00,16.00,8.00,0.00,0.00,16.00,8.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00'.split(',');
    const rates = Object.fromEntries(TAX_GROUP_LETTERS.map((l, i) => [l, BigInt((c1h[i] ?? '').replace('.', ''))]));
    const dev = withDeviceRates(TABLE_14_GROUPS, rates);
    expect(letters(dev)).toBe('ABCDEFGHIJKLMN'); // O and P stay absent
    expect(dev.groups.map((x) => x.rate)).toEqual(TABLE_14_GROUPS.groups.map((x) => x.rate));
  });

  it('keeps the kind of a group: a device rate on D does not make its VAT invoiced', () => {
    const dev = withDeviceRates(TABLE_2026, { D: 1600n });
    expect(taxGroup(dev, 'D').rate).toBe(1600n);
    expect(isVatCharged(taxGroup(dev, 'D'))).toBe(false);
  });

  it('refuses a negative or absurd device rate', () => {
    expect(codeOf(() => withDeviceRates(TABLE_2026, { B: -1n }))).toBe('BAD_DEVICE_RATE');
    expect(codeOf(() => withDeviceRates(TABLE_2026, { B: 10000n }))).toBe('BAD_DEVICE_RATE');
  });
});
