// Payments of an invoice: several methods and currencies, the remainder as cash, change in cash, and the 35h answers.

/*
 * Rules ("Protocoles SFE-MCF v1.0", command 35h, read as an SFE must):
 * - Methods: E cash, V transfer, C card, M mobile money, D cheque, A other. Several payments may be combined.
 * - A payment without an amount pays what remains (35h "type sans montant"); with no payment at all, the whole total
 *   is cash (35h without data).
 * - After each registered payment the device answers paid − total (negative while something remains: "R-400").
 * - Once the payments reach or pass the total, any further payment is refused (35h: "toute commande ultérieure
 *   renverra une erreur").
 * - What remains unpaid after the last payment is registered as cash automatically.
 * - Change (paid − total, when positive) is given back in cash only, so it may not exceed the cash tendered: paying
 *   3000 by card for a 2400 total is refused rather than handing 600 in notes for a card payment.
 * - A payment in the other currency is converted at the invoice's usd_rate (CDF per 1 USD), one rule, rounded once
 *   to the centime half away from zero: CDF = USD × rate; USD = CDF / rate.
 */
import { formatAmount, parseAmount, roundDiv, type Minor } from './money';

export type PaymentMethod = 'E' | 'V' | 'C' | 'M' | 'D' | 'A';
export const PAYMENT_METHOD_CODES: readonly PaymentMethod[] = ['E', 'V', 'C', 'M', 'D', 'A'];
export type PaymentCurrency = 'CDF' | 'USD';

/** One payment as the cashier enters it; no amount = what remains; no currency = the invoice's. */
export type PaymentInput = { method: PaymentMethod; amount?: string; currency?: PaymentCurrency };

export type SettledPayment = {
  method: PaymentMethod;
  /** What was tendered, in its own currency. */
  tendered: Minor;
  currency: PaymentCurrency;
  /** The same, in the invoice's currency (converted at usd_rate when the currencies differ). */
  amount: Minor;
  /** True for the cash remainder registered automatically. */
  isRemainder: boolean;
};

export type Settlement = {
  payments: SettledPayment[];
  /** The 35h answer after each payment the cashier entered: paid so far − total. */
  running: Minor[];
  /** Σ amounts, in the invoice's currency, remainder included. */
  paid: Minor;
  /** Given back in cash, in the invoice's currency: paid − total when positive, else 0. */
  change: Minor;
};

export type PaymentErrorCode = 'BAD_METHOD' | 'BAD_AMOUNT' | 'NO_USD_RATE' | 'BAD_USD_RATE' | 'ALREADY_PAID' | 'CHANGE_EXCEEDS_CASH';
/** A refused payment: a code, the path of the payment at fault and a sentence a cashier can read. */
export type PaymentError = { code: PaymentErrorCode; path: string; message: string };
export type SettlementResult = { ok: true; settlement: Settlement } | { ok: false; error: PaymentError };

/**
 * Converts an amount between CDF and USD at `usdRate` (centimes of CDF per 1 USD, e.g. 285000n for "2850.00"),
 * rounded once to the centime, half away from zero.
 */
export function convertAmount(amount: Minor, from: PaymentCurrency, to: PaymentCurrency, usdRate: Minor): Minor {
  if (from === to) return amount;
  if (usdRate <= 0n) throw new RangeError('convertAmount: the USD rate must be positive');
  return from === 'USD' ? roundDiv(amount * usdRate, 100n) : roundDiv(amount * 100n, usdRate);
}

/**
 * Registers payments against an invoice total (in the invoice's currency), as the MCF's 35h does, and settles
 * remainder and change. `usdRate` is the invoice's `usd_rate.rate` ("2850.00"), needed only when a payment is in
 * the other currency.
 */
export function settlePayments(
  total: Minor,
  currency: PaymentCurrency,
  payments: readonly PaymentInput[],
  usdRate?: string,
): SettlementResult {
  const fail = (code: PaymentErrorCode, path: string, message: string): SettlementResult => ({ ok: false, error: { code, path, message } });
  const rate = usdRate === undefined ? null : parseAmount(usdRate);
  if (usdRate !== undefined && (rate === null || rate === 0n)) {
    return fail('BAD_USD_RATE', 'usd_rate.rate', `The USD rate "${usdRate}" must be a positive amount with two decimals, like "2850.00".`);
  }
  const settled: SettledPayment[] = [];
  const running: Minor[] = [];
  let paid = 0n;
  let cash = 0n;
  for (const [i, p] of payments.entries()) {
    const at = `payments[${i}]`;
    if (!PAYMENT_METHOD_CODES.includes(p.method)) {
      return fail('BAD_METHOD', `${at}.method`, `Unknown payment method "${String(p.method)}"; use E, V, C, M, D or A.`);
    }
    if (paid >= total && (total > 0n || settled.length > 0)) {
      return fail('ALREADY_PAID', at, 'The invoice is already paid in full; no further payment can be registered.');
    }
    const cur = p.currency ?? currency;
    let tendered: Minor;
    let amount: Minor;
    if (cur !== currency && rate === null) {
      return fail('NO_USD_RATE', `${at}.currency`, `A payment in ${cur} on a ${currency} invoice needs the invoice's USD rate.`);
    }
    if (p.amount === undefined) {
      amount = total - paid;
      tendered = cur === currency ? amount : convertAmount(amount, currency, cur, rate ?? 0n);
    } else {
      const parsed = parseAmount(p.amount);
      if (parsed === null || parsed === 0n) {
        return fail('BAD_AMOUNT', `${at}.amount`, `The payment amount "${p.amount}" must be a positive amount with two decimals, like "2000.00".`);
      }
      tendered = parsed;
      amount = cur === currency ? parsed : convertAmount(parsed, cur, currency, rate ?? 0n);
    }
    paid += amount;
    if (p.method === 'E') cash += amount;
    settled.push({ method: p.method, tendered, currency: cur, amount, isRemainder: false });
    running.push(paid - total);
  }
  if (paid < total) {
    const rest = total - paid;
    settled.push({ method: 'E', tendered: rest, currency, amount: rest, isRemainder: true });
    paid = total;
  }
  const change = paid - total;
  if (change > cash) {
    return fail(
      'CHANGE_EXCEEDS_CASH',
      'payments',
      `Overpaid by ${formatAmount(change)} ${currency} but only ${formatAmount(cash)} ${currency} was tendered in cash; change is given back in cash only.`,
    );
  }
  return { ok: true, settlement: { payments: settled, running, paid, change } };
}

/** CONTRACT.md `payments`: what was tendered, remainder included, in each payment's own currency. */
export function toWirePayments(settlement: Settlement): { method: PaymentMethod; amount: string; currency: PaymentCurrency }[] {
  return settlement.payments.map((p) => ({ method: p.method, amount: formatAmount(p.tendered), currency: p.currency }));
}
