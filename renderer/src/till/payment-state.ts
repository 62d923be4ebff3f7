// Payments being entered: each method and currency, settled by the fiscal kernel exactly as the core will settle them.
import type { Currency, PaymentMethod, UsdRate } from '../../../fiscal/invoice-types';
import { parseAmount, type Minor } from '../../../fiscal/money';
import { settlePayments, type PaymentError, type Settlement } from '../../../fiscal/payments';
import type { TicketPayment } from '../../../main/api/pos-types';

export type PaymentEntry = { id: number; method: PaymentMethod; amount: string; currency: Currency };

/** The order of the DGI's list (35h), as the payment screen shows it. */
export const METHODS_SHOWN: readonly PaymentMethod[] = ['E', 'C', 'M', 'V', 'D', 'A'];

export type PaymentView = {
  settlement: Settlement | null;
  error: PaymentError | null;
  /** Σ what the cashier entered, in the invoice currency (the automatic cash remainder left out). */
  entered: Minor;
  /** What is still to pay before change: total − entered, never below zero. */
  remaining: Minor;
  change: Minor;
};

export function needsRate(entries: readonly PaymentEntry[], currency: Currency): boolean {
  return entries.some((e) => e.currency !== currency);
}

export function paymentView(total: Minor, currency: Currency, entries: readonly PaymentEntry[], rate: string | null): PaymentView {
  const usesRate = needsRate(entries, currency);
  if (usesRate && (rate === null || parseAmount(rate) === null || parseAmount(rate) === 0n)) {
    return {
      settlement: null,
      error: { code: 'NO_USD_RATE', path: 'usd_rate', message: '' },
      entered: 0n, remaining: total, change: 0n,
    };
  }
  const result = settlePayments(total, currency, entries.map(toTicketPayment), usesRate ? rate ?? undefined : undefined);
  if (!result.ok) return { settlement: null, error: result.error, entered: 0n, remaining: total, change: 0n };
  const entered = result.settlement.payments.filter((p) => !p.isRemainder).reduce((a, p) => a + p.amount, 0n);
  return {
    settlement: result.settlement,
    error: null,
    entered,
    remaining: entered >= total ? 0n : total - entered,
    change: result.settlement.change,
  };
}

export function toTicketPayment(e: PaymentEntry): TicketPayment {
  return { method: e.method, amount: e.amount, currency: e.currency };
}

/** The rate goes on the invoice only when a payment was converted with it (C0h CRT/CDT). */
export function usdRateFor(entries: readonly PaymentEntry[], currency: Currency, rate: string | null, date: string): UsdRate | null {
  return needsRate(entries, currency) && rate !== null ? { rate, date } : null;
}

const RATE_KEY = 'stalela.usd-rate';

/** The day's rate as last entered on this till, when it was entered today (a rate is only good for its day). */
export function storedRate(today: string): string | null {
  try {
    const v = JSON.parse(localStorage.getItem(RATE_KEY) ?? 'null') as { date?: string; rate?: string } | null;
    return v?.date === today && typeof v.rate === 'string' ? v.rate : null;
  } catch {
    return null;
  }
}

export function storeRate(today: string, rate: string): void {
  try {
    localStorage.setItem(RATE_KEY, JSON.stringify({ date: today, rate }));
  } catch {
    // Not remembered: the cashier types it again on the next USD payment.
  }
}
