// The one place sealed invoices are added up for X and Z: bigint per currency, credit notes subtracted, then the wire form.
import { CURRENCIES, INVOICE_TYPES, PAYMENT_METHODS, TAX_GROUP_LABELS } from './invoice-types';
import type { Currency, InvoiceType, PaymentMethod, SealedInvoice, TaxGroupLabel } from './invoice-types';
import { isCreditType } from './invoice';
import { formatAmount, formatRate, parseAmount, parseRate, type Minor } from './money';
import { convertAmount } from './payments';
import { ReportError, type ReportAmounts, type ReportCurrencySection } from './report-types';

type Money = { ht: Minor; vat: Minor; specific: Minor; ttc: Minor };
type Counted = Money & { count: number };

export type SectionTally = {
  currency: Currency;
  byType: Map<InvoiceType, Counted>;
  sales: Counted;
  credits: Counted;
  /** Keyed `B|1600`: a rate change inside a period (C from 8 % to 5 %) keeps two lines. */
  byGroup: Map<string, Money & { group: TaxGroupLabel; rate: bigint }>;
  totals: Money;
  /** Keyed `E|CDF`. */
  payments: Map<string, { method: PaymentMethod; currency: Currency; amount: Minor }>;
  change: Minor;
  byHour: Map<string, { count: number; ttc: Minor }>;
};

export type Tally = Map<Currency, SectionTally>;

const zero = (): Money => ({ ht: 0n, vat: 0n, specific: 0n, ttc: 0n });
const counted = (): Counted => ({ count: 0, ...zero() });

function newSection(currency: Currency): SectionTally {
  return {
    currency, byType: new Map(), sales: counted(), credits: counted(), byGroup: new Map(), totals: zero(),
    payments: new Map(), change: 0n, byHour: new Map(),
  };
}

function addMoney(into: Money, m: Money, sign: bigint): void {
  into.ht += sign * m.ht;
  into.vat += sign * m.vat;
  into.specific += sign * m.specific;
  into.ttc += sign * m.ttc;
}

/** Names an invoice in an error the way an owner or auditor can find it. */
export function invoiceLabel(inv: SealedInvoice): string {
  const n = inv.security?.fiscal_number;
  return n === undefined ? `invoice ${String(inv.client_invoice_id)}` : `invoice ${String(inv.client_invoice_id)} (fiscal number ${n})`;
}

function bad(inv: SealedInvoice, what: string): ReportError {
  return new ReportError('invalid_invoice', `The ${invoiceLabel(inv)} cannot be counted: ${what}.`);
}

// A day repeats the same few amounts ("0.00" above all); parsing each once keeps an X over 10,000 invoices fast.
const parsed = new Map<string, Minor | null>();
function cachedAmount(wire: string): Minor | null {
  let m = parsed.get(wire);
  if (m === undefined) {
    if (parsed.size >= 50_000) parsed.clear();
    m = parseAmount(wire);
    parsed.set(wire, m);
  }
  return m;
}

function amount(inv: SealedInvoice, path: string, wire: unknown): Minor {
  const m = typeof wire === 'string' ? cachedAmount(wire) : null;
  if (m === null) throw bad(inv, `${path} "${String(wire)}" is not an amount like "4064.00"`);
  return m;
}

function money(inv: SealedInvoice, path: string, f: ReportAmounts | undefined): Money {
  if (f === undefined) throw bad(inv, `${path} is missing`);
  return {
    ht: amount(inv, `${path}.ht`, f.ht),
    vat: amount(inv, `${path}.vat`, f.vat),
    specific: amount(inv, `${path}.specific`, f.specific),
    ttc: amount(inv, `${path}.ttc`, f.ttc),
  };
}

/** `2026-11-25T14:00:00+01:00` from the trusted DGI time `20261125140311`, which is Kinshasa wall time. */
export function hourOf(inv: SealedInvoice): string {
  const ts = inv.security?.timestamp;
  // A cheap check of the fields the hour is read from; the full calendar check is the verifier's (dgi-time.ts).
  if (typeof ts !== 'string' || !/^\d{4}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])([01]\d|2[0-3])[0-5]\d[0-5]\d$/.test(ts)) {
    throw bad(inv, `security.timestamp "${String(ts)}" is not yyyyMMddHHmmss`);
  }
  return `${ts.slice(0, 4)}-${ts.slice(4, 6)}-${ts.slice(6, 8)}T${ts.slice(8, 10)}:00:00+01:00`;
}

/** Checks what every report relies on and answers the invoice's type and currency. */
export function invoiceKind(inv: SealedInvoice): { type: InvoiceType; currency: Currency; sign: bigint } {
  if (!(INVOICE_TYPES as readonly string[]).includes(inv.type)) throw bad(inv, `type "${String(inv.type)}" is not FV, FT, EV, ET, FA or EA`);
  if (!(CURRENCIES as readonly string[]).includes(inv.currency)) throw bad(inv, `currency "${String(inv.currency)}" is not CDF or USD`);
  return { type: inv.type, currency: inv.currency, sign: isCreditType(inv.type) ? -1n : 1n };
}

/** Adds one sealed invoice: a credit note (FA, EA) counts under its type and subtracts everywhere else. */
export function addInvoice(tally: Tally, inv: SealedInvoice): void {
  const { type, currency, sign } = invoiceKind(inv);
  const section = tally.get(currency) ?? newSection(currency);
  tally.set(currency, section);
  const totals = money(inv, 'totals', inv.totals);
  const hour = hourOf(inv);

  const byType = section.byType.get(type) ?? counted();
  section.byType.set(type, byType);
  byType.count += 1;
  addMoney(byType, totals, 1n);
  const side = sign < 0n ? section.credits : section.sales;
  side.count += 1;
  addMoney(side, totals, 1n);
  addMoney(section.totals, totals, sign);

  if (!Array.isArray(inv.tax_groups)) throw bad(inv, 'tax_groups is not a list');
  inv.tax_groups.forEach((g, i) => {
    const rate = typeof g.rate === 'string' ? parseRate(g.rate) : null;
    if (rate === null) throw bad(inv, `tax_groups[${i}].rate "${String(g.rate)}" is not a rate like "16.00"`);
    if (!(TAX_GROUP_LABELS as readonly string[]).includes(g.group)) throw bad(inv, `tax_groups[${i}].group "${String(g.group)}" is not A to P`);
    const key = `${g.group}|${rate}`;
    const line = section.byGroup.get(key) ?? { group: g.group, rate, ...zero() };
    section.byGroup.set(key, line);
    addMoney(line, money(inv, `tax_groups[${i}]`, g), sign);
  });

  addPayments(section, inv, totals.ttc, sign);
  const h = section.byHour.get(hour) ?? { count: 0, ttc: 0n };
  section.byHour.set(hour, h);
  h.count += 1;
  h.ttc += sign * totals.ttc;
}

/**
 * Payments as tendered, each in its own currency; what was paid beyond the total went back as cash in the invoice's
 * currency (fiscal/payments.ts), so it comes off cash there: the figures are what the drawer holds.
 */
function addPayments(section: SectionTally, inv: SealedInvoice, ttc: Minor, sign: bigint): void {
  if (!Array.isArray(inv.payments)) throw bad(inv, 'payments is not a list');
  let paid = 0n;
  inv.payments.forEach((p, i) => {
    if (!(PAYMENT_METHODS as readonly string[]).includes(p.method)) throw bad(inv, `payments[${i}].method "${String(p.method)}" is not E, V, C, M, D or A`);
    if (!(CURRENCIES as readonly string[]).includes(p.currency)) throw bad(inv, `payments[${i}].currency "${String(p.currency)}" is not CDF or USD`);
    const tendered = amount(inv, `payments[${i}].amount`, p.amount);
    addPayment(section, p.method, p.currency, sign * tendered);
    if (p.currency === inv.currency) paid += tendered;
    else {
      const rate = inv.usd_rate === undefined ? null : parseAmount(inv.usd_rate.rate);
      if (rate === null || rate === 0n) throw bad(inv, `payments[${i}] is in ${p.currency} but the invoice has no usable usd_rate`);
      paid += convertAmount(tendered, p.currency, inv.currency, rate);
    }
  });
  const change = paid - ttc;
  if (change > 0n) {
    addPayment(section, 'E', inv.currency, -sign * change);
    section.change += sign * change;
  }
}

function addPayment(section: SectionTally, method: PaymentMethod, currency: Currency, amt: Minor): void {
  const key = `${method}|${currency}`;
  const line = section.payments.get(key) ?? { method, currency, amount: 0n };
  section.payments.set(key, line);
  line.amount += amt;
}

const wire = (m: Money): ReportAmounts => ({
  ht: formatAmount(m.ht),
  vat: formatAmount(m.vat),
  specific: formatAmount(m.specific),
  ttc: formatAmount(m.ttc),
});
const wireCounted = (c: Counted) => ({ count: c.count, ...wire(c) });

/** The wire form, every list in a fixed order so the same invoices in any order give the same report. */
export function sectionToWire(s: SectionTally): ReportCurrencySection {
  const groups = [...s.byGroup.values()].sort(
    (a, b) => TAX_GROUP_LABELS.indexOf(a.group) - TAX_GROUP_LABELS.indexOf(b.group) || (a.rate < b.rate ? -1 : a.rate > b.rate ? 1 : 0),
  );
  const payments = [...s.payments.values()].sort(
    (a, b) => PAYMENT_METHODS.indexOf(a.method) - PAYMENT_METHODS.indexOf(b.method) || CURRENCIES.indexOf(a.currency) - CURRENCIES.indexOf(b.currency),
  );
  return {
    currency: s.currency,
    by_type: INVOICE_TYPES.flatMap((t) => {
      const c = s.byType.get(t);
      return c === undefined ? [] : [{ type: t, ...wireCounted(c) }];
    }),
    sales: wireCounted(s.sales),
    credits: wireCounted(s.credits),
    by_group: groups.map((g) => ({ group: g.group, rate: formatRate(g.rate), ...wire(g) })),
    totals: wire(s.totals),
    payments: payments.map((p) => ({ method: p.method, currency: p.currency, amount: formatAmount(p.amount) })),
    change_given: formatAmount(s.change),
    by_hour: [...s.byHour.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([hour, h]) => ({ hour, count: h.count, ttc: formatAmount(h.ttc) })),
  };
}

/** Sections in currency order (CDF, USD), only the currencies that had invoices. */
export function tallyToWire(tally: Tally): ReportCurrencySection[] {
  return CURRENCIES.flatMap((c) => {
    const s = tally.get(c);
    return s === undefined ? [] : [sectionToWire(s)];
  });
}

/** Net TTC of the period per currency, for the grand total. */
export function netTtc(tally: Tally, currency: Currency): Minor {
  return tally.get(currency)?.totals.ttc ?? 0n;
}
