// The totals engine: line, tax-group and invoice figures from a draft's items, their wire form, and the comparison.

/*
 * THE RULES (one place; the DGI examples they reproduce are tests in test/fiscal/dgi-examples.test.ts)
 *
 * Units. Amounts are bigint centimes (money.ts), quantities thousandths, rates hundredths of a percent (D = 10000n).
 * "Unit" is the currency's smallest printed unit: the franc (100 centimes) for CDF, the centime for USD.
 *
 * 1. Line amount L = unit_price × quantity, rounded once to the centime (roundDiv: half away from zero).
 *    In TTC mode L includes the item's VAT but not its specific tax (31h: PR is the price "sans Taxe Spécifique").
 * 2. Specific tax T.S. (31h TSR) of a line: per_unit × quantity, or percent × the line's pre-VAT amount (L in HT
 *    mode; L × D / (D + r) in TTC mode, kept exact before the one rounding). T.S. is a tax amount: rounded once, to
 *    the currency's unit, like VAT (the DGI examples only show whole-franc T.S.).
 * 3. T.S. is in the VAT base of its item's group: the closing NB of "FACNO_Groupes_de_Taxation_v1.2" says the taxes
 *    that belong in the VAT base are entered in the specific-tax field. So VAT applies on (HT + T.S.).
 * 4. VAT is computed per tax group on the group's sums (S = Σ L, T = Σ T.S.), not per line, and rounded once, half
 *    away from zero, to the currency's unit. The franc for CDF: the 33h example answers 500.00 TTC in B with TVA
 *    69.00 (68.97 rounded), the sample invoice has 464 TTC → TVA 64.
 *      HT mode:  ht = S;  vat = round((S + T) × r / D);  ttc = ht + vat + T.
 *      TTC mode: ht = S − round(S × r / (D + r));  vat = round((S × D / (D + r) + T) × r / D);  ttc = ht + vat + T.
 *    With T = 0 the TTC mode is exactly vat = round(S × r / (D + r)), ht = S − vat, ttc = S.
 * 5. Groups whose VAT is not invoiced (A exempt / out of scope, D borne by the State, E export at 0 %, H, I, J, K, L,
 *    and M whose invoice carries only the pre-tax amount): vat = 0, ht = S (in TTC mode too: with no VAT on the
 *    invoice, the price is the pre-tax amount), ttc = S + T.
 *    N: the item's amount IS the specific VAT of M sales: ht = 0, vat = S, ttc = S + T.
 *    F, G, P: VAT invoiced at their rate (the State pays it as a tax credit, but the invoice shows it).
 * 6. Invoice totals are the sums of the group figures (never recomputed from lines): ht, vat, specific, ttc, and
 *    ttc = ht + vat + specific holds for every line, group and total.
 * 7. Line figures (what 31h answers per item: MV, MH, MT, TS) are rule 4–5 applied to the line alone. They are
 *    indicative: the sum of line VATs may differ from the group VAT by rounding; the group figures are authoritative.
 */
import { formatAmount, formatRate, parseAmount, parseQuantity, parseRate, roundDiv, type Minor } from './money';
import { TAX_GROUP_LETTERS, findTaxGroup, isVatCharged, type Letter, type TaxGroup, type TaxTable } from './tax-groups';

export type PriceMode = 'TTC' | 'HT';
export type Currency = 'CDF' | 'USD';
export type SpecificTaxInput = { per_unit: string } | { percent: string };

/** The part of an invoice draft (CONTRACT.md) the totals depend on; a whole draft fits it. */
export type TotalsItem = { tax_group: string; unit_price: string; quantity: string; specific_tax?: SpecificTaxInput };
export type TotalsInput = { price_mode: PriceMode; currency: Currency; items: readonly TotalsItem[] };

export type Figures = { ht: Minor; vat: Minor; specific: Minor; ttc: Minor };
export type LineFigures = Figures & { group: Letter; amount: Minor };
export type GroupFigures = Figures & { group: Letter; rate: bigint };
export type InvoiceFigures = {
  price_mode: PriceMode;
  currency: Currency;
  lines: LineFigures[];
  /** Only groups present on the invoice, in letter order A..P. */
  groups: GroupFigures[];
  totals: Figures;
};

export type TotalsIssueCode = 'BAD_AMOUNT' | 'BAD_QUANTITY' | 'BAD_RATE' | 'UNKNOWN_TAX_GROUP' | 'BAD_PRICE_MODE' | 'BAD_CURRENCY';
/** A problem with one field of the input, shaped for a 422 `errors: [{path, message}]` answer. */
export type TotalsIssue = { code: TotalsIssueCode; path: string; message: string };
export type TotalsResult = { ok: true; figures: InvoiceFigures } | { ok: false; issues: TotalsIssue[] };

/** Wire form (CONTRACT.md `tax_groups` and `totals`): decimal strings. */
export type WireTaxGroup = { group: Letter; rate: string; ht: string; vat: string; specific: string; ttc: string };
export type WireTotals = { ht: string; vat: string; specific: string; ttc: string };
export type WireFigures = { tax_groups: WireTaxGroup[]; totals: WireTotals };
export type FigureDifference = { path: string; submitted: string | null; computed: string | null };

const D = 10000n;

/** Centimes per printed unit: the franc for CDF, the centime for USD (rule 4). */
export function currencyUnit(currency: Currency): bigint {
  return currency === 'CDF' ? 100n : 1n;
}

/** num / den rounded half away from zero to a multiple of `unit` centimes. */
function roundTo(num: bigint, den: bigint, unit: bigint): Minor {
  return roundDiv(num, den * unit) * unit;
}

/** Rule 2: the T.S. of one line of amount L (centimes) and quantity q (thousandths). */
function specificTax(
  ts: SpecificTaxInput | undefined,
  amount: Minor,
  quantity: bigint,
  group: TaxGroup,
  mode: PriceMode,
  unit: bigint,
): Minor | { field: 'per_unit' | 'percent'; issue: TotalsIssue['code'] } {
  if (ts === undefined) return 0n;
  if ('per_unit' in ts) {
    const perUnit = parseAmount(ts.per_unit);
    if (perUnit === null) return { field: 'per_unit', issue: 'BAD_AMOUNT' };
    return roundTo(perUnit * quantity, 1000n, unit);
  }
  const pct = parseRate(ts.percent);
  if (pct === null) return { field: 'percent', issue: 'BAD_RATE' };
  if (group.vatInvoiced === 'specific' && group.letter === 'N') return 0n; // N has no pre-VAT amount
  const r = group.rate;
  if (mode === 'TTC' && isVatCharged(group)) return roundTo(amount * D * pct, (D + r) * D, unit);
  return roundTo(amount * pct, D, unit);
}

/** Rules 4 and 5 for one group (or one line alone): S = Σ L, T = Σ T.S. */
function groupFigures(group: TaxGroup, s: Minor, t: Minor, mode: PriceMode, unit: bigint): Figures {
  if (group.letter === 'N') return { ht: 0n, vat: s, specific: t, ttc: s + t };
  if (!isVatCharged(group)) return { ht: s, vat: 0n, specific: t, ttc: s + t };
  const r = group.rate;
  if (mode === 'HT') {
    const vat = roundTo((s + t) * r, D, unit);
    return { ht: s, vat, specific: t, ttc: s + vat + t };
  }
  const ht = s - roundTo(s * r, D + r, unit);
  const vat = roundTo((s * D + t * (D + r)) * r, (D + r) * D, unit);
  return { ht, vat, specific: t, ttc: ht + vat + t };
}

/** Figures of an invoice from its items and the tax table in force (or the paired device's rates). */
export function computeTotals(input: TotalsInput, table: TaxTable): TotalsResult {
  const issues: TotalsIssue[] = [];
  if (input.price_mode !== 'TTC' && input.price_mode !== 'HT') {
    issues.push({ code: 'BAD_PRICE_MODE', path: 'price_mode', message: 'The price mode must be "TTC" or "HT".' });
  }
  if (input.currency !== 'CDF' && input.currency !== 'USD') {
    issues.push({ code: 'BAD_CURRENCY', path: 'currency', message: 'The currency must be "CDF" or "USD".' });
  }
  if (issues.length > 0) return { ok: false, issues };
  const mode = input.price_mode;
  const unit = currencyUnit(input.currency);

  const lines: LineFigures[] = [];
  const sums = new Map<Letter, { group: TaxGroup; s: Minor; t: Minor }>();
  input.items.forEach((item, i) => {
    const at = `items[${i}]`;
    const group = findTaxGroup(table, item.tax_group);
    const price = parseAmount(item.unit_price);
    const qty = parseQuantity(item.quantity);
    if (!group) {
      issues.push({ code: 'UNKNOWN_TAX_GROUP', path: `${at}.tax_group`, message: `Tax group "${item.tax_group}" does not exist in table ${table.id}.` });
    }
    if (price === null) {
      issues.push({ code: 'BAD_AMOUNT', path: `${at}.unit_price`, message: 'The unit price must be a non-negative amount with two decimals, like "720.00".' });
    }
    if (qty === null) {
      issues.push({ code: 'BAD_QUANTITY', path: `${at}.quantity`, message: 'The quantity must be a non-negative number with at most three decimals, like "1.250".' });
    }
    if (!group || price === null || qty === null) return;
    const amount = roundDiv(price * qty, 1000n);
    const ts = specificTax(item.specific_tax, amount, qty, group, mode, unit);
    if (typeof ts !== 'bigint') {
      const message = ts.field === 'per_unit'
        ? 'The specific tax per unit must be an amount with two decimals, like "75.00".'
        : 'The specific tax percentage must have two decimals, like "10.00".';
      issues.push({ code: ts.issue, path: `${at}.specific_tax.${ts.field}`, message });
      return;
    }
    lines.push({ group: group.letter, amount, ...groupFigures(group, amount, ts, mode, unit) });
    const sum = sums.get(group.letter) ?? { group, s: 0n, t: 0n };
    sum.s += amount;
    sum.t += ts;
    sums.set(group.letter, sum);
  });
  if (issues.length > 0) return { ok: false, issues };

  const groups: GroupFigures[] = [];
  const totals: Figures = { ht: 0n, vat: 0n, specific: 0n, ttc: 0n };
  for (const letter of TAX_GROUP_LETTERS) {
    const sum = sums.get(letter);
    if (!sum) continue;
    const f = groupFigures(sum.group, sum.s, sum.t, mode, unit);
    groups.push({ group: letter, rate: sum.group.rate, ...f });
    totals.ht += f.ht;
    totals.vat += f.vat;
    totals.specific += f.specific;
    totals.ttc += f.ttc;
  }
  return { ok: true, figures: { price_mode: mode, currency: input.currency, lines, groups, totals } };
}

/** CONTRACT.md `tax_groups` and `totals` as decimal strings; tax_groups in letter order, every group present. */
export function toWireFigures(figures: InvoiceFigures): WireFigures {
  const money = (f: Figures): WireTotals => ({
    ht: formatAmount(f.ht),
    vat: formatAmount(f.vat),
    specific: formatAmount(f.specific),
    ttc: formatAmount(f.ttc),
  });
  return {
    tax_groups: figures.groups.map((grp) => ({ group: grp.group, rate: formatRate(grp.rate), ...money(grp) })),
    totals: money(figures.totals),
  };
}

const GROUP_FIELDS = ['group', 'rate', 'ht', 'vat', 'specific', 'ttc'] as const;
const TOTAL_FIELDS = ['ht', 'vat', 'specific', 'ttc'] as const;

/** Loose shape of what a client submitted: fields may be missing or malformed, and are then reported as different. */
export type SubmittedFigures = {
  tax_groups?: readonly Partial<Record<(typeof GROUP_FIELDS)[number], unknown>>[];
  totals?: Partial<Record<(typeof TOTAL_FIELDS)[number], unknown>>;
};

const asText = (v: unknown): string | null => (typeof v === 'string' ? v : v === undefined || v === null ? null : JSON.stringify(v));

/**
 * Every path where the submitted figures differ from ours, e.g. `tax_groups[1].vat`, `totals.ttc`. Strings are
 * compared exactly: the wire form is canonical ("64.00", not "64.0"), and tax_groups are compared position by
 * position in letter order. A missing or extra group is one difference at `tax_groups[i]` naming the groups.
 */
export function compareFigures(submitted: SubmittedFigures, computed: WireFigures): FigureDifference[] {
  const diffs: FigureDifference[] = [];
  const sub = submitted.tax_groups ?? [];
  const n = Math.max(sub.length, computed.tax_groups.length);
  for (let i = 0; i < n; i++) {
    const s = sub[i];
    const c = computed.tax_groups[i];
    if (s === undefined || c === undefined) {
      diffs.push({ path: `tax_groups[${i}]`, submitted: s === undefined ? null : asText(s.group), computed: c?.group ?? null });
      continue;
    }
    for (const field of GROUP_FIELDS) {
      const sv = asText(s[field]);
      if (sv !== c[field]) diffs.push({ path: `tax_groups[${i}].${field}`, submitted: sv, computed: c[field] });
    }
  }
  for (const field of TOTAL_FIELDS) {
    const sv = asText(submitted.totals?.[field]);
    if (sv !== computed.totals[field]) diffs.push({ path: `totals.${field}`, submitted: sv, computed: computed.totals[field] });
  }
  return diffs;
}
