import { describe, expect, it } from 'vitest';
import type { EvalPoint } from '../training/snapshot';
import { aplCurve, heldAccuracyAtApl, matchAtApl, type CurvePoint } from './matchedApl';

/** [step, apl, accuracy] with the prior on, or [step, apl, accuracy, false] before it switched on. */
const curve = (...points: [step: number, apl: number, accuracy: number, priorOn?: boolean][]): CurvePoint[] =>
  points.map(([step, apl, accuracy, priorOn = true]) => ({ step, apl, accuracy, priorOn }));

describe('heldAccuracyAtApl', () => {
  it('reads the best accuracy from the evaluations after which APL stayed at or below the target', () => {
    const run = curve([100, 3, 0.5], [200, 2, 0.8], [300, 1, 0.7], [400, 1, 0.6]);
    expect(heldAccuracyAtApl(run, 2)).toEqual({ apl: 2, accuracy: 0.8, step: 200 });
    expect(heldAccuracyAtApl(run, 1)).toEqual({ apl: 1, accuracy: 0.7, step: 300 });
    expect(heldAccuracyAtApl(run, 0.5)).toBeNull();
  });

  it('never reads a passing dip: an APL the run went below and then back above', () => {
    // Step 200 dips to APL 1 at 90 %, then the run drifts back to APL 2.5 and settles at 1.5.
    const run = curve([100, 3, 0.5], [200, 1, 0.9], [300, 2.5, 0.85], [400, 1.5, 0.6], [500, 1.5, 0.65]);
    expect(heldAccuracyAtApl(run, 1.5)).toEqual({ apl: 1.5, accuracy: 0.65, step: 500 });
    // The run never held APL 1: the dip is not a reading.
    expect(heldAccuracyAtApl(run, 1)).toBeNull();
  });

  it('ignores evaluations before the prior switched on, and prefers the later of equal accuracies', () => {
    const run = curve([0, 1, 0.95, false], [100, 1, 0.7], [200, 1, 0.7]);
    expect(heldAccuracyAtApl(run, 1)).toEqual({ apl: 1, accuracy: 0.7, step: 200 });
  });
});

describe('matchAtApl', () => {
  it('matches at the largest final APL and reads each run where it held that APL or less', () => {
    const early = curve([100, 3, 0.3], [200, 1.0, 0.5], [300, 0.5, 0.55]);
    const late = curve([100, 3, 0.8, false], [200, 3, 0.9], [300, 1.0, 0.85]);
    const match = matchAtApl([early, late]);
    expect(match.kind).toBe('matched');
    if (match.kind !== 'matched') return;
    expect(match.apl).toBe(1);
    expect(match.readings).toEqual([{ apl: 0.5, accuracy: 0.55, step: 300 }, { apl: 1, accuracy: 0.85, step: 300 }]);
  });

  it('is not decided by an APL that goes up and down', () => {
    // The late run dips to APL 0.8 at 95 % at step 200 but ends at 1.2 with 80 %.
    const early = curve([100, 2, 0.6], [200, 1.2, 0.7], [300, 1.0, 0.72]);
    const late = curve([100, 2, 0.9], [200, 0.8, 0.95], [300, 1.6, 0.9], [400, 1.2, 0.8]);
    const match = matchAtApl([early, late]);
    if (match.kind !== 'matched') throw new Error(match.message);
    expect(match.apl).toBe(1.2);
    expect(match.readings.map((r) => r.accuracy)).toEqual([0.72, 0.8]);
  });

  it('needs two runs with evaluations after their prior switched on', () => {
    expect(matchAtApl([curve([1, 1, 1])]).kind).toBe('no-data');
    expect(matchAtApl([curve([1, 1, 1]), []]).kind).toBe('no-data');
    expect(matchAtApl([curve([1, 1, 1]), curve([1, 3, 1, false])]).kind).toBe('no-data');
  });
});

describe('aplCurve', () => {
  it('keeps evaluations with a test accuracy, in the chosen APL variant, and whether the prior was on', () => {
    const point = (step: number, testAccuracy: number | null, lambda: number): EvalPoint => ({
      step, epoch: 0, trainLoss: 1, trainAccuracy: 0.5, testLoss: null, testAccuracy,
      fractionNonlinear: 1, aplNormalized: step / 100, aplUnnormalized: step / 10, lambda,
    });
    const history = [point(100, 0.5, 0), point(200, null, 1), point(300, 0.7, 2)];
    expect(aplCurve(history)).toEqual(curve([100, 1, 0.5, false], [300, 3, 0.7]));
    expect(aplCurve(history, 'unnormalized').map((p) => p.apl)).toEqual([10, 30]);
  });
});
