// An X or Z as the printed report's input: one currency per print. The one print shape: the ESC/POS report layout
// (device/printer/report-layout.ts) and the report PDFs (documents/) take it as it is.
import { CURRENCIES, type Currency, type InvoiceType, type PaymentMethod, type TaxGroupLabel } from './invoice-types';
import { ReportError, type XReport, type ZReport } from './report-types';

/** Amounts are wire strings; a net figure can be negative ("-4064.00") on a day when credit notes outweigh sales. */
export type ReportPrintData = {
  kind: 'X' | 'Z';
  z_number: number;
  currency: Currency;
  period: { from: string; to: string };
  printed_at: string;
  authority_id?: string;
  pos_terminal_id?: string;
  cashier_name?: string;
  by_type: { type: InvoiceType; count: number; ttc: string }[];
  by_group: { group: TaxGroupLabel; rate: string; ht: string; vat: string; specific: string; ttc: string }[];
  totals: { ht: string; vat: string; specific: string; ttc: string };
  payments: { method: PaymentMethod; currency: Currency; amount: string }[];
  first_number: number | null;
  last_number: number | null;
  cancelled_count: number;
  voided_count: number;
  drawer_opens_without_sale: number;
  not_uploaded_count: number;
  last_upload_at: string | null;
  grand_total: string;
  seal?: { code: string; authority_id: string; timestamp: string; qr?: string };
};

export type PrintOptions = {
  /** Which currency's figures to print; default CDF when the report has any, else its first currency. */
  currency?: Currency;
  /** When the paper is printed; default the report's own time. */
  printed_at?: string;
  /** A Z's security elements once sealed (report-seal.ts). */
  seal?: ReportPrintData['seal'];
};

/** The currencies a report has figures or a grand total in, CDF first. */
export function reportCurrencies(report: XReport | ZReport): Currency[] {
  const present = new Set<Currency>([...report.figures.sections.map((s) => s.currency), ...report.grand_totals.map((g) => g.currency)]);
  return CURRENCIES.filter((c) => present.has(c));
}

/** One currency of an X or Z in the printer's shape; the counts that are not per currency repeat on each print. */
export function toReportData(report: XReport | ZReport, options: PrintOptions = {}): ReportPrintData {
  const currencies = reportCurrencies(report);
  const currency = options.currency ?? currencies[0] ?? 'CDF';
  const section = report.figures.sections.find((s) => s.currency === currency);
  if (options.currency !== undefined && currencies.length > 0 && !currencies.includes(options.currency)) {
    throw new ReportError('invalid_record', `The report has no figures in ${currency}; it has ${currencies.join(', ') || 'none'}.`);
  }
  const f = report.figures;
  const none = { ht: '0.00', vat: '0.00', specific: '0.00', ttc: '0.00' };
  return {
    kind: report.kind,
    z_number: report.z_number,
    currency,
    period: { ...report.period },
    printed_at: options.printed_at ?? report.taken_at,
    ...(report.authority_id === undefined ? {} : { authority_id: report.authority_id }),
    ...(report.pos_terminal_id === undefined ? {} : { pos_terminal_id: report.pos_terminal_id }),
    ...(report.cashier_name === undefined ? {} : { cashier_name: report.cashier_name }),
    by_type: (section?.by_type ?? []).map((t) => ({ type: t.type, count: t.count, ttc: t.ttc })),
    by_group: (section?.by_group ?? []).map((g) => ({ ...g })),
    totals: { ...(section?.totals ?? none) },
    payments: (section?.payments ?? []).map((p) => ({ ...p })),
    first_number: f.numbers.first,
    last_number: f.numbers.last,
    cancelled_count: f.cancelled_count,
    voided_count: f.voided_count,
    drawer_opens_without_sale: f.drawer_opens_without_sale,
    not_uploaded_count: f.not_uploaded_count,
    last_upload_at: f.last_upload_at,
    grand_total: report.grand_totals.find((g) => g.currency === currency)?.ttc ?? '0.00',
    ...(options.seal === undefined ? {} : { seal: { ...options.seal } }),
  };
}

/** One print per currency the report holds (a USD-only day prints once, in USD); at least one. */
export function toReportDataAll(report: XReport | ZReport, options: Omit<PrintOptions, 'currency'> = {}): ReportPrintData[] {
  const currencies = reportCurrencies(report);
  return (currencies.length === 0 ? (['CDF'] as Currency[]) : currencies).map((currency) => toReportData(report, { ...options, currency }));
}
