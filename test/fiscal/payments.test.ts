// Tests of payment settlement: currencies at the invoice's USD rate, remainder in cash, change in cash only, refusals.
import { describe, it, expect } from 'vitest';
import { convertAmount, settlePayments, toWirePayments, type PaymentInput, type SettlementResult } from '../../fiscal/payments';

const ok = (r: SettlementResult) => {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.settlement;
};
const err = (r: SettlementResult) => (r.ok ? null : r.error);

describe('convertAmount', () => {
  it('converts USD to CDF at the rate, to the centime', () => {
    expect(convertAmount(100n, 'USD', 'CDF', 285000n)).toBe(285000n);
    expect(convertAmount(143n, 'USD', 'CDF', 285000n)).toBe(407550n);
    expect(convertAmount(1n, 'USD', 'CDF', 285050n)).toBe(2851n); // 28.505 -> 28.51, half away from zero
  });

  it('converts CDF to USD at the rate, to the centime', () => {
    expect(convertAmount(100000n, 'CDF', 'USD', 285000n)).toBe(35n); // 1000 / 2850 = 0.3509 -> 0.35
    expect(convertAmount(285000n, 'CDF', 'USD', 285000n)).toBe(100n);
  });

  it('leaves an amount in its own currency unchanged', () => {
    expect(convertAmount(123n, 'CDF', 'CDF', 0n)).toBe(123n);
  });
});

describe('settlePayments', () => {
  it('registers the remainder as cash when the payments fall short', () => {
    const s = ok(settlePayments(500000n, 'CDF', [{ method: 'C', amount: '1000.00' }, { method: 'V', amount: '1500.00' }]));
    expect(s.running).toEqual([-400000n, -250000n]);
    expect(s.payments.at(-1)).toEqual({ method: 'E', tendered: 250000n, currency: 'CDF', amount: 250000n, isRemainder: true });
    expect(s.paid).toBe(500000n);
    expect(s.change).toBe(0n);
  });

  it('takes a USD cash payment on a CDF invoice at the invoice rate and gives change in CDF', () => {
    const s = ok(settlePayments(500000n, 'CDF', [{ method: 'E', amount: '2.00', currency: 'USD' }], '2850.00'));
    expect(s.payments).toEqual([{ method: 'E', tendered: 200n, currency: 'USD', amount: 570000n, isRemainder: false }]);
    expect(s.running).toEqual([70000n]);
    expect(s.change).toBe(70000n);
  });

  it('mixes currencies: a CDF mobile-money payment on a USD invoice, remainder in USD cash', () => {
    const s = ok(settlePayments(1000n, 'USD', [{ method: 'M', amount: '14250.00', currency: 'CDF' }], '2850.00'));
    expect(s.payments.map((p) => [p.method, p.currency, p.tendered, p.amount])).toEqual([
      ['M', 'CDF', 1425000n, 500n],
      ['E', 'USD', 500n, 500n],
    ]);
    expect(toWirePayments(s)).toEqual([
      { method: 'M', amount: '14250.00', currency: 'CDF' },
      { method: 'E', amount: '5.00', currency: 'USD' },
    ]);
  });

  it('pays what remains when a payment has no amount, converting it for the tendered currency', () => {
    const s = ok(settlePayments(570000n, 'CDF', [{ method: 'M', amount: '2700.00' }, { method: 'C', currency: 'USD' }], '2850.00'));
    expect(s.payments[1]).toEqual({ method: 'C', tendered: 105n, currency: 'USD', amount: 300000n, isRemainder: false });
    expect(s.running).toEqual([-300000n, 0n]);
  });

  it('accepts change when it does not exceed the cash tendered', () => {
    const s = ok(settlePayments(240000n, 'CDF', [{ method: 'E', amount: '1000.00' }, { method: 'C', amount: '2000.00' }]));
    expect(s.change).toBe(60000n);
  });

  it('refuses an overpayment larger than the cash tendered', () => {
    const e = err(settlePayments(240000n, 'CDF', [{ method: 'C', amount: '3000.00' }]));
    expect(e?.code).toBe('CHANGE_EXCEEDS_CASH');
    expect(e?.message).toMatch(/600\.00 CDF/);
    expect(err(settlePayments(240000n, 'CDF', [{ method: 'E', amount: '100.00' }, { method: 'C', amount: '2500.00' }]))?.code).toBe('CHANGE_EXCEEDS_CASH');
  });

  it('refuses any payment after the total is reached, as the MCF does', () => {
    const e = err(settlePayments(240000n, 'CDF', [{ method: 'C', amount: '2400.00' }, { method: 'E', amount: '10.00' }]));
    expect(e).toMatchObject({ code: 'ALREADY_PAID', path: 'payments[1]' });
  });

  it('refuses a payment in the other currency without a USD rate, and a bad rate', () => {
    expect(err(settlePayments(100n, 'CDF', [{ method: 'E', amount: '1.00', currency: 'USD' }]))).toMatchObject({ code: 'NO_USD_RATE', path: 'payments[0].currency' });
    expect(err(settlePayments(100n, 'CDF', [], '0.00'))?.code).toBe('BAD_USD_RATE');
    expect(err(settlePayments(100n, 'CDF', [], '2850'))?.code).toBe('BAD_USD_RATE');
  });

  it('refuses a malformed or zero amount and an unknown method', () => {
    expect(err(settlePayments(100n, 'CDF', [{ method: 'E', amount: '1' }]))).toMatchObject({ code: 'BAD_AMOUNT', path: 'payments[0].amount' });
    expect(err(settlePayments(100n, 'CDF', [{ method: 'E', amount: '0.00' }]))?.code).toBe('BAD_AMOUNT');
    const bad = [{ method: 'X', amount: '1.00' }] as unknown as PaymentInput[];
    expect(err(settlePayments(100n, 'CDF', bad))).toMatchObject({ code: 'BAD_METHOD', path: 'payments[0].method' });
  });

  it('settles a zero total with no payment and no remainder line', () => {
    const s = ok(settlePayments(0n, 'CDF', []));
    expect(s.payments).toEqual([]);
    expect(s.change).toBe(0n);
  });
});
