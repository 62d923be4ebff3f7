// The emulated MCF's own arithmetic: line and group figures as a device computes them, independent of fiscal/totals.
import type { TaxGroupLabel } from '../../../fiscal/invoice-types';
import { roundDiv, type Minor } from '../../../fiscal/money';

/*
 * Written on purpose apart from fiscal/totals.ts, so the SFE's 33h comparison checks two implementations against
 * each other. The rules are the ones fiscal/totals.ts documents (our reading of "Protocoles SFE-MCF v1.0" 31h/33h
 * and "FACNO_Groupes_de_Taxation_v1.2"):
 * - line amount L = PR × QT rounded to the centime; T.S. per unit × QT, or percent × the line's pre-VAT amount,
 *   rounded to the franc; T.S. is in the VAT base;
 * - VAT per group on the group's sums, rounded to the franc (the 33h example: 500.00 TTC in B → TVA 69.00);
 * - VAT is invoiced only in B, C, O and F, G, P; N's amount is itself VAT; every other group has no VAT.
 * The device has no currency field (C0h), so it counts in CDF and rounds taxes to the franc.
 */

const D = 10000n;
const FRANC = 100n;
export const VAT_GROUPS: ReadonlySet<TaxGroupLabel> = new Set(['B', 'C', 'F', 'G', 'O', 'P']);

export type Figures = { ht: Minor; vat: Minor; specific: Minor; ttc: Minor };

function toFranc(num: bigint, den: bigint): Minor {
  return roundDiv(num, den * FRANC) * FRANC;
}

/** PR × QT (QT in thousandths), to the centime. */
export function lineAmount(unitPrice: Minor, quantity: bigint): Minor {
  return roundDiv(unitPrice * quantity, 1000n);
}

export type SpecificTaxSpec = { kind: 'per-unit'; amount: Minor } | { kind: 'percent'; rate: bigint };

/** The T.S. of one line. */
export function specificTaxOf(spec: SpecificTaxSpec | undefined, amount: Minor, quantity: bigint, group: TaxGroupLabel, rate: bigint, mode: 'TTC' | 'HT'): Minor {
  if (spec === undefined) return 0n;
  if (spec.kind === 'per-unit') return toFranc(spec.amount * quantity, 1000n);
  if (group === 'N') return 0n;
  if (mode === 'TTC' && VAT_GROUPS.has(group)) return toFranc(amount * D * spec.rate, (D + rate) * D);
  return toFranc(amount * spec.rate, D);
}

/** Figures of a group (or of one line alone) from S = Σ line amounts and T = Σ T.S. */
export function groupFigures(group: TaxGroupLabel, rate: bigint, s: Minor, t: Minor, mode: 'TTC' | 'HT'): Figures {
  if (group === 'N') return { ht: 0n, vat: s, specific: t, ttc: s + t };
  if (!VAT_GROUPS.has(group)) return { ht: s, vat: 0n, specific: t, ttc: s + t };
  if (mode === 'HT') {
    const vat = toFranc((s + t) * rate, D);
    return { ht: s, vat, specific: t, ttc: s + vat + t };
  }
  const ht = s - toFranc(s * rate, D + rate);
  const vat = toFranc((s * D + t * (D + rate)) * rate, (D + rate) * D);
  return { ht, vat, specific: t, ttc: ht + vat + t };
}
