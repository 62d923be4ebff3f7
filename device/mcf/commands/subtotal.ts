// 33h: the device's running totals of the open invoice (35 fields: MV, MVA..MVP, MTA..MTP, MTS, MCUR).
import { TAX_GROUP_LABELS, type TaxGroupLabel } from '../../../fiscal/invoice-types';
import type { Minor } from '../../../fiscal/money';
import { formatDeviceAmount, parseDeviceAmount } from '../numbers';
import { decodingAnswer, fields } from './common';

export type SubtotalAnswer = {
  /** MV, the total recorded. */
  total: Minor;
  /** MVA..MVP: per group, with VAT and T.S. */
  groupTotals: Record<TaxGroupLabel, Minor>;
  /** MTA..MTP: VAT per group. */
  groupVat: Record<TaxGroupLabel, Minor>;
  /** MTS, total specific tax. */
  specificTax: Minor;
  /** MCUR, the USD equivalent when a rate was given at C0h, else 0. */
  usdTotal: Minor;
};

export const SUBTOTAL_FIELDS = 1 + 2 * TAX_GROUP_LABELS.length + 2;

/** Zero as "0" and other amounts with two decimals, the way the spec's example answer is written. */
function amount(v: Minor): string {
  return v === 0n ? '0' : formatDeviceAmount(v);
}

export function encodeSubtotalAnswer(s: SubtotalAnswer): string {
  return [
    s.total,
    ...TAX_GROUP_LABELS.map((g) => s.groupTotals[g]),
    ...TAX_GROUP_LABELS.map((g) => s.groupVat[g]),
    s.specificTax,
    s.usdTotal,
  ].map(amount).join(',');
}

export function decodeSubtotalAnswer(text: string): SubtotalAnswer {
  return decodingAnswer('33h', text, () => {
    const f = fields(text, 'The 33h answer', SUBTOTAL_FIELDS);
    const at = (i: number, name: string): Minor => parseDeviceAmount(f[i] as string, name);
    const groupTotals = {} as Record<TaxGroupLabel, Minor>;
    const groupVat = {} as Record<TaxGroupLabel, Minor>;
    TAX_GROUP_LABELS.forEach((g, i) => {
      groupTotals[g] = at(1 + i, `MV${g}`);
      groupVat[g] = at(1 + TAX_GROUP_LABELS.length + i, `MT${g}`);
    });
    return { total: at(0, 'MV'), groupTotals, groupVat, specificTax: at(SUBTOTAL_FIELDS - 2, 'MTS'), usdTotal: at(SUBTOTAL_FIELDS - 1, 'MCUR') };
  });
}
