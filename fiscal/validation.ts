// validateDraft: untrusted input in, a typed InvoiceDraft or the full list of path errors out; it never throws.
import { validationError, type ValidationError } from './errors';
import { ID_RE, INVOICE_LIMITS, NIF_RE } from './invoice';
import { checkInvoiceRules } from './invoice-rules';
import { CURRENCIES, INVOICE_TYPES, PRICE_MODES, type InvoiceDraft } from './invoice-types';
import { readItems } from './validate-items';
import { readTaxGroups, readTotals, readPayments } from './validate-figures';
import { readClient, readComments, readReference, readUsdRate } from './validate-parties';
import {
  MAX_ERRORS, asObject, checkKeys, newCtx, readDateTime, readEnum, readText, type Ctx, type Obj,
} from './validate-primitives';

export type ValidationResult = { ok: true; draft: InvoiceDraft } | { ok: false; errors: ValidationError[] };

/** Every field a draft may hold, in the order of docs/CONTRACT.md. */
export const DRAFT_KEYS = [
  'client_invoice_id', 'merchant_nif', 'outlet_id', 'pos_terminal_id', 'cashier_id', 'cashier_name',
  'invoice_number', 'type', 'reference', 'price_mode', 'currency', 'usd_rate', 'client', 'items',
  'tax_groups', 'totals', 'payments', 'comments', 'issued_at',
] as const;

const idRule = { max: INVOICE_LIMITS.id, pattern: ID_RE, patternCode: 'bad_id', patternParams: { max: INVOICE_LIMITS.id } } as const;

function readShape(ctx: Ctx, root: Obj): InvoiceDraft | null {
  checkKeys(ctx, root, '', DRAFT_KEYS);
  const draft = {
    client_invoice_id: readText(ctx, root, 'client_invoice_id', '', true, idRule),
    merchant_nif: readText(ctx, root, 'merchant_nif', '', true, { max: 32, pattern: NIF_RE, patternCode: 'bad_nif' }),
    outlet_id: readText(ctx, root, 'outlet_id', '', true, idRule),
    pos_terminal_id: readText(ctx, root, 'pos_terminal_id', '', true, idRule),
    cashier_id: readText(ctx, root, 'cashier_id', '', true, { max: INVOICE_LIMITS.cashierId }),
    cashier_name: readText(ctx, root, 'cashier_name', '', true, { max: INVOICE_LIMITS.cashierName }),
    invoice_number: readText(ctx, root, 'invoice_number', '', true, { max: INVOICE_LIMITS.invoiceNumber }),
    type: readEnum(ctx, root, 'type', '', INVOICE_TYPES, true),
    reference: readReference(ctx, root),
    price_mode: readEnum(ctx, root, 'price_mode', '', PRICE_MODES, true),
    currency: readEnum(ctx, root, 'currency', '', CURRENCIES, true),
    usd_rate: readUsdRate(ctx, root),
    client: readClient(ctx, root),
    items: ctx.isFull ? null : readItems(ctx, root),
    tax_groups: ctx.isFull ? null : readTaxGroups(ctx, root),
    totals: readTotals(ctx, root),
    payments: ctx.isFull ? null : readPayments(ctx, root),
    comments: readComments(ctx, root),
    issued_at: readDateTime(ctx, root, 'issued_at', ''),
  };
  if (ctx.errors.length > 0) return null;
  // No error was recorded, so every required field is present and no optional one is null; the result
  // is rebuilt from scratch (fresh objects, known keys only), never the caller's objects.
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(draft)) if (value !== undefined && value !== null) out[key] = value;
  return out as InvoiceDraft;
}

function validate(input: unknown): ValidationResult {
  const ctx = newCtx();
  const root = asObject(ctx, input, '');
  if (root === null) return { ok: false, errors: ctx.errors };
  const draft = readShape(ctx, root);
  if (draft === null) return { ok: false, errors: ctx.errors };
  const ruleErrors = checkInvoiceRules(draft);
  if (ruleErrors.length === 0) return { ok: true, draft };
  if (ruleErrors.length <= MAX_ERRORS) return { ok: false, errors: ruleErrors };
  return {
    ok: false,
    errors: [...ruleErrors.slice(0, MAX_ERRORS), validationError('', 'too_many_errors', { max: MAX_ERRORS })],
  };
}

/**
 * Checks an untrusted draft (parsed JSON or anything else): shape, types, limits, then the invoice rules.
 * Never throws: input that defeats the reader itself (a Proxy or getter that throws, say) is refused
 * with code `internal` at the root.
 */
export function validateDraft(input: unknown): ValidationResult {
  try {
    return validate(input);
  } catch {
    return { ok: false, errors: [validationError('', 'internal')] };
  }
}
