// Shape of the invoice lines: each item's fields, their types and the protocol's limits (command 31h).
import { pathIndex, pathKey } from './errors';
import { INVOICE_LIMITS } from './invoice';
import { ITEM_TYPES, TAX_GROUP_LABELS, type InvoiceItem, type SpecificTax } from './invoice-types';
import {
  asArray, asObject, checkKeys, own, readAmount, readEnum, readQuantity, readRate, readText, report,
  type Ctx, type Obj,
} from './validate-primitives';

const ITEM_KEYS = [
  'code', 'name', 'type', 'tax_group', 'unit_price', 'quantity', 'specific_tax', 'original_price', 'price_change',
] as const;
const SPECIFIC_TAX_KEYS = ['per_unit', 'percent', 'description'] as const;

/** The `items` array: 1 to 1000 lines. Returns null when any line is malformed. */
export function readItems(ctx: Ctx, root: Obj): InvoiceItem[] | null {
  const list = asArray(ctx, own(root, 'items'), 'items', 1, INVOICE_LIMITS.items);
  if (list === null) return null;
  const out: InvoiceItem[] = [];
  let isComplete = true;
  for (let i = 0; i < list.length && !ctx.isFull; i += 1) {
    const item = readItem(ctx, list[i], pathIndex('items', i));
    if (item === null) isComplete = false;
    else out.push(item);
  }
  return isComplete && !ctx.isFull ? out : null;
}

function readItem(ctx: Ctx, value: unknown, path: string): InvoiceItem | null {
  const obj = asObject(ctx, value, path);
  if (obj === null) return null;
  const before = ctx.errors.length;
  checkKeys(ctx, obj, path, ITEM_KEYS);
  const code = readText(ctx, obj, 'code', path, true, { max: INVOICE_LIMITS.itemCode });
  const name = readText(ctx, obj, 'name', path, true, { max: INVOICE_LIMITS.itemNameBytes, maxBytes: INVOICE_LIMITS.itemNameBytes });
  const type = readEnum(ctx, obj, 'type', path, ITEM_TYPES, true);
  const taxGroup = readEnum(ctx, obj, 'tax_group', path, TAX_GROUP_LABELS, true);
  const unitPrice = readAmount(ctx, obj, 'unit_price', path, true);
  const quantity = readQuantity(ctx, obj, 'quantity', path);
  const specificTax = readSpecificTax(ctx, obj, path);
  const originalPrice = readAmount(ctx, obj, 'original_price', path, false);
  const priceChange = readText(ctx, obj, 'price_change', path, false, { max: INVOICE_LIMITS.priceChange });
  if (ctx.errors.length > before) return null;
  // No error means every required field was read; the casts only narrow `undefined` away.
  const item: InvoiceItem = {
    code: code as string,
    name: name as string,
    type: type as InvoiceItem['type'],
    tax_group: taxGroup as InvoiceItem['tax_group'],
    unit_price: unitPrice as string,
    quantity: quantity as string,
  };
  if (specificTax !== undefined) item.specific_tax = specificTax;
  if (originalPrice !== undefined) item.original_price = originalPrice;
  if (priceChange !== undefined) item.price_change = priceChange;
  return item;
}

/** `specific_tax`: exactly one of `per_unit` (an amount) or `percent` (a rate), and an optional description. */
function readSpecificTax(ctx: Ctx, item: Obj, base: string): SpecificTax | undefined {
  const value = own(item, 'specific_tax');
  if (value === undefined) return undefined;
  const path = pathKey(base, 'specific_tax');
  const obj = asObject(ctx, value, path);
  if (obj === null) return undefined;
  const before = ctx.errors.length;
  checkKeys(ctx, obj, path, SPECIFIC_TAX_KEYS);
  const hasPerUnit = Object.hasOwn(obj, 'per_unit');
  const hasPercent = Object.hasOwn(obj, 'percent');
  if (hasPerUnit && hasPercent) report(ctx, pathKey(path, 'percent'), 'exclusive_fields', { fields: 'per_unit, percent' });
  if (!hasPerUnit && !hasPercent) report(ctx, pathKey(path, 'per_unit'), 'required');
  const perUnit = hasPerUnit ? readAmount(ctx, obj, 'per_unit', path, true) : undefined;
  const percent = hasPercent && !hasPerUnit ? readRate(ctx, obj, 'percent', path, true) : undefined;
  const description = readText(ctx, obj, 'description', path, false, { max: INVOICE_LIMITS.specificTaxDescription });
  if (ctx.errors.length > before) return undefined;
  const tax: SpecificTax = perUnit !== undefined ? { per_unit: perUnit } : { percent: percent as string };
  if (description !== undefined) tax.description = description;
  return tax;
}
