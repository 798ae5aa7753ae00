import { describe, expect, it } from 'vitest';
import type { EvalPoint } from '../training/snapshot';
import { kernelCurve, peakVelocity, settlingAt, velocityAt } from './kernelCurve';

const point = (step: number, kernel?: { d: number; v: number | null }): EvalPoint => ({
  step,
  epoch: step / 100,
  trainLoss: 1,
  trainAccuracy: 0.5,
  testLoss: 1,
  testAccuracy: 0.5,
  fractionNonlinear: 1,
  aplNormalized: 3,
  aplUnnormalized: 3,
  lambda: 0,
  ...(kernel ? { ntkDistance: kernel.d, ntkVelocity: kernel.v, ntkAlignment: 0.2 } : {}),
});

const history = [point(0, { d: 0, v: null }), point(50), point(100, { d: 0.3, v: 0.3 }), point(200, { d: 0.4, v: 0.12 }), point(300, { d: 0.42, v: 0.03 })];

describe('kernelCurve', () => {
  it('keeps only the evaluations that measured the kernel', () => {
    expect(kernelCurve(history).map((p) => p.step)).toEqual([0, 100, 200, 300]);
    expect(kernelCurve([point(0), point(10)])).toEqual([]);
    // A run first evaluated after step 0 still starts from the init kernel, at distance 0.
    expect(kernelCurve(history.slice(1))[0]).toEqual({ step: 0, distance: 0, velocity: null, alignment: null });
  });

  it('reads the velocity of the interval that holds a step', () => {
    const curve = kernelCurve(history);
    expect(velocityAt(curve, 0)).toBe(0.3);
    expect(velocityAt(curve, 150)).toBe(0.12);
    expect(velocityAt(curve, 200)).toBe(0.12);
    expect(velocityAt(curve, 250)).toBe(0.03);
    expect(velocityAt(curve, 301)).toBeNull();
  });

  it('says how settled the kernel was when a late prior switched on', () => {
    const curve = kernelCurve(history);
    expect(peakVelocity(curve)).toBe(0.3);
    expect(settlingAt(curve, 250)).toEqual({ atStart: 0.03, peak: 0.3, fractionOfPeak: 0.1 });
    expect(settlingAt(curve, 0).fractionOfPeak).toBe(1);
    expect(settlingAt([], 0)).toEqual({ atStart: null, peak: null, fractionOfPeak: null });
  });
});
