// Money, quantity and rate codecs: bigint minor units inside, decimal strings on the wire, one rounding rule.

/** Amounts in centimes (two fraction digits), never a float. */
export type Minor = bigint;

/** Wire amounts: exactly two fraction digits, non-negative, at most 15 integer digits. */
export const AMOUNT_RE: RegExp = /^(0|[1-9]\d{0,14})\.\d{2}$/;
/** Quantities: up to three fraction digits, at most 9 integer digits. */
export const QUANTITY_RE: RegExp = /^(0|[1-9]\d{0,8})(\.\d{1,3})?$/;
/** Rates in percent with exactly two fraction digits, like "16.00". */
export const RATE_RE: RegExp = /^\d{1,3}\.\d{2}$/;

/** "4064.00" -> 406400n; null when the string is not a wire amount. */
export function parseAmount(s: string): Minor | null {
  if (!AMOUNT_RE.test(s)) return null;
  return BigInt(s.replace('.', ''));
}

/** 406400n -> "4064.00"; negative amounts (change owed, differences) keep a leading '-'. */
export function formatAmount(m: Minor): string {
  const neg = m < 0n;
  const abs = neg ? -m : m;
  const units = abs / 100n;
  const cents = (abs % 100n).toString().padStart(2, '0');
  return `${neg ? '-' : ''}${units.toString()}.${cents}`;
}

/** Quantity in thousandths: "1.25" -> 1250n, "5" -> 5000n; null when not a wire quantity. */
export function parseQuantity(s: string): bigint | null {
  if (!QUANTITY_RE.test(s)) return null;
  const [whole, frac = ''] = s.split('.');
  return BigInt(whole) * 1000n + BigInt(frac.padEnd(3, '0'));
}

/** Shortest decimal form of a quantity in thousandths: 5000n -> "5", 1250n -> "1.25". */
export function formatQuantity(q: bigint): string {
  const neg = q < 0n;
  const abs = neg ? -q : q;
  const whole = (abs / 1000n).toString();
  const frac = (abs % 1000n).toString().padStart(3, '0').replace(/0+$/, '');
  return `${neg ? '-' : ''}${whole}${frac === '' ? '' : `.${frac}`}`;
}

/** Rate in hundredths of a percent: "16.00" -> 1600n; null when not a wire rate. */
export function parseRate(s: string): bigint | null {
  if (!RATE_RE.test(s)) return null;
  return BigInt(s.replace('.', ''));
}

/** 1600n -> "16.00". */
export function formatRate(r: bigint): string {
  return formatAmount(r);
}

/**
 * THE rounding rule of the project: n / d rounded half away from zero (d must be non-zero).
 * Half away from zero is the usual commercial rule and matches every DGI example (500 TTC at 16 % -> 68.97 -> 69).
 */
export function roundDiv(n: bigint, d: bigint): bigint {
  if (d === 0n) throw new RangeError('roundDiv: division by zero');
  const neg = (n < 0n) !== (d < 0n);
  const an = n < 0n ? -n : n;
  const ad = d < 0n ? -d : d;
  const q = (an * 2n + ad) / (ad * 2n);
  return neg ? -q : q;
}

function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
}

/**
 * Printed form of an amount on a receipt, following French/Congolese usage ('.' thousands, ',' decimals):
 * CDF as whole francs ("4.064": the DGI sample invoice prints francs without centimes; any centimes are
 * rounded half away from zero, which never happens for totals since CDF VAT is rounded to the franc),
 * USD with centimes ("1.234,50"). The DGI sample shows only CDF; the USD form is our choice for consistency.
 */
export function formatDgiAmount(m: Minor, currency: 'CDF' | 'USD'): string {
  const neg = m < 0n;
  const abs = neg ? -m : m;
  const sign = neg ? '-' : '';
  if (currency === 'CDF') {
    return `${sign}${groupThousands(roundDiv(abs, 100n).toString())}`;
  }
  const cents = (abs % 100n).toString().padStart(2, '0');
  return `${sign}${groupThousands((abs / 100n).toString())},${cents}`;
}
