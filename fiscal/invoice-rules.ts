// Invoice rules across fields (DGI protocol C0h/C3h/31h/36h and FACNO tax groups), run on a well-shaped draft.
import { pathIndex, pathKey, validationError, type ValidationError } from './errors';
import { DGI_CODE_RE, HORS_CHAMP_CODE, RRR_REFERENCE, isCreditType, isExportType, usesUsd } from './invoice';
import type { InvoiceDraft, InvoiceItem, TaxGroupLabel } from './invoice-types';

/**
 * Credit notes (FA, EA) must say what they credit, sales must not (C0h: RR and RN are "obligatoire en cas de
 * facture d'avoir" and only sent with RT). RN is the original's CODE DEF/DGI, or `RRR` "en cas de type RRR":
 * we read that as "a rebate (RRR) always carries the literal RRR, and only a rebate does".
 */
export function checkReference(draft: InvoiceDraft): ValidationError[] {
  const ref = draft.reference;
  if (!isCreditType(draft.type)) {
    return ref === undefined ? [] : [validationError('reference', 'reference_forbidden', { type: draft.type })];
  }
  if (ref === undefined) return [validationError('reference', 'reference_required', { type: draft.type })];
  if (ref.nature === 'RRR') {
    return ref.code === RRR_REFERENCE ? [] : [validationError('reference.code', 'rrr_code_required')];
  }
  if (ref.code === RRR_REFERENCE) return [validationError('reference.code', 'rrr_code_wrong_nature')];
  return DGI_CODE_RE.test(ref.code) ? [] : [validationError('reference.code', 'bad_dgi_code')];
}

/**
 * Group E is "Exportation et opérations assimilées" (FACNO v1.2). Our reading: an export invoice (EV, ET,
 * and its credit note EA) is the document of an export operation, so every one of its lines is group E;
 * and group E, VAT at 0 %, is never used on a domestic invoice, where it would zero the VAT of a local sale.
 */
function checkExportGroups(draft: InvoiceDraft, item: InvoiceItem, path: string): ValidationError[] {
  const isExport = isExportType(draft.type);
  if (isExport && item.tax_group !== 'E') {
    return [validationError(pathKey(path, 'tax_group'), 'export_needs_group_e', { type: draft.type })];
  }
  if (!isExport && item.tax_group === 'E') return [validationError(pathKey(path, 'tax_group'), 'group_e_export_only')];
  return [];
}

/**
 * Out-of-scope operations are group A with the item code `HORS CHAMP` (FACNO v1.2, group A). A code that
 * reads as "hors champ" in another spelling is refused too: the DGI looks for the exact value.
 */
function checkHorsChamp(item: InvoiceItem, path: string): ValidationError[] {
  const normalized = item.code.trim().replace(/\s+/g, ' ').toUpperCase();
  if (normalized !== HORS_CHAMP_CODE) return [];
  if (item.code !== HORS_CHAMP_CODE) return [validationError(pathKey(path, 'code'), 'hors_champ_spelling')];
  return item.tax_group === 'A' ? [] : [validationError(pathKey(path, 'tax_group'), 'hors_champ_group_a')];
}

/** Groups whose lines are taxes themselves: L (levies outside the VAT base) and N (the specific VAT of M). */
const TAX_ONLY_GROUPS: readonly TaxGroupLabel[] = ['L', 'N'];

/**
 * Item type TAX ("taxes et redevances", 31h) goes with groups L and N only, and those groups carry only TAX
 * lines. A levy inside the VAT base is not a line of its own: FACNO v1.2 says it is entered in the item's
 * specific-tax field, which is why TAX in B, C, O… is refused.
 */
function checkTaxItems(item: InvoiceItem, path: string): ValidationError[] {
  const isTaxGroup = TAX_ONLY_GROUPS.includes(item.tax_group);
  if (item.type === 'TAX' && !isTaxGroup) {
    return [validationError(pathKey(path, 'type'), 'tax_item_group', { group: item.tax_group })];
  }
  if (item.type !== 'TAX' && isTaxGroup) {
    return [validationError(pathKey(path, 'type'), 'group_needs_tax_item', { group: item.tax_group })];
  }
  return [];
}

/** 31h sends PRORIG and PRDESC together, or neither. */
function checkPriceChange(item: InvoiceItem, path: string): ValidationError[] {
  if (item.original_price !== undefined && item.price_change === undefined) {
    return [validationError(pathKey(path, 'price_change'), 'price_change_pair')];
  }
  if (item.original_price === undefined && item.price_change !== undefined) {
    return [validationError(pathKey(path, 'original_price'), 'price_change_pair')];
  }
  return [];
}

/**
 * Group D is the derogation regime of diplomatic missions and international organisations (FACNO v1.2):
 * the buyer is therefore an AO client, and the seller records the DGI derogation document's reference in
 * comment line A. Group N only exists beside an M sale ("TVA spécifique liée aux ventes … sous le groupe M").
 */
function checkGroupCompanions(draft: InvoiceDraft): ValidationError[] {
  const errors: ValidationError[] = [];
  const firstD = draft.items.findIndex((it) => it.tax_group === 'D');
  if (firstD >= 0) {
    const path = pathKey(pathIndex('items', firstD), 'tax_group');
    if (draft.client?.type !== 'AO') errors.push(validationError(draft.client ? 'client.type' : path, 'group_d_needs_ao'));
    if (draft.comments?.A === undefined) errors.push(validationError(path, 'group_d_needs_derogation'));
  }
  const firstN = draft.items.findIndex((it) => it.tax_group === 'N');
  if (firstN >= 0 && !draft.items.some((it) => it.tax_group === 'M')) {
    errors.push(validationError(pathKey(pathIndex('items', firstN), 'tax_group'), 'group_n_needs_m'));
  }
  return errors;
}

/**
 * A company (PM) is always registered and identified by its NIF, the number its VAT deduction rests on,
 * so a PM client block without one is refused. For the other types the NIF stays optional (C3h).
 */
export function checkClient(draft: InvoiceDraft): ValidationError[] {
  if (draft.client?.type === 'PM' && draft.client.nif === undefined) {
    return [validationError('client.nif', 'client_nif_required')];
  }
  return [];
}

/** A USD figure needs the rate of the day (C0h CRT/CDT) to be converted and printed. */
export function checkUsdRate(draft: InvoiceDraft): ValidationError[] {
  return usesUsd(draft) && draft.usd_rate === undefined ? [validationError('usd_rate', 'usd_rate_required')] : [];
}

/** Every rule; the errors are in draft order, each at the field to correct. */
export function checkInvoiceRules(draft: InvoiceDraft): ValidationError[] {
  const errors: ValidationError[] = [...checkReference(draft), ...checkUsdRate(draft), ...checkClient(draft)];
  draft.items.forEach((item, i) => {
    const path = pathIndex('items', i);
    errors.push(
      ...checkExportGroups(draft, item, path),
      ...checkHorsChamp(item, path),
      ...checkTaxItems(item, path),
      ...checkPriceChange(item, path),
    );
  });
  errors.push(...checkGroupCompanions(draft));
  return errors;
}
