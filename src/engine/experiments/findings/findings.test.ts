import { describe, expect, it } from 'vitest';
import { encodeConfig } from '../../config/urlCodec';
import type { EvalPoint } from '../../training/snapshot';
import { collapseShape, earlyVersusLate, harderTaskBiggerCore, mlpParameterCount, widthForParameters } from './claims';
import { anchor, renderReport } from './report';
import { countPositive, formatSpread, spread } from './stats';
import type { Outcomes, RunOutcome } from './types';

const point = (step: number, apl: number, accuracy: number, lambda = 1): EvalPoint => ({
  step, epoch: 0, trainLoss: 1, trainAccuracy: accuracy, testLoss: 1, testAccuracy: accuracy,
  fractionNonlinear: apl / 6, aplNormalized: apl, aplUnnormalized: apl, lambda,
});
const outcome = (history: EvalPoint[]): RunOutcome => ({ history, effectiveDepth: 3, effectiveWidth: [4, 4, 4], diverged: null });

describe('stats', () => {
  it('gives mean and range over the finite values, and counts the positive ones', () => {
    expect(spread([1, 2, NaN, 6])).toEqual({ n: 3, mean: 3, min: 1, max: 6 });
    expect(spread([NaN])).toBeNull();
    expect(formatSpread(spread([-1, 3]))).toBe('+1.0 (−1.0 to +3.0, n = 2)');
    expect(formatSpread(null)).toBe('n/a');
    expect(countPositive([1, -1, 0, NaN, 2])).toBe(2);
  });
});

describe('parameter counts for "Is the core special?"', () => {
  it('counts weights, biases and slopes of an MLP', () => {
    // 2 -> 12 -> 12 -> 5: (2*12 + 12) + (12*12 + 12) + (12*5 + 5) weights and biases, 24 slopes.
    expect(mlpParameterCount([12, 12], 2, 5)).toBe(36 + 156 + 65 + 24);
  });

  it('finds the width whose parameter count is nearest the target', () => {
    const target = mlpParameterCount([12, 12, 12, 12, 12, 12], 2, 5);
    const w = widthForParameters(2, 2, 5, target);
    const at = (width: number) => Math.abs(mlpParameterCount([width, width], 2, 5) - target);
    expect(at(w)).toBeLessThanOrEqual(at(w - 1));
    expect(at(w)).toBeLessThanOrEqual(at(w + 1));
    expect(w).toBeGreaterThan(12);
  });
});

describe('collapseShape', () => {
  it('measures how much of the accuracy lost comes in the upper half of the APL range', () => {
    // Flat from APL 4 to 2 (96 % -> 95 %), then down to 60 % at APL 0.5: 1 of 36 points lost in the upper half.
    const shape = collapseShape([{ apl: 4, accuracy: 0.96 }, { apl: 2, accuracy: 0.95 }, { apl: 1, accuracy: 0.9 }, { apl: 0.5, accuracy: 0.6 }]);
    expect(shape?.totalDrop).toBeCloseTo(0.36, 10);
    expect(shape?.upperShare).toBeCloseTo(1 / 36, 10);
    // A steady decline loses about half in the upper half.
    expect(collapseShape([{ apl: 4, accuracy: 0.9 }, { apl: 2, accuracy: 0.7 }, { apl: 0, accuracy: 0.5 }])?.upperShare).toBeCloseTo(0.5, 10);
  });
});

/** Outcomes that follow a rule given the run's config, as a trained run would. */
function fakeOutcomes(rule: (link: string) => EvalPoint[]): Outcomes {
  return (config) => outcome(rule(encodeConfig(config)));
}

describe('claims on canned outcomes', () => {
  it('early vs late holds where the late run leads at matched APL on enough seeds', () => {
    const outcomes = fakeOutcomes((link) =>
      link.includes('ton=0&') ? [point(100, 3, 0.5), point(200, 1, 0.6)] : [point(100, 6, 0.9, 0), point(200, 1, 0.85)],
    );
    const report = earlyVersusLate.analyze([1, 2, 3, 4], outcomes);
    expect(report.verdict).toBe('holds');
    expect(report.tables[0].rows).toHaveLength(8);
    expect(report.tables[0].rows[0]).toContain('4 of 4');
    expect(report.tables[0].rows[0][3]).toBe('+25.0 (+25.0 to +25.0, n = 4)');
    expect(report.measurements['spirals5 lr 0.001 λ 10 gap']).toEqual({ mean: 25, min: 25, max: 25, n: 4, positive: 4, seeds: 4 });
  });

  it('harder task, bigger core does not hold when the harder task ends with the smaller APL', () => {
    const outcomes = fakeOutcomes((link) => [point(100, link.includes('classes=5') || link.includes('fashion') ? 1 : 2, 0.8)]);
    const report = harderTaskBiggerCore.analyze([1, 2, 3, 4], outcomes);
    expect(report.verdict).toBe('does not hold');
    expect(report.summary).toMatch(/0 of 4 settings/);
  });
});

describe('report', () => {
  it('lists every claim with its verdict, the command and a table', () => {
    const text = renderReport(
      [{ id: 'x', title: 'A claim: tested', claim: 'It is so.', method: 'Measured.', verdict: 'holds in part', summary: 'Half.', tables: [{ headers: ['a', 'b'], rows: [['1', 'x|y']] }], measurements: {} }],
      { command: 'npm run findings', seeds: [1, 2], runs: 3, backend: 'wasm', date: '2026-12-01' },
    );
    expect(text).toContain('| [A claim: tested](#a-claim-tested) | **holds in part** |');
    expect(text).toContain('`npm run findings -- --claims x`');
    expect(text).toContain('| 1 | x\\|y |');
    expect(anchor('Is the core special?')).toBe('is-the-core-special');
  });
});
