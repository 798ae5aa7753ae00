import { describe, expect, it } from 'vitest';
import { formatAxisNumber, formatCompact } from './format';

describe('formatCompact (metric cards, tables)', () => {
  it('writes a diverged loss with an exponent, short enough for a card', () => {
    expect(formatCompact(2.0305437613045987e28, 3)).toBe('2.03e28');
    expect(formatCompact(-123456, 3)).toBe('-1.23e5');
    expect(formatCompact(0.0004, 3)).toBe('4e-4');
  });

  it('keeps ordinary values as they were, with fewer decimals as they grow', () => {
    expect(formatCompact(0.6931, 3)).toBe('0.693');
    expect(formatCompact(1.25)).toBe('1.25');
    expect(formatCompact(12.3456, 3)).toBe('12.35');
    expect(formatCompact(1234.56, 3)).toBe('1235');
    expect(formatCompact(0, 3)).toBe('0.000');
  });

  it('says NaN and infinity, which are not the same as "not measured"', () => {
    expect(formatCompact(NaN)).toBe('NaN');
    expect(formatCompact(Infinity)).toBe('∞');
    expect(formatCompact(-Infinity)).toBe('−∞');
    expect(formatCompact(null)).toBe('–');
  });

  it('never takes more than seven characters for any finite value', () => {
    for (let e = -30; e <= 30; e++) {
      for (const m of [1, 1.2345, 9.9999, -5.5]) expect(formatCompact(m * 10 ** e, 3).length).toBeLessThanOrEqual(8);
    }
  });
});

describe('formatAxisNumber (tick labels)', () => {
  it('labels huge and tiny ticks with an exponent instead of a row of zeros', () => {
    expect(formatAxisNumber(2e28)).toBe('2e28');
    expect(formatAxisNumber(1.5e28)).toBe('1.5e28');
    expect(formatAxisNumber(0.0002)).toBe('2e-4');
  });

  it('labels ordinary ticks without trailing zeros', () => {
    expect(formatAxisNumber(0)).toBe('0');
    expect(formatAxisNumber(0.5)).toBe('0.5');
    expect(formatAxisNumber(1.25)).toBe('1.25');
    expect(formatAxisNumber(2)).toBe('2');
  });
});
