import { describe, expect, it } from 'vitest';
import type { ExperimentConfig } from '../../config/types';
import { encodeConfig } from '../../config/urlCodec';
import type { EvalPoint } from '../../training/snapshot';
import {
  finalKernelDistance, kernelSettles, LARGE_GAP_POINTS, linearizeEarlyLate, linearizeSteps, readGaps, readWidths, settlesEarly, settling, staysSmall, widerIsMoreLinear,
} from './kernelClaims';
import { lateStartStep, TASKS } from './tasks';
import type { Outcomes, RunOutcome } from './types';

/** Evaluations every 100 steps with the given kernel velocities (distance from init grows by them). */
function kernelHistory(velocities: readonly number[], accuracy = 0.9): EvalPoint[] {
  let distance = 0;
  return velocities.map((v, i) => {
    distance += v;
    return {
      step: 100 * (i + 1), epoch: i + 1, trainLoss: 1, trainAccuracy: accuracy, testLoss: 1, testAccuracy: accuracy,
      fractionNonlinear: 1, aplNormalized: 3, aplUnnormalized: 3, lambda: 0, ntkDistance: distance, ntkVelocity: v, ntkAlignment: 0.5,
    };
  });
}
const outcome = (history: EvalPoint[]): RunOutcome => ({ history, effectiveDepth: 3, effectiveWidth: [4, 4, 4], diverged: null });
const fake = (rule: (config: ExperimentConfig, link: string, linearizeAt: number | null) => EvalPoint[]): Outcomes =>
  (config, linearizeAt = null) => outcome(rule(config, encodeConfig(config), linearizeAt));

// Peak 0.2 at step 100, below a quarter of it (0.05) from step 200 on, then 0.01-0.03: ten readings, 1,000 steps.
const SETTLING = [0.2, 0.04, 0.03, 0.02, 0.03, 0.02, 0.01, 0.03, 0.02, 0.01];
// Never settles: up and down around 0.1 to the end.
const RESTLESS = [0.1, 0.12, 0.08, 0.11, 0.09, 0.1, 0.12, 0.09, 0.1, 0.11];

describe('settling', () => {
  it('reads the peak, the step velocity first falls below a quarter of it, the second half and the velocity where a prior comes on', () => {
    const s = settling(kernelHistory(SETTLING), 500);
    expect(s).toMatchObject({ totalSteps: 1000, peak: 0.2, peakStep: 100, settleStep: 200 });
    // Steps 600-1000: 0.02, 0.01, 0.03, 0.02, 0.01 -> median 0.02, a tenth of the peak.
    expect(s?.secondHalfShare).toBeCloseTo(0.1, 10);
    // The reading at step 500 covers steps 400-500: 0.03 of 0.2.
    expect(s?.atPriorOn).toBeCloseTo(0.15, 10);
    expect(settlesEarly(s)).toBe(true);
    expect(staysSmall(s)).toBe(true);
  });

  it('says a kernel that keeps moving neither settles early nor stays small', () => {
    const s = settling(kernelHistory(RESTLESS), 500);
    expect(s?.peakStep).toBe(200);
    expect(s?.settleStep).toBeNull();
    expect(settlesEarly(s)).toBe(false);
    expect(staysSmall(s)).toBe(false);
  });

  it('does not count a fall that comes after the first fifth of training as early', () => {
    // Peak at 100, still above a quarter until step 400.
    const late = settling(kernelHistory([0.2, 0.15, 0.1, 0.04, 0.03, 0.02, 0.01, 0.03, 0.02, 0.01]), 500);
    expect(late?.settleStep).toBe(400);
    expect(settlesEarly(late)).toBe(false);
    expect(staysSmall(late)).toBe(true);
  });

  it('needs kernel readings', () => {
    expect(settling(kernelHistory([]), 0)).toBeNull();
  });
});

describe('"When does the kernel settle?" on canned outcomes', () => {
  it('holds in part when the 2-D tasks settle and the image tasks do not, and says where the late prior comes on', () => {
    const outcomes = fake((config) => kernelHistory(config.dataset.kind === 'spirals' ? SETTLING : RESTLESS));
    const report = kernelSettles.analyze([1, 2, 3, 4], outcomes);
    expect(report.verdict).toBe('holds in part');
    expect(report.tables[0].rows.map((r) => [r[0], r[r.length - 1]])).toEqual([
      ['3 spiral arms', 'yes'], ['5 spiral arms', 'yes'], ['MNIST', 'no'], ['Fashion-MNIST', 'no'],
    ]);
    expect(report.measurements['spirals3 settle step']).toEqual({ mean: 200, min: 200, max: 200, n: 4, positive: 4, seeds: 4 });
    expect(report.measurements['mnist settle step'].positive).toBe(0);
    // The canned histories end at step 1,000, before the spirals' late prior (step 1,500): the last reading stands for it.
    expect(lateStartStep(TASKS.spirals3)).toBe(1500);
    expect(lateStartStep(TASKS.mnist)).toBe(500);
    expect(report.measurements['mnist velocity at late prior-on share of peak'].positive).toBe(0);
    expect(report.summary).toMatch(/MNIST does not settle/);
  });

  it('holds when every task settles early and stays small', () => {
    const report = kernelSettles.analyze([1, 2, 3], fake(() => kernelHistory(SETTLING)));
    expect(report.verdict).toBe('holds');
    expect(report.measurements['fashion velocity at late prior-on share of peak']).toMatchObject({ positive: 3, seeds: 3 });
  });
});

describe('"Linearize the weights early vs late"', () => {
  it('grids t = 0 and the late prior-on step', () => {
    expect(linearizeSteps(TASKS.spirals5)).toEqual([0, 1500]);
    expect(linearizeSteps(TASKS.mnist)).toEqual([0, 500]);
  });

  it('reads a gap large at t = 0 and small at the latest t as shown, and where it closes', () => {
    const steps = [0, 100, 1500];
    const gaps = new Map([[0, [10, 8, 6, 12]], [100, [3, 2, 1, 0]], [1500, [0, 1, -1, 0.5]]]);
    expect(readGaps(steps, gaps, 4)).toMatchObject({ result: 'yes', closesAt: 100 });
    // Linearized at step 0 only 2 points behind on average: the early part fails.
    expect(readGaps(steps, new Map([[0, [2, 2, 2, 2]], [100, [0, 0, 0, 0]], [1500, [0, 0, 0, 0]]]), 4)).toMatchObject({ result: 'in part', closesAt: 0 });
    // Large at 0 on only 2 of 4 seeds, and never closing: not shown.
    expect(readGaps(steps, new Map([[0, [LARGE_GAP_POINTS, 20, 1, 1]], [100, [5, 5, 5, 5]], [1500, [3, 3, 3, 3]]]), 4)).toMatchObject({ result: 'no', closesAt: null });
  });

  it('compares each linearized run with the real run of its seed, on the first three seeds', () => {
    // Real 95 %; five arms linearized at 0: 85 % (seed 4 would be 50 %), later: 95 %; three arms linearized anywhere: 94 %.
    const outcomes = fake((config, _link, t) => {
      const accuracy = t === null ? 0.95 : config.dataset.classes === 3 ? 0.94 : t === 0 ? (config.training.seed === 4 ? 0.5 : 0.85) : 0.95;
      return kernelHistory(SETTLING, accuracy);
    });
    const report = linearizeEarlyLate.analyze([1, 2, 3, 4], outcomes);
    expect(report.measurements['spirals5 linearized at step 0 gap']).toMatchObject({ n: 3, seeds: 3, positive: 3 });
    expect(report.verdict).toBe('holds in part');
    expect(report.measurements['spirals5 linearized at step 0 gap'].mean).toBeCloseTo(10, 10);
    expect(report.measurements['spirals5 linearized at step 1500 gap'].mean).toBeCloseTo(0, 10);
    expect(report.measurements['spirals3 linearized at step 0 gap'].mean).toBeCloseTo(1, 10);
    expect(report.tables[0].rows.filter((r) => r[1] === 'shows').map((r) => r[2])).toEqual(['in part', 'yes']);
    expect(report.summary).toMatch(/5 spiral arms: .*within 2 points from step 1500 on/);
  });

  it('asks for the real network and each linearized run, per task and seed', () => {
    expect(linearizeEarlyLate.runs([1, 2, 3, 4])).toHaveLength(2 * 3 * 3);
    const runs = linearizeEarlyLate.runs([1]);
    expect(runs.map((r) => r.linearizeAt ?? null)).toEqual([null, 0, 1500, null, 0, 1500]);
    expect(new Set(runs.slice(0, 3).map((r) => encodeConfig(r.config))).size).toBe(1);
    expect(runs.every((r) => r.config.prior.lambda === 0)).toBe(true);
    // Only the real network's kernel is read (a linearized run's is frozen at its t).
    expect(runs.map((r) => r.kernel ?? false)).toEqual([true, false, false, true, false, false]);
  });
});

describe('"Wider is more linear"', () => {
  it('reads the last kernel distance of a run', () => {
    expect(finalKernelDistance(kernelHistory([0.1, 0.2]))).toBeCloseTo(0.3, 10);
    expect(finalKernelDistance([])).toBeNull();
  });

  it('shows when the widest moved less than the narrowest on enough seeds and the mean falls at every width', () => {
    expect(readWidths([[0.4, 0.5, 0.4], [0.3, 0.3, 0.3], [0.2, 0.1, 0.2]], 3)).toMatchObject({ result: 'yes', monotone: true });
    // Falls end to end, but the mean rises from the middle width to the widest.
    expect(readWidths([[0.4, 0.5, 0.4], [0.1, 0.1, 0.1], [0.2, 0.2, 0.2]], 3)).toMatchObject({ result: 'in part', monotone: false });
    // The widest moved further on 2 of 3 seeds.
    expect(readWidths([[0.2, 0.2, 0.5], [0.3, 0.3, 0.1]], 3).result).toBe('no');
  });

  it('trains every hidden layer at each width and reads distance and accuracy per width', () => {
    // Distance from init at the end shrinking as 1 / width: 0.96 / w after ten readings.
    const outcomes = fake((config) => kernelHistory(new Array(10).fill(0.096 / config.model.hidden[0])));
    const report = widerIsMoreLinear.analyze([1, 2, 3, 4], outcomes);
    expect(report.verdict).toBe('holds');
    expect(report.measurements['spirals5 width 12 final kernel distance']).toMatchObject({ n: 3, seeds: 3 });
    expect(report.measurements['spirals5 width 12 final kernel distance'].mean).toBeCloseTo(0.08, 10);
    expect(report.measurements['spirals5 width 48 final kernel distance'].mean).toBeCloseTo(0.02, 10);
    expect(report.measurements['mnist width 16 final kernel distance'].mean).toBeCloseTo(0.06, 10);
    expect(report.measurements['spirals5 width 12 minus width 48 final kernel distance'].positive).toBe(3);
    const hidden = widerIsMoreLinear.runs([1]).map((r) => r.config.model.hidden);
    expect(hidden).toContainEqual([48, 48, 48, 48, 48, 48]);
    expect(hidden).toContainEqual([16, 16, 16]);
    expect(hidden).toHaveLength(2 * 2);
  });
});
