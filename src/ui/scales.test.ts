import { describe, expect, it } from 'vitest';
import { formatSci, parseWidths } from './format';
import {
  EPS_SLIDER,
  LAMBDA_POSITIONS,
  lambdaFromPosition,
  logFromPosition,
  positionFromLambda,
  positionFromLog,
} from './scales';

describe('lambda dial', () => {
  it('has an off position and then 20 steps per decade from 1e-2 to 1e4', () => {
    expect(LAMBDA_POSITIONS).toBe(121);
    expect(lambdaFromPosition(0)).toBe(0);
    expect(lambdaFromPosition(1)).toBe(1e-2);
    expect(lambdaFromPosition(21)).toBe(0.1);
    expect(lambdaFromPosition(41)).toBe(1);
    expect(lambdaFromPosition(81)).toBe(100);
    expect(lambdaFromPosition(121)).toBe(1e4);
    // Half a decade above 1 is 10^0.5 = 3.16...
    expect(lambdaFromPosition(51)).toBe(3.16);
  });

  it('maps lambdas back to the nearest position and clamps out-of-range values', () => {
    expect(positionFromLambda(0)).toBe(0);
    expect(positionFromLambda(1)).toBe(41);
    expect(positionFromLambda(3.16)).toBe(51);
    expect(positionFromLambda(1e-7)).toBe(1);
    expect(positionFromLambda(1e6)).toBe(121);
  });

  it('round-trips every position', () => {
    for (let p = 0; p <= LAMBDA_POSITIONS; p++) expect(positionFromLambda(lambdaFromPosition(p))).toBe(p);
  });
});

describe('log sliders', () => {
  it('spans min..max with the middle at the geometric mean', () => {
    expect(logFromPosition(EPS_SLIDER, 0)).toBe(1e-5);
    expect(logFromPosition(EPS_SLIDER, 40)).toBe(0.1);
    expect(logFromPosition(EPS_SLIDER, 20)).toBe(0.001);
    expect(positionFromLog(EPS_SLIDER, 1e-3)).toBe(20);
  });
});

describe('formatting', () => {
  it('writes small numbers in e-notation and ordinary ones plainly', () => {
    expect(formatSci(0.001)).toBe('1e-3');
    expect(formatSci(0.00025)).toBe('2.5e-4');
    expect(formatSci(0.0316)).toBe('0.0316');
    expect(formatSci(3)).toBe('3');
  });

  it('parses hidden widths like 64-64-64 and rejects anything else', () => {
    expect(parseWidths('64-64-64')).toEqual([64, 64, 64]);
    expect(parseWidths(' 128 - 32 ')).toEqual([128, 32]);
    expect(parseWidths('64,16')).toEqual([64, 16]);
    expect(parseWidths('64-x')).toBeNull();
    expect(parseWidths('64-0')).toBeNull();
    expect(parseWidths('')).toBeNull();
    expect(parseWidths('2048')).toBeNull();
  });
});
