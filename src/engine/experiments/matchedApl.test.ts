import { describe, expect, it } from 'vitest';
import type { EvalPoint } from '../training/snapshot';
import { accuracyAtApl, aplCurve, matchAtApl, type CurvePoint } from './matchedApl';

const curve = (...points: [step: number, apl: number, accuracy: number][]): CurvePoint[] =>
  points.map(([step, apl, accuracy]) => ({ step, apl, accuracy }));

describe('accuracyAtApl', () => {
  it('interpolates inside the segment where a falling APL crosses the target', () => {
    const run = curve([100, 3, 0.5], [200, 2, 0.7], [300, 1, 0.6]);
    const reading = accuracyAtApl(run, 1.5);
    expect(reading?.accuracy).toBeCloseTo(0.65);
    expect(reading?.step).toBeCloseTo(250);
    expect(accuracyAtApl(run, 2)?.accuracy).toBeCloseTo(0.7);
  });

  it('reads the last crossing when APL goes down and back up', () => {
    // APL 2 is met twice: falling at step 150 (accuracy 0.5) and rising again at step 350 (0.8).
    const run = curve([100, 3, 0.4], [200, 1, 0.6], [300, 1, 0.7], [400, 3, 0.9]);
    const reading = accuracyAtApl(run, 2);
    expect(reading?.step).toBeCloseTo(350);
    expect(reading?.accuracy).toBeCloseTo(0.8);
  });

  it('says null when the run never had that APL', () => {
    expect(accuracyAtApl(curve([100, 3, 0.5], [200, 2, 0.7]), 1)).toBeNull();
    expect(accuracyAtApl([], 1)).toBeNull();
  });
});

describe('matchAtApl', () => {
  it('compares at the lowest APL both runs reached, reading each where it last had it', () => {
    const early = curve([100, 3, 0.3], [200, 1.0, 0.5], [300, 0.5, 0.55]);
    const late = curve([100, 3, 0.8], [200, 3, 0.9], [300, 1.0, 0.85]);
    const match = matchAtApl([early, late]);
    expect(match.kind).toBe('interpolated');
    if (match.kind !== 'interpolated') return;
    expect(match.apl).toBeCloseTo(1.0);
    expect(match.readings[0].accuracy).toBeCloseTo(0.5);
    expect(match.readings[0].step).toBeCloseTo(200);
    expect(match.readings[1].accuracy).toBeCloseTo(0.85);
  });

  it('compares the ends directly when the final APLs match', () => {
    const a = curve([100, 3, 0.3], [200, 1.5, 0.6]);
    const b = curve([100, 3, 0.8], [200, 1.51, 0.9]);
    const match = matchAtApl([a, b], 0.02);
    expect(match.kind).toBe('at-end');
    if (match.kind !== 'at-end') return;
    expect(match.readings.map((r) => r.accuracy)).toEqual([0.6, 0.9]);
    expect(match.apl).toBeCloseTo(1.505);
  });

  it('says so when the runs never shared an APL', () => {
    const a = curve([100, 3, 0.9], [200, 2.5, 0.9]);
    const b = curve([100, 2, 0.6], [200, 1, 0.5]);
    const match = matchAtApl([a, b]);
    expect(match.kind).toBe('no-overlap');
    if (match.kind !== 'no-overlap') return;
    expect(match.ranges).toEqual([[2.5, 3], [1, 2]]);
    expect(match.message).toMatch(/never had the same APL/);
  });

  it('needs two runs with a test accuracy', () => {
    expect(matchAtApl([curve([1, 1, 1])]).kind).toBe('no-data');
    expect(matchAtApl([curve([1, 1, 1]), []]).kind).toBe('no-data');
  });
});

describe('aplCurve', () => {
  it('keeps evaluations with a test accuracy, in the chosen APL variant', () => {
    const point = (step: number, testAccuracy: number | null): EvalPoint => ({
      step, epoch: 0, trainLoss: 1, trainAccuracy: 0.5, testLoss: null, testAccuracy,
      fractionNonlinear: 1, aplNormalized: step / 100, aplUnnormalized: step / 10, lambda: 0,
    });
    const history = [point(100, 0.5), point(200, null), point(300, 0.7)];
    expect(aplCurve(history)).toEqual(curve([100, 1, 0.5], [300, 3, 0.7]));
    expect(aplCurve(history, 'unnormalized').map((p) => p.apl)).toEqual([10, 30]);
  });
});
