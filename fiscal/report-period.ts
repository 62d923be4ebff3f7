// What belongs to the period since the previous Z: invoices and voids by number (never reused), till events by time.
import { DgiTimeError, dgiTimestampToEpochMs, instantToEpochMs, toKinshasaIso } from './dgi-time';
import { CURRENCIES, type SealedInvoice } from './invoice-types';
import { parseAmount } from './money';
import { inRanges, isRangeList, normalizeRanges, rangesOf, unionRanges } from './report-ranges';
import { invoiceLabel } from './report-tally';
import { ReportError, type CoveredNumbers, type PreviousZ, type ReportEvent, type ReportInput, type VoidedNumber } from './report-types';

export type PeriodSelection = {
  from: string;
  to: string;
  invoices: SealedInvoice[];
  voided: VoidedNumber[];
  drawerOpens: number;
  cancellations: number;
  /** The outlet's numbers in the period (sealed and voided), sorted. */
  outletNumbers: number[];
  /** Per NIM, the device TC counters in the period, sorted. */
  deviceNumbers: Map<string, number[]>;
  /** Everything accounted for once this period is closed: the previous Z's cover plus the period. */
  covered: CoveredNumbers;
};

/** Epoch milliseconds of an ISO time with offset, or a ReportError naming the field. */
export function epochOf(what: string, iso: unknown): number {
  try {
    return instantToEpochMs(iso as string);
  } catch (e) {
    if (e instanceof DgiTimeError) throw new ReportError('invalid_time', `${what}: ${e.message}`);
    throw e;
  }
}

/** Refuses a previous Z record that could not have come from zReport, before a single figure is trusted. */
export function checkPreviousZ(prev: PreviousZ): void {
  const r = prev.record as Partial<PreviousZ['record']> | undefined;
  const fail = (why: string) => new ReportError('invalid_previous_z', `The previous Z record ${why}.`);
  if (typeof r !== 'object' || r === null) throw fail('is not an object');
  if (!Number.isSafeInteger(r.z_number) || (r.z_number as number) < 1) throw fail(`has no Z number from 1 up (${String(r.z_number)})`);
  epochOf(`The previous Z's period end`, r.period?.to);
  const covered = r.covered;
  if (!isRangeList(covered?.outlet) || !Array.isArray(covered?.devices)) throw fail('has no list of covered numbers');
  for (const d of covered.devices) {
    if (typeof d?.authority_id !== 'string' || !isRangeList(d.ranges)) throw fail('has a malformed device cover');
  }
  if (!Array.isArray(r.grand_totals)) throw fail('has no grand totals');
  for (const g of r.grand_totals) {
    const ttc = typeof g?.ttc === 'string' ? parseAmount(g.ttc.replace(/^-/, '')) : null;
    if (!(CURRENCIES as readonly string[]).includes(g?.currency) || ttc === null) throw fail(`has a malformed grand total ${JSON.stringify(g)}`);
  }
}

function eventsInPeriod(what: string, events: readonly ReportEvent[], afterMs: number, toMs: number): number {
  let n = 0;
  events.forEach((e, i) => {
    const t = epochOf(`${what}[${i}].at`, e.at);
    if (t > afterMs && t <= toMs) n += 1;
  });
  return n;
}

function pushUnique(seen: Set<number>, n: number, what: string): void {
  if (seen.has(n)) throw new ReportError('duplicate_number', `${what} appears twice; a fiscal number is used once only.`);
  seen.add(n);
}

/**
 * The period's invoices and voids: those whose number the previous Z did not cover. Device-sealed invoices (mode
 * `device`, no outlet number) are counted per NIM by their TC counter, as the device numbers them.
 */
export function selectPeriod(input: ReportInput): PeriodSelection {
  const prev = input.previous_z;
  if (prev !== null) checkPreviousZ(prev);
  const toMs = epochOf('The report time `at`', input.at);
  const afterMs = prev === null ? Number.NEGATIVE_INFINITY : epochOf('period end', prev.record.period.to);
  const prevOutlet = prev === null ? [] : normalizeRanges(prev.record.covered.outlet);
  const prevDevices = new Map((prev?.record.covered.devices ?? []).map((d) => [d.authority_id, normalizeRanges(d.ranges)]));

  const invoices: SealedInvoice[] = [];
  const outletSeen = new Set<number>();
  const deviceSeen = new Map<string, Set<number>>();
  for (const inv of input.invoices) {
    const s = inv.security;
    if (typeof s !== 'object' || s === null) throw new ReportError('invalid_invoice', `The ${invoiceLabel(inv)} has no security elements: only sealed invoices are counted.`);
    if (s.mode === 'device') {
      const tc = s.counters?.tc;
      if (!Number.isSafeInteger(tc) || tc < 1 || typeof s.authority_id !== 'string') {
        throw new ReportError('invalid_invoice', `The device-sealed ${invoiceLabel(inv)} has no NIM and TC counter.`);
      }
      if (inRanges(prevDevices.get(s.authority_id) ?? [], tc)) continue;
      const seen = deviceSeen.get(s.authority_id) ?? new Set<number>();
      deviceSeen.set(s.authority_id, seen);
      pushUnique(seen, tc, `Counter TC ${tc} of device ${s.authority_id}`);
    } else {
      const n = s.fiscal_number;
      if (n === undefined || !Number.isSafeInteger(n) || n < 1) {
        throw new ReportError('invalid_invoice', `The ${invoiceLabel(inv)} sealed in mode ${String(s.mode)} has no fiscal number.`);
      }
      if (inRanges(prevOutlet, n)) continue;
      pushUnique(outletSeen, n, `Fiscal number ${n}`);
    }
    invoices.push(inv);
  }
  const voided: VoidedNumber[] = [];
  input.voided.forEach((v, i) => {
    const n = v.fiscal_number;
    if (!Number.isSafeInteger(n) || n < 1) throw new ReportError('invalid_record', `voided[${i}] has no fiscal number from 1 up (${String(n)}).`);
    if (inRanges(prevOutlet, n)) return;
    pushUnique(outletSeen, n, `Fiscal number ${n} (voided: ${v.reason})`);
    voided.push(v);
  });

  const outletNumbers = [...outletSeen].sort((a, b) => a - b);
  const deviceNumbers = new Map([...deviceSeen].map(([nim, set]) => [nim, [...set].sort((a, b) => a - b)]));
  const nims = [...new Set([...prevDevices.keys(), ...deviceNumbers.keys()])].sort();
  const covered: CoveredNumbers = {
    outlet: unionRanges(prevOutlet, rangesOf(outletNumbers)),
    devices: nims.map((nim) => ({ authority_id: nim, ranges: unionRanges(prevDevices.get(nim) ?? [], rangesOf(deviceNumbers.get(nim) ?? [])) })),
  };
  return {
    from: periodStart(input, invoices, voided, toMs),
    to: toKinshasaIso(input.at),
    invoices,
    voided,
    drawerOpens: eventsInPeriod('drawer_opens_without_sale', input.drawer_opens_without_sale, afterMs, toMs),
    cancellations: eventsInPeriod('cancellations', input.cancellations, afterMs, toMs),
    outletNumbers,
    deviceNumbers,
    covered,
  };
}

/** The previous Z's end; else the outlet's opening; else the earliest record of the period; else the report time. */
function periodStart(input: ReportInput, invoices: readonly SealedInvoice[], voided: readonly VoidedNumber[], toMs: number): string {
  if (input.previous_z !== null) return toKinshasaIso(input.previous_z.record.period.to);
  if (input.since !== undefined) {
    epochOf('since', input.since);
    return toKinshasaIso(input.since);
  }
  let earliest = toMs;
  const consider = (t: number) => {
    if (t < earliest) earliest = t;
  };
  // DGI times are Kinshasa wall time, yyyyMMddHHmmss: as text they sort as they happen, so only the first is converted.
  let first: SealedInvoice | undefined;
  for (const inv of invoices) if (first === undefined || inv.security.timestamp < first.security.timestamp) first = inv;
  if (first !== undefined) consider(trustedTime(first));
  for (const v of voided) if (v.at !== undefined) consider(epochOf(`voided number ${v.fiscal_number}`, v.at));
  for (const e of [...input.drawer_opens_without_sale, ...input.cancellations]) {
    const t = epochOf('event', e.at);
    if (t <= toMs) consider(t);
  }
  return toKinshasaIso(new Date(earliest));
}

/** Epoch milliseconds of an invoice's trusted DGI time (Kinshasa wall time). */
export function trustedTime(inv: SealedInvoice): number {
  try {
    return dgiTimestampToEpochMs(inv.security.timestamp);
  } catch (e) {
    if (e instanceof DgiTimeError) throw new ReportError('invalid_invoice', `The ${invoiceLabel(inv)} has no valid trusted time: ${e.message}`);
    throw e;
  }
}
