// How figures read on paper: amounts as the DGI sample prints them, quantities, rates, DGI times and the grouped code.
import { dgiDisplayTime, DgiTimeError } from '../fiscal/dgi-time';
import type { Currency } from '../fiscal/invoice-types';
import { formatDgiAmount, parseAmount, parseQuantity, type Minor } from '../fiscal/money';
import { countersText, formatCodeForPrint, SecurityElementError, type CodeOrigin, type Counters } from '../fiscal/security-elements';
import { PrinterError } from './document-error';

/** The kernel's formatting errors, as the one error type of the printer. */
function kernel<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof SecurityElementError || e instanceof DgiTimeError) throw new PrinterError('bad-layout-input', e.message, e);
    throw e;
  }
}

/** A wire amount ("4064.00") as printed: CDF in whole francs with '.' thousands ("4.064"), USD "1.234,50". */
export function printAmount(wire: string, currency: Currency, field = 'amount'): string {
  return printMinor(mustAmount(wire, field), currency);
}

export function printMinor(m: Minor, currency: Currency): string {
  return formatDgiAmount(m, currency);
}

/** A wire amount in centimes; a leading '-' is accepted, since a report's net figure can be negative. */
export function mustAmount(wire: string, field: string): Minor {
  const isNegative = wire.startsWith('-');
  const m = parseAmount(isNegative ? wire.slice(1) : wire);
  if (m === null) throw new PrinterError('bad-layout-input', `${field}: "${wire}" is not an amount`);
  return isNegative ? -m : m;
}

/** "5" -> "5", "1.250" -> "1,25": a decimal comma, since '.' groups thousands in the amounts beside it. */
export function printQuantity(wire: string): string {
  const q = parseQuantity(wire);
  if (q === null) throw new PrinterError('bad-layout-input', `quantity: "${wire}" is not a quantity`);
  const whole = (q / 1000n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  const frac = (q % 1000n).toString().padStart(3, '0').replace(/0+$/, '');
  return frac === '' ? whole : `${whole},${frac}`;
}

/** "16.00" -> "16%", "12.50" -> "12,5%" (the sample prints "16%"). */
export function printRate(wire: string): string {
  const m = /^(\d{1,3})\.(\d{2})$/.exec(wire);
  if (!m) throw new PrinterError('bad-layout-input', `rate: "${wire}" is not a rate`);
  const frac = (m[2] ?? '').replace(/0+$/, '');
  return `${m[1] ?? ''}${frac === '' ? '' : `,${frac}`}%`;
}

/** DGI time yyyyMMddHHmmss -> "dd/MM/yyyy HH:mm:ss" (DEF Heure, protocol §2), by the kernel's dgiDisplayTime. */
export function printDgiTime(ts: string): string {
  return kernel(() => dgiDisplayTime(ts));
}

/** The Kinshasa calendar day (YYYY-MM-DD) of a DGI time. */
export function dgiTimeDate(ts: string): string {
  return `${ts.slice(0, 4)}-${ts.slice(4, 6)}-${ts.slice(6, 8)}`;
}

/** An ISO 8601 time with offset, shown in Kinshasa time as "dd/MM/yyyy HH:mm:ss". */
export function printIsoTime(iso: string): string {
  return kernel(() => dgiDisplayTime(iso));
}

/** "2026-11-25" -> "25/11/2026". */
export function printDate(isoDate: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : isoDate;
}

/**
 * CODE DEF/DGI in groups of four with dashes (TESTFACTHQBA... -> TEST-FACT-HQBA-...). Codes we derive are base32
 * (A-Z, 2-7); a device's or another system's code may hold any digit, hence `origin`.
 */
export function printCode(code: string, origin: CodeOrigin): string {
  return kernel(() => formatCodeForPrint(code, origin));
}

/** DEF Compteurs "3/9 FV". */
export function printCounters(counters: Counters): string {
  return kernel(() => countersText(counters));
}
