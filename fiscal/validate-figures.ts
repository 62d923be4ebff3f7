// Shape of the draft's figures: per-group lines, totals and payments (35h). Their values are checked elsewhere.
import { pathIndex, pathKey } from './errors';
import { INVOICE_LIMITS } from './invoice';
import {
  CURRENCIES, PAYMENT_METHODS, TAX_GROUP_LABELS,
  type Payment, type TaxGroupLine, type Totals,
} from './invoice-types';
import {
  asArray, asObject, checkKeys, own, readAmount, readEnum, readRate, report, type Ctx, type Obj,
} from './validate-primitives';

const TAX_GROUP_KEYS = ['group', 'rate', 'ht', 'vat', 'specific', 'ttc'] as const;
const TOTALS_KEYS = ['ht', 'vat', 'specific', 'ttc'] as const;
const PAYMENT_KEYS = ['method', 'amount', 'currency'] as const;

/** `tax_groups`: at most one line per group A–P. */
export function readTaxGroups(ctx: Ctx, root: Obj): TaxGroupLine[] | null {
  const list = asArray(ctx, own(root, 'tax_groups'), 'tax_groups', 0, INVOICE_LIMITS.taxGroups);
  if (list === null) return null;
  const before = ctx.errors.length;
  const out: TaxGroupLine[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < list.length && !ctx.isFull; i += 1) {
    const path = pathIndex('tax_groups', i);
    const obj = asObject(ctx, list[i], path);
    if (obj === null) continue;
    checkKeys(ctx, obj, path, TAX_GROUP_KEYS);
    const group = readEnum(ctx, obj, 'group', path, TAX_GROUP_LABELS, true);
    const rate = readRate(ctx, obj, 'rate', path, true);
    const [ht, vat, specific, ttc] = TOTALS_KEYS.map((k) => readAmount(ctx, obj, k, path, true));
    if (group !== undefined) {
      if (seen.has(group)) report(ctx, pathKey(path, 'group'), 'duplicate_group', { group });
      seen.add(group);
    }
    if (group && rate && ht && vat && specific && ttc) out.push({ group, rate, ht, vat, specific, ttc });
  }
  return ctx.errors.length > before || ctx.isFull ? null : out;
}

export function readTotals(ctx: Ctx, root: Obj): Totals | null {
  const obj = asObject(ctx, own(root, 'totals'), 'totals');
  if (obj === null) return null;
  const before = ctx.errors.length;
  checkKeys(ctx, obj, 'totals', TOTALS_KEYS);
  const [ht, vat, specific, ttc] = TOTALS_KEYS.map((k) => readAmount(ctx, obj, k, 'totals', true));
  if (ctx.errors.length > before || !ht || !vat || !specific || !ttc) return null;
  return { ht, vat, specific, ttc };
}

/** `payments`: one or more, each strictly positive, in CDF or USD. */
export function readPayments(ctx: Ctx, root: Obj): Payment[] | null {
  const list = asArray(ctx, own(root, 'payments'), 'payments', 1, INVOICE_LIMITS.payments);
  if (list === null) return null;
  const before = ctx.errors.length;
  const out: Payment[] = [];
  for (let i = 0; i < list.length && !ctx.isFull; i += 1) {
    const path = pathIndex('payments', i);
    const obj = asObject(ctx, list[i], path);
    if (obj === null) continue;
    checkKeys(ctx, obj, path, PAYMENT_KEYS);
    const method = readEnum(ctx, obj, 'method', path, PAYMENT_METHODS, true);
    const amount = readAmount(ctx, obj, 'amount', path, true, true);
    const currency = readEnum(ctx, obj, 'currency', path, CURRENCIES, true);
    if (method && amount && currency) out.push({ method, amount, currency });
  }
  return ctx.errors.length > before || ctx.isFull ? null : out;
}
