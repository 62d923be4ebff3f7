// Payments as the cashier enters them (the kernel's settlement, change in cash, the USD rate) and how amounts are typed and shown.
import { describe, expect, it } from 'vitest';
import { money, parseTypedAmount, parseTypedQuantity, quantityText, rateText } from '../../../renderer/src/i18n/format';
import { needsRate, paymentView, usdRateFor, type PaymentEntry } from '../../../renderer/src/till/payment-state';

const e = (id: number, method: PaymentEntry['method'], amount: string, currency: PaymentEntry['currency'] = 'CDF'): PaymentEntry => ({ id, method, amount, currency });

describe('paymentView', () => {
  it('splits mobile money in CDF and cash in USD at the day rate, and gives the change in CDF', () => {
    const v = paymentView(634800n, 'CDF', [e(1, 'M', '2000.00'), e(2, 'E', '2.00', 'USD')], '2850.00');
    expect(v.error).toBeNull();
    expect([v.entered, v.remaining, v.change]).toEqual([770000n, 0n, 135200n]);
  });

  it('says what remains and leaves it to the cash remainder the core registers (35h)', () => {
    const v = paymentView(634800n, 'CDF', [e(1, 'C', '5000.00')], null);
    expect([v.entered, v.remaining, v.change]).toEqual([500000n, 134800n, 0n]);
    expect(v.settlement?.payments.at(-1)).toMatchObject({ method: 'E', isRemainder: true, amount: 134800n });
  });

  it('wants the day rate before a payment in the other currency counts', () => {
    expect(paymentView(100000n, 'CDF', [e(1, 'E', '1.00', 'USD')], null).error?.code).toBe('NO_USD_RATE');
    expect(needsRate([e(1, 'E', '1.00', 'USD')], 'CDF')).toBe(true);
    expect(usdRateFor([e(1, 'E', '1000.00')], 'CDF', '2850.00', '2026-11-25')).toBeNull();
    expect(usdRateFor([e(1, 'E', '1.00', 'USD')], 'CDF', '2850.00', '2026-11-25')).toEqual({ rate: '2850.00', date: '2026-11-25' });
  });

  it('refuses change on a card payment: change is given in cash only', () => {
    expect(paymentView(240000n, 'CDF', [e(1, 'C', '3000.00')], null).error?.code).toBe('CHANGE_EXCEEDS_CASH');
  });
});

describe('typed and shown amounts', () => {
  it('reads what a cashier types: whole francs, dotted thousands as shown, decimal comma or point', () => {
    expect(parseTypedAmount('5000')).toBe('5000.00');
    expect(parseTypedAmount('5 000')).toBe('5000.00');
    expect(parseTypedAmount('5.000')).toBe('5000.00');
    expect(parseTypedAmount('1.234,50')).toBe('1234.50');
    expect(parseTypedAmount('12,5')).toBe('12.50');
    expect(parseTypedAmount('12.5')).toBe('12.50');
    expect(parseTypedAmount('')).toBeNull();
    expect(parseTypedAmount('12,345')).toBeNull();
    expect(parseTypedAmount('abc')).toBeNull();
  });

  it('reads quantities with a comma or a point, positive, three decimals at most', () => {
    expect(parseTypedQuantity('3')).toBe('3');
    expect(parseTypedQuantity('1,250')).toBe('1.25');
    expect(parseTypedQuantity('0.5')).toBe('0.5');
    expect(parseTypedQuantity('0')).toBeNull();
    expect(parseTypedQuantity('1.2345')).toBeNull();
  });

  it('shows amounts as the DGI sample prints them: CDF whole francs with dotted thousands, USD with decimals', () => {
    expect(money('4064.00', 'CDF')).toBe('4.064');
    expect(money('1234567.00', 'CDF')).toBe('1.234.567');
    expect(money('1234.50', 'USD')).toBe('1.234,50');
    expect(money('-400.00', 'CDF')).toBe('-400');
    expect(quantityText('1.250')).toBe('1,25');
    expect(rateText('16.00')).toBe('16%');
  });
});
