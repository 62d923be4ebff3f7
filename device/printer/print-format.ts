// How figures read on paper: amounts as the DGI sample prints them, quantities, rates, DGI times and the grouped code.
import type { Currency } from '../../fiscal/invoice-types';
import { formatDgiAmount, parseAmount, parseQuantity, type Minor } from '../../fiscal/money';
import { PrinterError } from './printer-error';

/** A wire amount ("4064.00") as printed: CDF in whole francs with '.' thousands ("4.064"), USD "1.234,50". */
export function printAmount(wire: string, currency: Currency, field = 'amount'): string {
  return printMinor(mustAmount(wire, field), currency);
}

export function printMinor(m: Minor, currency: Currency): string {
  return formatDgiAmount(m, currency);
}

export function mustAmount(wire: string, field: string): Minor {
  const m = parseAmount(wire);
  if (m === null) throw new PrinterError('bad-layout-input', `${field}: "${wire}" is not an amount`);
  return m;
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

/** DGI time yyyyMMddHHmmss -> "dd/MM/yyyy HH:mm:ss" (DEF Heure, protocol §2). */
export function printDgiTime(ts: string): string {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(ts);
  if (!m) throw new PrinterError('bad-layout-input', `timestamp: "${ts}" is not yyyyMMddHHmmss`);
  return `${m[3]}/${m[2]}/${m[1]} ${m[4]}:${m[5]}:${m[6]}`;
}

/** The Kinshasa calendar day (YYYY-MM-DD) of a DGI time. */
export function dgiTimeDate(ts: string): string {
  return `${ts.slice(0, 4)}-${ts.slice(4, 6)}-${ts.slice(6, 8)}`;
}

const KINSHASA_OFFSET_MS = 60 * 60 * 1000;

/** An ISO 8601 time with offset, shown in Kinshasa time (UTC+1, no daylight saving) as "dd/MM/yyyy HH:mm:ss". */
export function printIsoTime(iso: string): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) throw new PrinterError('bad-layout-input', `time: "${iso}" is not ISO 8601`);
  const d = new Date(t + KINSHASA_OFFSET_MS);
  const p = (n: number) => n.toString().padStart(2, '0');
  return `${p(d.getUTCDate())}/${p(d.getUTCMonth() + 1)}/${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
}

/** "2026-11-25" -> "25/11/2026". */
export function printDate(isoDate: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : isoDate;
}

/** CODE DEF/DGI in groups of four with dashes: TESTFACTHQBA... -> TEST-FACT-HQBA-... */
export function printCode(code: string): string {
  return (code.match(/.{1,4}/g) ?? []).join('-');
}
