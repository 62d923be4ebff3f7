// checkDraftFigures: the draft's tax_groups and totals against the kernel's own computation (totals.ts).
import { pathIndex, pathKey, validationError, type ValidationError } from './errors';
import type { InvoiceDraft, TaxGroupLine } from './invoice-types';
import { computeTotals, toWireFigures, type TotalsIssue, type WireTaxGroup } from './totals';
import type { TaxTable } from './tax-groups';

const AMOUNT_FIELDS = ['rate', 'ht', 'vat', 'specific', 'ttc'] as const;
const TOTAL_FIELDS = ['ht', 'vat', 'specific', 'ttc'] as const;

function issueToError(issue: TotalsIssue, table: TaxTable, draft: InvoiceDraft): ValidationError {
  if (issue.code === 'UNKNOWN_TAX_GROUP') {
    const m = /^items\[(\d+)\]/.exec(issue.path);
    const group = m ? draft.items[Number(m[1])]?.tax_group ?? '?' : '?';
    return validationError(issue.path, 'group_not_in_table', { group, table: table.id });
  }
  // After validateDraft only an unknown group can fail; the rest is kept readable, not silently dropped.
  return validationError(issue.path, 'figures_unavailable', { reason: issue.message });
}

/**
 * Every place where the draft's `tax_groups` or `totals` differ from what the kernel computes with `table`
 * (the server refuses such a draft). Lines are matched by group, in any order: the sealed invoice carries
 * the kernel's own lines in letter order. A group that carries no VAT and no specific tax may be left out
 * (CONTRACT.md's own example lists only B beside items in A); every other missing group is reported on
 * `tax_groups`, an extra one on its line, a differing figure on its field; `totals` must match exactly.
 * An empty list means the figures agree. The draft should have passed validateDraft; the table is the one in
 * force on the invoice's date, or a paired device's rates.
 */
export function checkDraftFigures(draft: InvoiceDraft, table: TaxTable): ValidationError[] {
  const result = computeTotals(draft, table);
  if (!result.ok) return result.issues.map((issue) => issueToError(issue, table, draft));
  const wire = toWireFigures(result.figures);
  const errors: ValidationError[] = [];

  const expected = new Map<string, WireTaxGroup>(wire.tax_groups.map((line) => [line.group, line]));
  const given = new Map<string, number>(draft.tax_groups.map((line, i) => [line.group, i]));
  for (const line of wire.tax_groups) {
    const mayBeOmitted = line.vat === '0.00' && line.specific === '0.00';
    if (!given.has(line.group) && !mayBeOmitted) errors.push(validationError('tax_groups', 'tax_group_missing', { group: line.group }));
  }
  draft.tax_groups.forEach((line: TaxGroupLine, i) => {
    const path = pathIndex('tax_groups', i);
    const want = expected.get(line.group);
    if (want === undefined) {
      errors.push(validationError(pathKey(path, 'group'), 'tax_group_extra', { group: line.group }));
      return;
    }
    for (const field of AMOUNT_FIELDS) {
      if (line[field] !== want[field]) {
        errors.push(validationError(pathKey(path, field), 'figure_mismatch', { expected: want[field], actual: line[field] }));
      }
    }
  });

  for (const field of TOTAL_FIELDS) {
    if (draft.totals[field] !== wire.totals[field]) {
      errors.push(validationError(pathKey('totals', field), 'figure_mismatch', { expected: wire.totals[field], actual: draft.totals[field] }));
    }
  }
  return errors;
}

/**
 * The draft as the kernel computes it: its own `tax_groups` (every group present, letter order) and `totals`.
 * What a sealed invoice carries (CONTRACT.md: "SEALED is the draft as the server recomputed it"). Call it after
 * checkDraftFigures found no difference; it returns null when the figures cannot be computed at all.
 */
export function recomputedDraft(draft: InvoiceDraft, table: TaxTable): InvoiceDraft | null {
  const result = computeTotals(draft, table);
  if (!result.ok) return null;
  const wire = toWireFigures(result.figures);
  return { ...draft, tax_groups: wire.tax_groups.map((line) => ({ ...line })), totals: { ...wire.totals } };
}
