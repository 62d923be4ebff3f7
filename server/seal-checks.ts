// Everything a draft must pass before it may take a fiscal number: the kernel's validation, the key's scope,
// the merchant's NIF, the till's clock, and the kernel's recomputation of the figures.
import { checkDraftFigures, recomputedDraft } from '../fiscal/invoice-figures';
import type { InvoiceDraft } from '../fiscal/invoice-types';
import { instantToEpochMs, toKinshasaIso } from '../fiscal/dgi-time';
import { taxTableOn, TaxTableError } from '../fiscal/tax-groups';
import { validateDraft } from '../fiscal/validation';
import type { ValidationError } from '../fiscal/errors';
import type { Principal } from './auth';
import { forbidden, invalid, type FieldError } from './problem';
import type { Merchant, Outlet } from './store/records';
import type { Directory } from './directory';

export type CheckedDraft = { draft: InvoiceDraft; outlet: Outlet; merchant: Merchant; issuedMs: number };

const toFieldErrors = (errors: readonly ValidationError[]): FieldError[] =>
  errors.map((e) => ({ path: e.path, message: e.message.en, code: e.code }));

/** Checks a draft; throws ApiError 422 (naming paths) or 403, and stores nothing. */
export async function checkDraft(
  directory: Directory,
  principal: Principal,
  body: unknown,
  now: Date,
  maxFutureSkewMs: number,
): Promise<CheckedDraft> {
  const result = validateDraft(body);
  if (!result.ok) throw invalid('The draft is not a valid invoice.', toFieldErrors(result.errors));
  const draft = result.draft;

  if (principal.outletId !== draft.outlet_id) {
    throw forbidden(`This key seals for outlet ${principal.outletId ?? '(none)'} only; the draft names outlet ${draft.outlet_id}.`);
  }
  const outlet = await directory.outlet(draft.outlet_id);
  if (!outlet || outlet.merchantId !== principal.merchantId) throw forbidden('The outlet of this draft is not one of this key.');
  const merchant = await directory.merchant(outlet.merchantId);
  if (!merchant) throw forbidden('The merchant of this key no longer exists.');
  if (draft.merchant_nif !== merchant.nif) {
    throw invalid('The draft names another merchant.', [
      { path: 'merchant_nif', code: 'nif_mismatch', message: `The outlet belongs to the taxpayer ${merchant.nif}, not ${draft.merchant_nif}.` },
    ]);
  }

  const issuedMs = instantToEpochMs(draft.issued_at);
  if (issuedMs - now.getTime() > maxFutureSkewMs) {
    throw invalid('The till clock is ahead of the trusted time.', [
      {
        path: 'issued_at',
        code: 'issued_in_future',
        message: `issued_at is ${Math.round((issuedMs - now.getTime()) / 1000)} s ahead of the server's clock (at most ${maxFutureSkewMs / 1000} s allowed); check the till's clock.`,
      },
    ]);
  }

  // The tax table in force on the sale's own day (Kinshasa date of issued_at): a draft that waited in a till's
  // queue across a rate change keeps the rates it was rung up with.
  let table;
  try {
    table = taxTableOn(toKinshasaIso(draft.issued_at).slice(0, 10));
  } catch (err) {
    if (!(err instanceof TaxTableError)) throw err;
    throw invalid('No tax table applies to this date.', [{ path: 'issued_at', code: 'no_tax_table', message: err.message }]);
  }
  const figureErrors = checkDraftFigures(draft, table);
  if (figureErrors.length > 0) {
    throw invalid("The draft's tax groups or totals differ from the server's computation.", toFieldErrors(figureErrors));
  }
  // The sealed invoice carries the kernel's own figures (every group, letter order), not the client's spelling.
  const recomputed = recomputedDraft(draft, table) ?? draft;
  return { draft: recomputed, outlet, merchant, issuedMs };
}
