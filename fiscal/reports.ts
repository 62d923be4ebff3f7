// X and Z reports, computed once for the till (its store) and the cloud (the ledger) so the two cannot drift.
import { toKinshasaIso } from './dgi-time';
import { CURRENCIES } from './invoice-types';
import { formatAmount, parseAmount, type Minor } from './money';
import { gapsBelowMax } from './report-ranges';
import { selectPeriod, type PeriodSelection } from './report-period';
import { addInvoice, netTtc, tallyToWire, type Tally } from './report-tally';
import { ReportError, type GrandTotal, type ReportFigures, type ReportInput, type XReport, type ZRecord, type ZReport } from './report-types';

export * from './report-types';
export { aReport } from './report-articles';
export { toReportData, toReportDataAll, type ReportPrintData } from './report-print';
export { sealZRecord, verifyZSeal, zSigningBytes, type SealedZ, type ZSeal } from './report-seal';
export { normalizeRanges, inRanges, gapsBelowMax } from './report-ranges';

/** "-12.50" → -1250n: report amounts (net figures, grand totals) may be negative, invoice amounts never are. */
export function parseReportAmount(s: string): Minor | null {
  const neg = s.startsWith('-');
  const m = parseAmount(neg ? s.slice(1) : s);
  return m === null ? null : neg ? -m : m;
}

type Computed = { sel: PeriodSelection; figures: ReportFigures; grandTotals: GrandTotal[] };

function compute(input: ReportInput): Computed {
  const sel = selectPeriod(input);
  const tally: Tally = new Map();
  for (const inv of sel.invoices) addInvoice(tally, inv);

  const previous = new Map((input.previous_z?.record.grand_totals ?? []).map((g) => [g.currency, parseReportAmount(g.ttc) ?? 0n]));
  const grandTotals = CURRENCIES.flatMap((c): GrandTotal[] =>
    previous.has(c) || tally.has(c) ? [{ currency: c, ttc: formatAmount((previous.get(c) ?? 0n) + netTtc(tally, c)) }] : [],
  );
  const nums = sel.outletNumbers;
  const upload = input.upload;
  if (!Number.isSafeInteger(upload.not_uploaded) || upload.not_uploaded < 0) {
    throw new ReportError('invalid_record', `The count of invoices not uploaded must be a whole number from 0 up, not ${String(upload.not_uploaded)}.`);
  }
  const figures: ReportFigures = {
    sections: tallyToWire(tally),
    invoice_count: sel.invoices.length,
    numbers: { first: nums[0] ?? null, last: nums[nums.length - 1] ?? null },
    device_numbers: [...sel.deviceNumbers.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([authority_id, list]) => ({ authority_id, first: list[0]!, last: list[list.length - 1]!, count: list.length })),
    unaccounted_numbers: gapsBelowMax(sel.covered.outlet),
    voided: [...sel.voided].sort((a, b) => a.fiscal_number - b.fiscal_number).map((v) => ({ fiscal_number: v.fiscal_number, reason: v.reason })),
    voided_count: sel.voided.length,
    cancelled_count: sel.cancellations,
    drawer_opens_without_sale: sel.drawerOpens,
    not_uploaded_count: upload.not_uploaded,
    last_upload_at: upload.last_upload_at === null ? null : toKinshasaIso(upload.last_upload_at),
  };
  return { sel, figures, grandTotals };
}

function header(input: ReportInput, c: Computed) {
  return {
    outlet_id: input.outlet_id,
    period: { from: c.sel.from, to: c.sel.to },
    taken_at: c.sel.to,
    figures: c.figures,
    grand_totals: c.grandTotals,
    ...(input.authority_id === undefined ? {} : { authority_id: input.authority_id }),
    ...(input.pos_terminal_id === undefined ? {} : { pos_terminal_id: input.pos_terminal_id }),
    ...(input.cashier_name === undefined ? {} : { cashier_name: input.cashier_name }),
  };
}

const nextZNumber = (input: ReportInput): number => (input.previous_z === null ? 1 : input.previous_z.record.z_number + 1);

/** Rapport X: running totals since the last Z. Nothing is reset or recorded; take it as often as you like. */
export function xReport(input: ReportInput): XReport {
  const c = compute(input);
  return { kind: 'X', z_number: nextZNumber(input), ...header(input, c) };
}

/**
 * Clôture Z: the same figures for the period since the previous Z, numbered previous + 1, with the grand total
 * that never resets and the record the caller seals and appends to the chain as a ledger entry of kind 'z'. Pure:
 * nothing is stored here; the next Z starts where this record's `covered` numbers and `period.to` end.
 */
export function zReport(input: ReportInput): ZReport {
  const c = compute(input);
  const z_number = nextZNumber(input);
  const prev = input.previous_z;
  const record: ZRecord = {
    version: 1,
    z_number,
    outlet_id: input.outlet_id,
    period: { from: c.sel.from, to: c.sel.to },
    first_number: c.figures.numbers.first,
    last_number: c.figures.numbers.last,
    figures: c.figures,
    grand_totals: c.grandTotals,
    covered: c.sel.covered,
    previous: prev === null ? null : { z_number: prev.record.z_number, ledger_hash: prev.ledger_hash ?? null },
    ...(input.cashier_name === undefined ? {} : { closed_by: input.cashier_name }),
  };
  return { kind: 'Z', z_number, ...header(input, c), record };
}
