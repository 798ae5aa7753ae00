import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../config/defaults';
import { validateConfig } from '../config/validate';
import { frontierCurves } from './frontier';
import { earlySchedule, lateSchedule } from './schedules';
import { checkGrid, logGrid, sweepRuns } from './sweepGrid';

describe('logGrid', () => {
  it('spaces values evenly in log from min to max', () => {
    expect(logGrid({ min: 1, max: 1000, count: 4 })).toEqual([1, 10, 100, 1000]);
    const grid = logGrid({ min: 3, max: 300, count: 5 });
    expect(grid[0]).toBe(3);
    expect(grid.at(-1)).toBe(300);
    const ratios = grid.slice(1).map((v, i) => v / grid[i]);
    for (const r of ratios) expect(r).toBeCloseTo(Math.sqrt(10), 1);
  });

  it('gives one value for a single point and nothing for non-positive bounds', () => {
    expect(logGrid({ min: 5, max: 50, count: 1 })).toEqual([5]);
    expect(logGrid({ min: 0, max: 50, count: 4 })).toEqual([]);
  });
});

describe('checkGrid', () => {
  it('names what is wrong with a typed grid', () => {
    expect(checkGrid({ min: 1, max: 100, count: 5 })).toBeNull();
    expect(checkGrid({ min: 0, max: 100, count: 5 })).toMatch(/smallest/);
    expect(checkGrid({ min: 10, max: 1, count: 5 })).toMatch(/below/);
    expect(checkGrid({ min: 1, max: 1e5, count: 5 })).toMatch(/up to 10000/);
    expect(checkGrid({ min: 1, max: 10, count: 1 })).toMatch(/at least 2/);
  });
});

describe('sweepRuns', () => {
  const base = defaultConfig();
  const runs = sweepRuns(base, [1, 10], [earlySchedule(), lateSchedule(3, 'epoch')]);

  it('crosses every lambda with every schedule, lambda by lambda', () => {
    expect(runs.map((r) => [r.lambda, r.config.prior.lambda, r.config.prior.start, r.config.prior.startUnit])).toEqual([
      [1, 1, 0, 'step'],
      [1, 1, 3, 'epoch'],
      [10, 10, 0, 'step'],
      [10, 10, 3, 'epoch'],
    ]);
    expect(new Set(runs.map((r) => r.id)).size).toBe(4);
  });

  it('changes nothing but lambda and the start, and every run is a valid config', () => {
    for (const run of runs) {
      expect(validateConfig(run.config).issues).toEqual([]);
      expect({ ...run.config, prior: base.prior }).toEqual(base);
      expect(run.config.training.seed).toBe(base.training.seed);
    }
    expect(base.prior.lambda).toBe(0); // the base is not touched
  });

  it('groups finished runs into one frontier curve per schedule, ordered by APL', () => {
    const evalAt = (apl: number, accuracy: number) => ({
      step: 10, epoch: 1, trainLoss: 1, trainAccuracy: 0.5, testLoss: 1, testAccuracy: accuracy,
      fractionNonlinear: 1, aplNormalized: apl, aplUnnormalized: apl, lambda: 0,
    });
    const curves = frontierCurves([
      { run: runs[0], history: [evalAt(2.5, 0.9)] },
      { run: runs[1], history: [evalAt(2.8, 0.95)] },
      { run: runs[2], history: [evalAt(0.5, 0.4)] },
    ]);
    expect(curves.map((c) => c.scheduleId)).toEqual(['early', 'late@3epoch']);
    expect(curves[0].points.map((p) => [p.lambda, p.apl, p.accuracy])).toEqual([[10, 0.5, 0.4], [1, 2.5, 0.9]]);
    expect(curves[1].points).toHaveLength(1);
  });
});
