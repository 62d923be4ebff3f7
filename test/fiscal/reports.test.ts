// Proves X and Z on a realistic day: every figure worked by hand, credit notes subtracted, CDF and USD kept apart.
import { beforeAll, describe, expect, it } from 'vitest';
import type { SealedInvoice } from '../../fiscal/invoice-types';
import { ReportError, xReport, zReport, type XReport } from '../../fiscal/reports';
import { dayInput, sealDay } from './reports-fixtures';

let day: SealedInvoice[];
let x: XReport;
beforeAll(async () => {
  day = await sealDay();
  x = xReport(dayInput(day, '2026-11-25T17:00:00+01:00'));
});

const cdf = () => x.figures.sections.find((s) => s.currency === 'CDF')!;
const usd = () => x.figures.sections.find((s) => s.currency === 'USD')!;

describe('X report of 25 November 2026', () => {
  it('covers the period from the opening to the time it is taken, numbered for the next Z', () => {
    expect(x.kind).toBe('X');
    expect(x.z_number).toBe(1);
    expect(x.period).toEqual({ from: '2026-11-25T07:00:00+01:00', to: '2026-11-25T17:00:00+01:00' });
    expect(x.taken_at).toBe('2026-11-25T17:00:00+01:00');
    expect(x.outlet_id).toBe('outlet-central');
    expect([x.authority_id, x.pos_terminal_id, x.cashier_name]).toEqual(['SC01000001-1', 'till-1', 'JACQUES']);
  });

  it('keeps CDF and USD invoices in separate sections, CDF first', () => {
    expect(x.figures.sections.map((s) => s.currency)).toEqual(['CDF', 'USD']);
  });

  it('counts and sums each invoice type as sealed, the credit note positive under FA', () => {
    expect(cdf().by_type).toEqual([
      { type: 'FV', count: 3, ht: '34724.00', vat: '4552.00', specific: '75.00', ttc: '39351.00' },
      { type: 'FT', count: 1, ht: '8621.00', vat: '1379.00', specific: '0.00', ttc: '10000.00' },
      { type: 'EV', count: 1, ht: '1000000.00', vat: '0.00', specific: '0.00', ttc: '1000000.00' },
      { type: 'FA', count: 1, ht: '400.00', vat: '64.00', specific: '0.00', ttc: '464.00' },
    ]);
    expect(cdf().sales).toEqual({ count: 5, ht: '1043345.00', vat: '5931.00', specific: '75.00', ttc: '1049351.00' });
    expect(cdf().credits).toEqual({ count: 1, ht: '400.00', vat: '64.00', specific: '0.00', ttc: '464.00' });
  });

  it('gives per-group HT, VAT, T.S. and TTC net of the credit note', () => {
    expect(cdf().by_group).toEqual([
      { group: 'A', rate: '0.00', ht: '3600.00', vat: '0.00', specific: '0.00', ttc: '3600.00' },
      { group: 'B', rate: '16.00', ht: '35345.00', vat: '5667.00', specific: '75.00', ttc: '41087.00' },
      { group: 'C', rate: '5.00', ht: '4000.00', vat: '200.00', specific: '0.00', ttc: '4200.00' },
      { group: 'E', rate: '0.00', ht: '1000000.00', vat: '0.00', specific: '0.00', ttc: '1000000.00' },
    ]);
    expect(cdf().totals).toEqual({ ht: '1042945.00', vat: '5867.00', specific: '75.00', ttc: '1048887.00' });
  });

  it('gives payments per method and tendered currency, cash net of change and of the refund', () => {
    expect(cdf().payments).toEqual([
      { method: 'E', currency: 'CDF', amount: '3600.00' }, // 5.000 − 936 change − 464 refund
      { method: 'V', currency: 'CDF', amount: '1000000.00' },
      { method: 'C', currency: 'CDF', amount: '10000.00' },
      { method: 'C', currency: 'USD', amount: '10.00' }, // the telephone, a CDF invoice paid by USD card
      { method: 'M', currency: 'CDF', amount: '6787.00' },
    ]);
    expect(cdf().change_given).toBe('936.00');
  });

  it('gives sales by Kinshasa hour, the credit note subtracting in its hour', () => {
    expect(cdf().by_hour).toEqual([
      { hour: '2026-11-25T08:00:00+01:00', count: 1, ttc: '4064.00' },
      { hour: '2026-11-25T09:00:00+01:00', count: 1, ttc: '6787.00' },
      { hour: '2026-11-25T10:00:00+01:00', count: 1, ttc: '28500.00' },
      { hour: '2026-11-25T11:00:00+01:00', count: 1, ttc: '-464.00' },
      { hour: '2026-11-25T14:00:00+01:00', count: 1, ttc: '1000000.00' },
      { hour: '2026-11-25T16:00:00+01:00', count: 1, ttc: '10000.00' },
    ]);
  });

  it('holds the USD invoice in its own section, in centimes', () => {
    expect(usd()).toEqual({
      currency: 'USD',
      by_type: [{ type: 'FV', count: 1, ht: '86.21', vat: '13.79', specific: '0.00', ttc: '100.00' }],
      sales: { count: 1, ht: '86.21', vat: '13.79', specific: '0.00', ttc: '100.00' },
      credits: { count: 0, ht: '0.00', vat: '0.00', specific: '0.00', ttc: '0.00' },
      by_group: [{ group: 'B', rate: '16.00', ht: '86.21', vat: '13.79', specific: '0.00', ttc: '100.00' }],
      totals: { ht: '86.21', vat: '13.79', specific: '0.00', ttc: '100.00' },
      payments: [{ method: 'E', currency: 'USD', amount: '100.00' }],
      change_given: '0.00',
      by_hour: [{ hour: '2026-11-25T14:00:00+01:00', count: 1, ttc: '100.00' }],
    });
  });

  it('gives numbers, voids, cancellations, drawer opens and the upload state', () => {
    const f = x.figures;
    expect(f.invoice_count).toBe(7);
    expect(f.numbers).toEqual({ first: 1, last: 8 });
    expect(f.device_numbers).toEqual([]);
    expect(f.unaccounted_numbers).toEqual([]);
    expect(f.voided).toEqual([{ fiscal_number: 4, reason: 'Numéro non utilisé du bloc délégué rendu' }]);
    expect(f.voided_count).toBe(1);
    expect(f.cancelled_count).toBe(1);
    expect(f.drawer_opens_without_sale).toBe(2); // the 17:30 opening comes after the X
    expect(f.not_uploaded_count).toBe(2);
    expect(f.last_upload_at).toBe('2026-11-25T16:30:00+01:00');
  });

  it('gives the running grand total per currency', () => {
    expect(x.grand_totals).toEqual([
      { currency: 'CDF', ttc: '1048887.00' },
      { currency: 'USD', ttc: '100.00' },
    ]);
  });

  it('gives the same report when taken twice, and changes nothing in its input', () => {
    const input = dayInput(day, '2026-11-25T17:00:00+01:00');
    const before = JSON.stringify(input);
    expect(xReport(input)).toEqual(xReport(input));
    expect(xReport(input)).toEqual(x);
    expect(JSON.stringify(input)).toBe(before);
  });

  it('has the same figures as the Z taken at the same moment', () => {
    const z = zReport(dayInput(day, '2026-11-25T17:00:00+01:00'));
    expect(z.figures).toEqual(x.figures);
    expect(z.grand_totals).toEqual(x.grand_totals);
  });
});

describe('refusals', () => {
  it('refuses the same fiscal number twice, naming it', () => {
    const input = dayInput([...day, day[0]!], '2026-11-25T17:00:00+01:00');
    expect(() => xReport(input)).toThrow(ReportError);
    expect(() => xReport(input)).toThrow(/Fiscal number 1 appears twice/);
  });

  it('refuses a voided number that also carries an invoice', () => {
    const input = { ...dayInput(day, '2026-11-25T17:00:00+01:00'), voided: [{ fiscal_number: 3, reason: 'x' }] };
    expect(() => xReport(input)).toThrow(/Fiscal number 3 \(voided: x\) appears twice/);
  });

  it('refuses an invoice whose figures are not wire amounts, naming the invoice and the field', () => {
    const broken = { ...day[1]!, totals: { ...day[1]!.totals, ttc: '6787' } };
    try {
      xReport(dayInput([broken], '2026-11-25T17:00:00+01:00'));
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ReportError);
      expect((e as ReportError).code).toBe('invalid_invoice');
      expect((e as ReportError).message).toContain('fiscal number 2');
      expect((e as ReportError).message).toContain('totals.ttc "6787"');
    }
  });

  it('refuses an unsealed invoice and a report time without an offset', () => {
    const { security: _s, ...draft } = day[0]!;
    expect(() => xReport(dayInput([draft as SealedInvoice], '2026-11-25T17:00:00+01:00'))).toThrow(/no security elements/);
    expect(() => xReport(dayInput(day, '2026-11-25T17:00:00'))).toThrow(expect.objectContaining({ code: 'invalid_time' }));
  });

  it('refuses a USD payment on a CDF invoice without its rate', () => {
    const { usd_rate: _r, ...noRate } = day[2]!;
    expect(() => xReport(dayInput([noRate as SealedInvoice], '2026-11-25T17:00:00+01:00'))).toThrow(/no usable usd_rate/);
  });
});
