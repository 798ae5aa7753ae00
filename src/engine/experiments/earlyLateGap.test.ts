import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../config/defaults';
import type { ExperimentConfig } from '../config/types';
import type { EvalPoint } from '../training/snapshot';
import { gapAtMatchedApl, measureEarlyLate, medianGap, type GapRow } from './earlyLateGap';

function history(points: [step: number, apl: number, accuracy: number][]): EvalPoint[] {
  return points.map(([step, apl, accuracy]) => ({ step, aplNormalized: apl, aplUnnormalized: apl, testAccuracy: accuracy }) as EvalPoint);
}

describe('early vs late gap at matched APL', () => {
  it('reads both runs at the lowest APL both reached, late minus early in points', () => {
    // Early falls to APL 1 at 60%; late only to 2, where it has 90%; early crossed 2 halfway between 3 (80%) and 1 (60%).
    const early = history([[0, 3, 0.5], [100, 3, 0.8], [200, 1, 0.6]]);
    const late = history([[0, 3, 0.5], [100, 3, 0.9], [200, 2, 0.9]]);
    const gap = gapAtMatchedApl(early, late);
    expect(gap.matched).toBe('interpolated');
    expect(gap.apl).toBe(2);
    expect(gap.early).toBeCloseTo(0.7, 10);
    expect(gap.late).toBe(0.9);
    expect(gap.gapPoints).toBeCloseTo(20, 10);
  });

  it('compares final accuracies when the runs end at the same APL', () => {
    const gap = gapAtMatchedApl(history([[0, 3, 0.5], [100, 1.5, 0.6]]), history([[0, 3, 0.5], [100, 1.5, 0.75]]));
    expect(gap).toMatchObject({ matched: 'at-end', apl: 1.5, early: 0.6, late: 0.75 });
    expect(gap.gapPoints).toBeCloseTo(15, 10);
  });

  it('says when runs never shared an APL instead of inventing a gap', () => {
    const gap = gapAtMatchedApl(history([[0, 1, 0.5], [100, 0.5, 0.6]]), history([[0, 3, 0.5], [100, 2, 0.75]]));
    expect(gap).toEqual({ matched: 'no-overlap', apl: null, early: null, late: null, gapPoints: null });
  });

  it('trains the early and the late run of every λ and seed, differing only in the prior start', async () => {
    const base = defaultConfig();
    base.prior.start = 5;
    base.prior.startUnit = 'epoch';
    const trained: ExperimentConfig[] = [];
    const rows = await measureEarlyLate(base, [10, 20], [1, 2], async (config) => {
      trained.push(config);
      const late = config.prior.start > 0;
      return history([[0, 3, 0.5], [100, 2, late ? 0.9 : 0.8]]);
    });
    expect(trained.map((c) => [c.prior.lambda, c.training.seed, c.prior.start])).toEqual([
      [10, 1, 0], [10, 1, 5], [10, 2, 0], [10, 2, 5], [20, 1, 0], [20, 1, 5], [20, 2, 0], [20, 2, 5],
    ]);
    expect(rows.map((r) => [r.lambda, r.seed, r.matched])).toEqual([
      [10, 1, 'at-end'], [10, 2, 'at-end'], [20, 1, 'at-end'], [20, 2, 'at-end'],
    ]);
    for (const row of rows) expect(row.gapPoints).toBeCloseTo(10, 10);
  });

  it('median gap skips unmatched rows', () => {
    const row = (gapPoints: number | null) => ({ gapPoints }) as GapRow;
    expect(medianGap([row(5), row(null), row(20), row(-1)])).toBe(5);
    expect(medianGap([row(4), row(8)])).toBe(6);
    expect(medianGap([row(null)])).toBeNull();
  });
});
