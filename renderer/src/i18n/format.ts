// How figures read on screen: amounts as the DGI sample prints them (4.064 CDF; USD 1.234,50), quantities, rates, times.
import { dgiDisplayTime } from '../../../fiscal/dgi-time';
import type { Currency } from '../../../fiscal/invoice-types';
import { formatDgiAmount, parseAmount, parseQuantity, type Minor } from '../../../fiscal/money';

/** A wire amount ("4064.00", or "-400.00" in a report) in centimes; null when it is not one. */
export function wireToMinor(wire: string): Minor | null {
  const isNegative = wire.startsWith('-');
  const m = parseAmount(isNegative ? wire.slice(1) : wire);
  return m === null ? null : isNegative ? -m : m;
}

/** "4064.00" CDF → "4.064"; "12.50" USD → "12,50". An unreadable amount is shown as given rather than hidden. */
export function money(wire: string, currency: Currency): string {
  const m = wireToMinor(wire);
  return m === null ? wire : formatDgiAmount(m, currency);
}

export function moneyMinor(m: Minor, currency: Currency): string {
  return formatDgiAmount(m, currency);
}

/** "4.064 CDF" — for screens where both currencies can meet. */
export function moneyWithCurrency(wire: string, currency: Currency): string {
  return `${money(wire, currency)} ${currency}`;
}

/** "5" → "5", "1.250" → "1,25": decimal comma, as on the receipt, since '.' groups thousands in amounts. */
export function quantityText(wire: string): string {
  const q = parseQuantity(wire);
  if (q === null) return wire;
  const whole = (q / 1000n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  const frac = (q % 1000n).toString().padStart(3, '0').replace(/0+$/, '');
  return frac === '' ? whole : `${whole},${frac}`;
}

/** "16.00" → "16%", "12.50" → "12,5%". */
export function rateText(wire: string): string {
  const m = /^(\d{1,3})\.(\d{2})$/.exec(wire);
  if (!m) return wire;
  const frac = (m[2] ?? '').replace(/0+$/, '');
  return `${m[1] ?? ''}${frac === '' ? '' : `,${frac}`}%`;
}

/** Any instant (ISO or DGI yyyyMMddHHmmss) in Kinshasa time, "dd/MM/yyyy HH:mm:ss"; as given when unreadable. */
export function kinshasaTime(instant: string): string {
  try {
    return dgiDisplayTime(instant);
  } catch {
    return instant;
  }
}

/**
 * What a cashier types into an amount field, as a wire amount: "5000", "5 000", "5.000" (thousands, as amounts are
 * shown), "12,50" or "12.5" (decimals). Null when it is not an amount.
 */
export function parseTypedAmount(text: string): string | null {
  let s = text.replace(/[\s\u00a0\u202f]/g, '');
  if (s === '') return null;
  if (s.includes(',')) {
    s = s.replace(/\./g, '').replace(',', '.');
  } else if (/^\d{1,3}(\.\d{3})+$/.test(s)) {
    s = s.replace(/\./g, '');
  }
  const m = /^(\d{1,15})(?:\.(\d{1,2}))?$/.exec(s);
  if (!m) return null;
  const whole = String(BigInt(m[1] ?? '0'));
  return `${whole}.${(m[2] ?? '').padEnd(2, '0')}`;
}

/** A typed quantity ("3", "1,5", "0.250") as a wire quantity; null when it is not one or not positive. */
export function parseTypedQuantity(text: string): string | null {
  const s = text.trim().replace(',', '.');
  const q = /^\d{1,9}(\.\d{1,3})?$/.test(s) ? parseQuantity(s.replace(/^0+(?=\d)/, '')) : null;
  if (q === null || q <= 0n) return null;
  const whole = (q / 1000n).toString();
  const frac = (q % 1000n).toString().padStart(3, '0').replace(/0+$/, '');
  return frac === '' ? whole : `${whole}.${frac}`;
}
