import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../config/defaults';
import type { EvalPoint } from '../training/snapshot';
import { linearizationPoints, linearizationRuns, parseStepList, widthPoints, widthRuns } from './kernelRuns';

const p = (testAccuracy: number, ntkDistance?: number): EvalPoint => ({
  step: 1, epoch: 0, trainLoss: 1, trainAccuracy: 0.5, testLoss: 1, testAccuracy, fractionNonlinear: 1, aplNormalized: 2, aplUnnormalized: 2, lambda: 0,
  ...(ntkDistance === undefined ? {} : { ntkDistance, ntkVelocity: 0.1, ntkAlignment: 0 }),
});

describe('kernel comparison runs', () => {
  it('lists the real run and one linearized run per step, and reads their final accuracies', () => {
    const runs = linearizationRuns(defaultConfig(), [0, 200]);
    expect(runs.map((r) => [r.label, r.linearizeAt])).toEqual([['real network', null], ['linearized at step 0', 0], ['linearized at step 200', 200]]);
    const result = linearizationPoints([
      { spec: runs[0], history: [p(0.9)], finished: true },
      { spec: runs[1], history: [p(0.6)], finished: true },
      { spec: runs[2], history: [p(0.8)], finished: false },
    ]);
    expect(result).toEqual({ linearized: [{ x: 0, y: 0.6 }], real: 0.9 });
  });

  it('sets the width of every hidden layer and reads the last kernel distance', () => {
    const runs = widthRuns({ ...defaultConfig(), model: { ...defaultConfig().model, hidden: [64, 64] } }, [8, 64]);
    expect(runs.map((r) => r.config.model.hidden)).toEqual([[8, 8], [64, 64]]);
    expect(widthPoints([{ spec: runs[0], history: [p(0.5, 0.4), p(0.6)], finished: true }, { spec: runs[1], history: [p(0.5)], finished: true }])).toEqual([{ x: 8, y: 0.4 }]);
  });

  it('reads a list of steps or widths, or says what is wrong with it', () => {
    expect(parseStepList('300, 0,100,100', 0, 'steps')).toEqual([0, 100, 300]);
    expect(parseStepList('8,x', 1, 'widths')).toBe('widths: give whole numbers of at least 1, separated by commas.');
    expect(parseStepList('', 0, 'steps')).toMatch(/whole numbers/);
  });
});
