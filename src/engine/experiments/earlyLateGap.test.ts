import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../config/defaults';
import type { ExperimentConfig } from '../config/types';
import type { EvalPoint } from '../training/snapshot';
import { gapAtMatchedApl, measureEarlyLate, medianGap, type GapRow } from './earlyLateGap';

/** Evaluations [step, APL, test accuracy], the prior on from `priorFrom` on. */
function history(points: [step: number, apl: number, accuracy: number][], priorFrom = 0): EvalPoint[] {
  return points.map(([step, apl, accuracy]) => ({ step, aplNormalized: apl, aplUnnormalized: apl, testAccuracy: accuracy, lambda: step >= priorFrom ? 1 : 0 }) as EvalPoint);
}

describe('early vs late gap at matched APL', () => {
  it('reads both runs at the larger final APL, each at its best accuracy held there, late minus early in points', () => {
    // Early ends at APL 1 (best held 70 % at step 200); late ends at APL 2 with 90 %.
    const early = history([[0, 3, 0.5], [100, 2, 0.75], [200, 1, 0.7], [300, 1, 0.6]]);
    const late = history([[0, 3, 0.5], [100, 3, 0.9], [200, 2, 0.9]], 100);
    const gap = gapAtMatchedApl(early, late);
    expect(gap).toMatchObject({ matched: 'matched', apl: 2, early: 0.75, late: 0.9 });
    expect(gap.gapPoints).toBeCloseTo(15, 10);
  });

  it('is not fooled by a late run that passes through a low APL and drifts back', () => {
    // The late run dips to APL 0.5 at 95 %, drifts back to 2.5, and ends at APL 2 with 80 %: it is read at 80 %.
    const early = history([[0, 3, 0.5], [100, 1, 0.7]]);
    const late = history([[0, 3, 0.5], [100, 0.5, 0.95], [200, 2.5, 0.85], [300, 2, 0.8]]);
    expect(gapAtMatchedApl(early, late)).toMatchObject({ apl: 2, early: 0.7, late: 0.8 });
  });

  it('says when a run has no evaluation with the prior on instead of inventing a gap', () => {
    const gap = gapAtMatchedApl(history([[0, 1, 0.5], [100, 0.5, 0.6]]), history([[0, 3, 0.5], [100, 2, 0.75]], 200));
    expect(gap).toEqual({ matched: 'no-data', apl: null, early: null, late: null, gapPoints: null });
  });

  it('trains the early and the late run of every λ and seed, differing only in the prior start', async () => {
    const base = defaultConfig();
    base.prior.start = 5;
    base.prior.startUnit = 'epoch';
    const trained: ExperimentConfig[] = [];
    const rows = await measureEarlyLate(base, [10, 20], [1, 2], (config) => {
      trained.push(config);
      const late = config.prior.start > 0;
      return Promise.resolve(history([[0, 3, 0.5], [100, 2, late ? 0.9 : 0.8]]));
    });
    expect(trained.map((c) => [c.prior.lambda, c.training.seed, c.prior.start])).toEqual([
      [10, 1, 0], [10, 1, 5], [10, 2, 0], [10, 2, 5], [20, 1, 0], [20, 1, 5], [20, 2, 0], [20, 2, 5],
    ]);
    expect(rows.map((r) => [r.lambda, r.seed, r.matched])).toEqual([
      [10, 1, 'matched'], [10, 2, 'matched'], [20, 1, 'matched'], [20, 2, 'matched'],
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
