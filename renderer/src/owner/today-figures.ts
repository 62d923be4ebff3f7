// Today at a glance, from the day's invoices: sales and VAT, credit notes, by hour, by tax group, by payment method.
import type { Currency, PaymentMethod, TaxGroupLabel } from '../../../fiscal/invoice-types';
import { parseAmount, type Minor } from '../../../fiscal/money';
import { convertAmount } from '../../../fiscal/payments';
import type { InvoiceRecord } from '../../../main/api/pos-types';

export type CurrencyGlance = {
  currency: Currency;
  sales: { count: number; ttc: Minor; vat: Minor };
  credits: { count: number; ttc: Minor; vat: Minor };
  /** Net TTC (sales − credit notes) per Kinshasa hour, 0..23. */
  byHour: Minor[];
  byGroup: { group: TaxGroupLabel; ttc: Minor; vat: Minor }[];
  /** Money kept per method, in the invoice currency; cash net of the change given back. */
  byMethod: { method: PaymentMethod; amount: Minor }[];
};

export type TodayGlance = {
  sections: CurrencyGlance[];
  /** Sales recorded but not sealed: they are not in the figures, since no fiscal receipt exists for them. */
  waiting: number;
  rejected: number;
};

const amount = (s: string): Minor => parseAmount(s) ?? 0n;
const isCredit = (type: string): boolean => type === 'FA' || type === 'EA';

function emptySection(currency: Currency): CurrencyGlance {
  return { currency, sales: { count: 0, ttc: 0n, vat: 0n }, credits: { count: 0, ttc: 0n, vat: 0n }, byHour: Array.from({ length: 24 }, () => 0n), byGroup: [], byMethod: [] };
}

function addTo<K extends string>(list: { amount: Minor; method: K }[], method: K, value: Minor): void {
  const row = list.find((r) => r.method === method);
  if (row === undefined) list.push({ method, amount: value });
  else row.amount += value;
}

/** Figures of sealed invoices only; each currency on its own (CDF and USD are never added together). */
export function todayGlance(records: readonly InvoiceRecord[]): TodayGlance {
  const sections = new Map<Currency, CurrencyGlance>();
  let waiting = 0;
  let rejected = 0;
  for (const rec of records) {
    if (rec.status === 'rejected') rejected++;
    const inv = rec.sealed;
    if (inv === null) {
      if (rec.status !== 'rejected') waiting++;
      continue;
    }
    const s = sections.get(inv.currency) ?? emptySection(inv.currency);
    sections.set(inv.currency, s);
    const sign = isCredit(inv.type) ? -1n : 1n;
    const ttc = amount(inv.totals.ttc);
    const vat = amount(inv.totals.vat);
    const bucket = sign < 0n ? s.credits : s.sales;
    bucket.count++;
    bucket.ttc += ttc;
    bucket.vat += vat;
    const hour = Number(inv.issued_at.slice(11, 13));
    if (hour >= 0 && hour < 24) s.byHour[hour] = (s.byHour[hour] ?? 0n) + sign * ttc;
    for (const g of inv.tax_groups) {
      const row = s.byGroup.find((r) => r.group === g.group);
      if (row === undefined) s.byGroup.push({ group: g.group, ttc: sign * amount(g.ttc), vat: sign * amount(g.vat) });
      else {
        row.ttc += sign * amount(g.ttc);
        row.vat += sign * amount(g.vat);
      }
    }
    const rate = inv.usd_rate === undefined ? null : parseAmount(inv.usd_rate.rate);
    for (const p of inv.payments) {
      const inInvoiceCurrency = p.currency === inv.currency || rate === null ? amount(p.amount) : convertAmount(amount(p.amount), p.currency, inv.currency, rate);
      addTo(s.byMethod, p.method, sign * inInvoiceCurrency);
    }
    // Change is given back in cash (35h), so the cash kept is what was tendered less the change.
    addTo(s.byMethod, 'E', -sign * amount(rec.change_due));
  }
  for (const s of sections.values()) {
    s.byGroup.sort((a, b) => a.group.localeCompare(b.group));
    s.byMethod = s.byMethod.filter((m) => m.amount !== 0n);
  }
  return { sections: [...sections.values()].sort((a, b) => a.currency.localeCompare(b.currency)), waiting, rejected };
}
