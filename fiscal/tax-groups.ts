// The effective-dated table of DGI tax groups (A..P), looked up by date and overridable by a paired MCF's rates.

/**
 * Sources (read, not loaded at run time):
 * - "FACNO_Groupes_de_Taxation_v1.2" (DGI, update of February 2026): 16 groups A..P. It changes C and G from 8 % to 5 %
 *   and adds O (1 %) and P (1 %, public contracts), citing the ordonnance-loi 10/001 "modifiée par la loi de finances
 *   gestion 2026".
 * - The earlier 14-group table A..N, with C and G at 8 % (also what the C1h example of "Protocoles SFE-MCF v1.0"
 *   reports: C 8.00, G 8.00).
 *
 * Effective dates, our reading: a DRC finance law applies to the budget year it is named for, from 1 January, so the
 * 16-group table is in force from 2026-01-01 even though the DGI published its table in February 2026. Invoices of
 * January 2026 sealed by an MCF that still carried 8 % are handled by `withDeviceRates`: what the paired device
 * reports (C1h) is what it seals with. The 14-group table applies from the start of the regime, which we date to the
 * ministerial arrêtés 032/033/034 of 2023-10-23; there is no table before that date.
 *
 * `rate` is the VAT rate applied ON THE INVOICE, in hundredths of a percent (what 31h TR carries and C1h reports).
 * For D the document says the operation is taxable at 16 % but the State bears the VAT and "la TVA n'est pas
 * facturée": its invoiced rate is 0 (the C1h example also reports D as 0.00) and the 16 % is kept as
 * `stateBorneRate`, for reports only.
 */

/** Letters of every group that ever existed, in the order the protocol lists them (C1h TAXA..TAXP, 33h MVA..MVP). */
export const TAX_GROUP_LETTERS = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J', 'K', 'L', 'M', 'N', 'O', 'P'] as const;
export type Letter = (typeof TAX_GROUP_LETTERS)[number];

/**
 * How the group's VAT appears on the invoice:
 * - 'yes': invoiced at `rate` (B, C, O);
 * - 'no': not invoiced, VAT 0 on the invoice (A, D, E, H, I, J, K, L);
 * - 'by-credit': invoiced at `rate`, paid by the State as a tax credit (F, G, P);
 * - 'specific': M (only the pre-tax amount is invoiced) and N (only the specific VAT amount of M sales).
 */
export type VatInvoiced = 'yes' | 'no' | 'by-credit' | 'specific';

/** Rules a group carries beyond its rate, for validation and printing elsewhere. */
export type TaxGroupFlag =
  | 'out-of-scope-needs-hors-champ-code' // A: an out-of-scope sale must carry item code "HORS CHAMP"
  | 'derogation-ref-in-comment-a' // D: the DGI derogation document's reference goes in comment line A (36h)
  | 'state-borne-vat' // D: taxable, the State bears the VAT for the buyer
  | 'export' // E: export and assimilated (sales under customs)
  | 'tax-credit' // F, G, P: VAT paid by tax credit (public contracts with external funding)
  | 'not-turnover' // H, I, J: deposits, guarantees and disbursements are not turnover
  | 'seller-not-vat-registered' // K
  | 'levy-outside-vat-base' // L: levies to be paid over to their beneficiaries, outside the VAT base
  | 'pre-tax-amount-only' // M
  | 'vat-amount-only'; // N: the item's amount IS the specific VAT of M sales

export type TaxGroup = {
  letter: Letter;
  label: { fr: string; en: string };
  /** Invoiced VAT rate in hundredths of a percent (1600n = 16.00 %). */
  rate: bigint;
  vatInvoiced: VatInvoiced;
  flags: readonly TaxGroupFlag[];
  /** D only: the statutory rate the State bears on the buyer's behalf. */
  stateBorneRate?: bigint;
};

export type TaxTable = {
  /** Name of the source ('FACNO-2026' / 'FACNO-14' / '…+device'), so a report can say which table it used. */
  id: string;
  /** First day in force, YYYY-MM-DD. */
  effectiveFrom: string;
  /** Groups that exist in this table, in letter order. Absent letters do not exist on the table's dates. */
  groups: readonly TaxGroup[];
};

export type TaxTableErrorCode = 'BAD_DATE' | 'NO_TAX_TABLE' | 'UNKNOWN_TAX_GROUP' | 'BAD_DEVICE_RATE';

/** Error thrown by the table lookups: a code the caller can act on and a sentence a technician can read. */
export class TaxTableError extends Error {
  readonly code: TaxTableErrorCode;
  constructor(code: TaxTableErrorCode, message: string) {
    super(message);
    this.name = 'TaxTableError';
    this.code = code;
  }
}

const g = (
  letter: Letter,
  fr: string,
  en: string,
  rate: bigint,
  vatInvoiced: VatInvoiced,
  flags: TaxGroupFlag[] = [],
  stateBorneRate?: bigint,
): TaxGroup => ({ letter, label: { fr, en }, rate, vatInvoiced, flags, ...(stateBorneRate === undefined ? {} : { stateBorneRate }) });

/** Groups whose definition did not change in February 2026 (H..N). */
const H_TO_N: TaxGroup[] = [
  g('H', "Consignation / déconsignation d'emballage", 'Packaging deposit and refund', 0n, 'no', ['not-turnover']),
  g('I', 'Garantie et caution', 'Guarantees and deposits', 0n, 'no', ['not-turnover']),
  g('J', 'Débours', 'Disbursements', 0n, 'no', ['not-turnover']),
  g('K', 'Opérations réalisées par les non-assujettis', 'Sales by sellers not registered for VAT', 0n, 'no', ['seller-not-vat-registered']),
  g('L', 'Prélèvements sur ventes', 'Levies on sales (outside the VAT base)', 0n, 'no', ['levy-outside-vat-base']),
  g('M', 'Ventes réglementées avec TVA spécifique', 'Regulated sales with specific VAT', 0n, 'specific', ['pre-tax-amount-only']),
  g('N', 'TVA spécifique', 'Specific VAT (of group M sales)', 0n, 'specific', ['vat-amount-only']),
];

const D = g('D', 'Régimes dérogatoires TVA', 'VAT derogation (borne by the State)', 0n, 'no', ['derogation-ref-in-comment-a', 'state-borne-vat'], 1600n);
const E = g('E', 'Exportation et opérations assimilées', 'Export and assimilated', 0n, 'no', ['export']);

/** The 14-group table A..N (C and G at 8 %), from the start of the regime to 2025-12-31. */
export const TABLE_14_GROUPS: TaxTable = {
  id: 'FACNO-14',
  effectiveFrom: '2023-10-23',
  groups: [
    g('A', 'Exonéré', 'Exempt', 0n, 'no'),
    g('B', 'Taxable 16%', 'Standard rate 16%', 1600n, 'yes'),
    g('C', 'Taxable 8%', 'Reduced rate 8%', 800n, 'yes'),
    D,
    E,
    g('F', 'TVA marché public à financement extérieur (16%)', 'Externally funded public contract VAT (16%)', 1600n, 'by-credit', ['tax-credit']),
    g('G', 'TVA marché public à financement extérieur (8%)', 'Externally funded public contract VAT (8%)', 800n, 'by-credit', ['tax-credit']),
    ...H_TO_N,
  ],
};

/** The 16-group table A..P of "FACNO_Groupes_de_Taxation_v1.2" (February 2026), in force from 2026-01-01. */
export const TABLE_2026: TaxTable = {
  id: 'FACNO-2026',
  effectiveFrom: '2026-01-01',
  groups: [
    g('A', 'Exonéré et hors champ', 'Exempt and out of scope', 0n, 'no', ['out-of-scope-needs-hors-champ-code']),
    g('B', 'Taxable 16%', 'Standard rate 16%', 1600n, 'yes'),
    g('C', 'Taxable 5%', 'Reduced rate 5%', 500n, 'yes'),
    D,
    E,
    g('F', 'TVA marché public à financement extérieur (16%)', 'Externally funded public contract VAT (16%)', 1600n, 'by-credit', ['tax-credit']),
    g('G', 'TVA marché public à financement extérieur (5%)', 'Externally funded public contract VAT (5%)', 500n, 'by-credit', ['tax-credit']),
    ...H_TO_N,
    g('O', 'Taxable 1%', 'Reduced rate 1%', 100n, 'yes'),
    g('P', 'TVA marché public à financement extérieur (1%)', 'Externally funded public contract VAT (1%)', 100n, 'by-credit', ['tax-credit']),
  ],
};

/** Every table, newest first. */
export const TAX_TABLES: readonly TaxTable[] = [TABLE_2026, TABLE_14_GROUPS];

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

function isCalendarDate(date: string): boolean {
  const m = DATE_RE.exec(date);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo - 1] ?? 0;
  return d <= days;
}

/** The table in force on a calendar day (YYYY-MM-DD, the invoice's local Kinshasa date). */
export function taxTableOn(date: string): TaxTable {
  if (!isCalendarDate(date)) {
    throw new TaxTableError('BAD_DATE', `"${date}" is not a calendar date in the form YYYY-MM-DD.`);
  }
  // ISO dates compare correctly as strings.
  const table = TAX_TABLES.find((t) => t.effectiveFrom <= date);
  if (!table) {
    const first = TAX_TABLES[TAX_TABLES.length - 1]?.effectiveFrom ?? '';
    throw new TaxTableError('NO_TAX_TABLE', `No DGI tax-group table is in force on ${date}; the first starts on ${first}.`);
  }
  return table;
}

/** Narrows a string to a letter of the table, or undefined when the group does not exist in it. */
export function findTaxGroup(table: TaxTable, letter: string): TaxGroup | undefined {
  return table.groups.find((x) => x.letter === letter);
}

/** The group of a table; throws UNKNOWN_TAX_GROUP when the letter does not exist in that table (O, P before 2026). */
export function taxGroup(table: TaxTable, letter: string): TaxGroup {
  const found = findTaxGroup(table, letter);
  if (!found) {
    throw new TaxTableError('UNKNOWN_TAX_GROUP', `Tax group "${letter}" does not exist in table ${table.id} (in force from ${table.effectiveFrom}).`);
  }
  return found;
}

/**
 * A new table whose rates are those a paired MCF reported (C1h TAXA..TAXP, in hundredths of a percent): the device
 * seals with its own rates, so our figures must match them. Letters absent from the table are ignored (the C1h
 * answer always has 16 slots, 0.00 for groups the device does not use). Kinds and flags stay the table's: a device
 * reporting 16.00 for D does not make D's VAT invoiced. The input table is not changed.
 */
export function withDeviceRates(table: TaxTable, rates: Partial<Record<Letter, bigint>>): TaxTable {
  for (const [letter, rate] of Object.entries(rates)) {
    if (rate === undefined) continue;
    if (typeof rate !== 'bigint' || rate < 0n || rate >= 10000n) {
      throw new TaxTableError('BAD_DEVICE_RATE', `The device reported rate ${String(rate)} for group ${letter}; a rate is 0.00 to 99.99 %.`);
    }
  }
  const groups = table.groups.map((grp) => {
    const rate = rates[grp.letter];
    return rate === undefined || rate === grp.rate ? grp : { ...grp, rate };
  });
  return { id: `${table.id}+device`, effectiveFrom: table.effectiveFrom, groups };
}

/** True when the group's VAT is computed at its rate on the invoice (B, C, O, and F, G, P paid by credit). */
export function isVatCharged(group: TaxGroup): boolean {
  return group.vatInvoiced === 'yes' || group.vatInvoiced === 'by-credit';
}
