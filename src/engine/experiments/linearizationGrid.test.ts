import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../config/defaults';
import type { EvalPoint } from '../training/snapshot';
import { measureLinearization, measureWidths, summarizeLinearization, withWidth } from './linearizationGrid';

const point = (testAccuracy: number | null, ntkDistance?: number): EvalPoint => ({
  step: 0, epoch: 0, trainLoss: 1, trainAccuracy: 0.5, testLoss: 1, testAccuracy, fractionNonlinear: 1, aplNormalized: 2, aplUnnormalized: 2, lambda: 0,
  ...(ntkDistance === undefined ? {} : { ntkDistance, ntkVelocity: null, ntkAlignment: 0 }),
});

describe('linearization grid', () => {
  it('trains the real run and one linearized run per step for every seed, and summarizes the gap', async () => {
    const calls: [number, number | null][] = [];
    // Canned: the real network ends at 0.9; linearized at t it ends at 0.5 + t / 1000 (+ 0.01 per seed).
    const rows = await measureLinearization(defaultConfig(), [0, 200], [1, 2], (config, at) => {
      calls.push([config.training.seed, at]);
      const accuracy = (at === null ? 0.9 : 0.5 + at / 1000) + config.training.seed / 100;
      return Promise.resolve([point(0.1), point(accuracy), point(null)]);
    });
    expect(calls).toEqual([[1, null], [1, 0], [1, 200], [2, null], [2, 0], [2, 200]]);
    expect(rows[1]).toEqual({ seed: 1, linearizeAt: 0, finalTestAccuracy: 0.51 });
    const summary = summarizeLinearization(rows);
    expect(summary.map((s) => s.linearizeAt)).toEqual([null, 0, 200]);
    expect(summary[0].medianGapPoints).toBeNull();
    expect(summary[1].medianGapPoints).toBeCloseTo(40, 9);
    expect(summary[2].medianGapPoints).toBeCloseTo(20, 9);
    expect(summary[2].medianAccuracy).toBeCloseTo(0.715, 9);
  });

  it('sets every hidden layer to each width and reads the last kernel distance', async () => {
    const base = { ...defaultConfig(), model: { ...defaultConfig().model, hidden: [64, 64, 64] } };
    expect(withWidth(base, 8).model.hidden).toEqual([8, 8, 8]);
    const rows = await measureWidths(base, [8, 128], [3], (config) => Promise.resolve([point(0.5, 0), point(0.8, 1 / config.model.hidden[0]), point(0.85)]));
    expect(rows).toEqual([
      { seed: 3, width: 8, finalKernelDistance: 0.125, finalTestAccuracy: 0.85 },
      { seed: 3, width: 128, finalKernelDistance: 1 / 128, finalTestAccuracy: 0.85 },
    ]);
  });
});
