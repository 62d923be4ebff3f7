// Tests of the money codecs: wire regexes, parse/format round trips, the one rounding rule and the printed form.
import { describe, it, expect } from 'vitest';
import {
  AMOUNT_RE,
  QUANTITY_RE,
  RATE_RE,
  formatAmount,
  formatDgiAmount,
  formatQuantity,
  formatRate,
  parseAmount,
  parseQuantity,
  parseRate,
  roundDiv,
} from '../../fiscal/money';

describe('parseAmount / formatAmount', () => {
  it('reads a wire amount as centimes', () => {
    expect(parseAmount('4064.00')).toBe(406400n);
    expect(parseAmount('0.05')).toBe(5n);
    expect(parseAmount('0.00')).toBe(0n);
    expect(parseAmount('999999999999999.99')).toBe(99999999999999999n);
  });

  it('refuses anything but exactly two fraction digits, non-negative, without leading zeros', () => {
    for (const bad of ['4064', '4064.0', '4064.000', '-1.00', '01.00', '1,00', ' 1.00', '1.00 ', '', '.50', '1e3', '1000000000000000.00']) {
      expect(parseAmount(bad), bad).toBeNull();
      expect(AMOUNT_RE.test(bad), bad).toBe(false);
    }
  });

  it('formats centimes with two decimals, keeping the sign of negative differences', () => {
    expect(formatAmount(406400n)).toBe('4064.00');
    expect(formatAmount(5n)).toBe('0.05');
    expect(formatAmount(0n)).toBe('0.00');
    expect(formatAmount(-1250n)).toBe('-12.50');
    expect(formatAmount(-5n)).toBe('-0.05');
  });

  it('round-trips every non-negative amount it formats', () => {
    for (const m of [0n, 1n, 99n, 100n, 101n, 123456789n, 10n ** 17n - 1n]) {
      expect(parseAmount(formatAmount(m))).toBe(m);
    }
  });
});

describe('parseQuantity / formatQuantity', () => {
  it('reads quantities as thousandths', () => {
    expect(parseQuantity('5')).toBe(5000n);
    expect(parseQuantity('1.25')).toBe(1250n);
    expect(parseQuantity('1.250')).toBe(1250n);
    expect(parseQuantity('0.001')).toBe(1n);
    expect(parseQuantity('999999999.999')).toBe(999999999999n);
  });

  it('refuses more than three fraction digits, signs, leading zeros and bare points', () => {
    for (const bad of ['1.2345', '-1', '01', '1.', '.5', '', '1,5', '1000000000']) {
      expect(parseQuantity(bad), bad).toBeNull();
      expect(QUANTITY_RE.test(bad), bad).toBe(false);
    }
  });

  it('formats the shortest form', () => {
    expect(formatQuantity(5000n)).toBe('5');
    expect(formatQuantity(1250n)).toBe('1.25');
    expect(formatQuantity(1n)).toBe('0.001');
    expect(formatQuantity(0n)).toBe('0');
    expect(formatQuantity(10500n)).toBe('10.5');
  });
});

describe('parseRate / formatRate', () => {
  it('reads rates as hundredths of a percent', () => {
    expect(parseRate('16.00')).toBe(1600n);
    expect(parseRate('0.00')).toBe(0n);
    expect(parseRate('5.00')).toBe(500n);
    expect(formatRate(1600n)).toBe('16.00');
    expect(formatRate(100n)).toBe('1.00');
  });

  it('refuses rates without exactly two decimals', () => {
    for (const bad of ['16', '16.0', '16%', '1600.00', '-1.00']) {
      expect(parseRate(bad), bad).toBeNull();
      expect(RATE_RE.test(bad), bad).toBe(false);
    }
  });
});

describe('roundDiv: half away from zero', () => {
  it('rounds halves away from zero in both directions', () => {
    expect(roundDiv(5n, 2n)).toBe(3n);
    expect(roundDiv(-5n, 2n)).toBe(-3n);
    expect(roundDiv(5n, -2n)).toBe(-3n);
    expect(roundDiv(-5n, -2n)).toBe(3n);
    expect(roundDiv(15n, 10n)).toBe(2n);
    expect(roundDiv(25n, 10n)).toBe(3n); // not banker's rounding (which gives 2)
  });

  it('rounds below a half down and above a half up', () => {
    expect(roundDiv(14n, 10n)).toBe(1n);
    expect(roundDiv(16n, 10n)).toBe(2n);
    expect(roundDiv(-14n, 10n)).toBe(-1n);
    expect(roundDiv(-16n, 10n)).toBe(-2n);
    expect(roundDiv(0n, 7n)).toBe(0n);
  });

  it('gives the DGI VAT of 500 TTC at 16 %: 68.97 -> 69 francs', () => {
    expect(roundDiv(500n * 1600n, 11600n)).toBe(69n);
  });

  it('refuses a division by zero', () => {
    expect(() => roundDiv(1n, 0n)).toThrow(RangeError);
  });
});

describe('formatDgiAmount: the printed form', () => {
  it('prints CDF as whole francs with dot thousands, as the DGI sample invoice does', () => {
    expect(formatDgiAmount(406400n, 'CDF')).toBe('4.064');
    expect(formatDgiAmount(360000n, 'CDF')).toBe('3.600');
    expect(formatDgiAmount(46400n, 'CDF')).toBe('464');
    expect(formatDgiAmount(123456789000n, 'CDF')).toBe('1.234.567.890');
    expect(formatDgiAmount(0n, 'CDF')).toBe('0');
  });

  it('rounds stray CDF centimes half away from zero when printing', () => {
    expect(formatDgiAmount(10050n, 'CDF')).toBe('101');
    expect(formatDgiAmount(10049n, 'CDF')).toBe('100');
    expect(formatDgiAmount(-40000n, 'CDF')).toBe('-400');
  });

  it('prints USD with comma centimes and dot thousands', () => {
    expect(formatDgiAmount(123450n, 'USD')).toBe('1.234,50');
    expect(formatDgiAmount(5n, 'USD')).toBe('0,05');
    expect(formatDgiAmount(100000000n, 'USD')).toBe('1.000.000,00');
    expect(formatDgiAmount(-1250n, 'USD')).toBe('-12,50');
  });
});
