import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fitSpeeds, nonNegativeFit } from '../../../scripts/calibrateStepTime';
import { stepFlopSplit as stepFlops, stepMsOn } from './budget';
import { defaultConfig } from './defaults';
import { BACKEND_SPEEDS } from './stepTimeModel';

interface Row {
  backend: string;
  model: 'mlp' | 'cnn';
  batch: number;
  examplesPerSecond: { ok: boolean; value?: { median: number } };
}

const results = JSON.parse(readFileSync('bench/results.json', 'utf8')) as { throughput: Row[] };
const measured = results.throughput.filter((r) => r.examplesPerSecond.ok && r.examplesPerSecond.value);

describe('time per step, from FLOPs and the measured speed of each backend', () => {
  it.each(measured.map((r) => [`${r.backend} ${r.model} batch ${r.batch}`, r] as const))(
    '%s: the estimate is within 1.5x of the benchmark',
    (_, row) => {
      const config = defaultConfig();
      config.model.kind = row.model;
      config.training.batchSize = row.batch;
      const measuredMs = (row.batch * 1000) / (row.examplesPerSecond.value as { median: number }).median;
      const estimate = stepMsOn(config, row.backend) as number;
      expect(estimate / measuredMs).toBeGreaterThan(1 / 1.5);
      expect(estimate / measuredMs).toBeLessThan(1.5);
    },
  );

  it('covers every backend the benchmark measured, and the fit finds rates that are positive', () => {
    const fitted = fitSpeeds(measured);
    expect(Object.keys(BACKEND_SPEEDS).sort()).toEqual(Object.keys(fitted).sort());
    for (const speed of Object.values(BACKEND_SPEEDS)) {
      expect(speed.overheadMs).toBeGreaterThanOrEqual(0);
      expect(speed.denseFlopsPerMs).toBeGreaterThan(0);
      expect(speed.convFlopsPerMs).toBeGreaterThan(0);
    }
  });
});

describe('the fit behind the table', () => {
  const row = (backend: string, model: 'mlp' | 'cnn', batch: number, ms: number): Row => ({
    backend,
    model,
    batch,
    examplesPerSecond: { ok: true, value: { median: (batch * 1000) / ms } },
  });

  it('recovers exact non-negative coefficients, and pins one at zero where the free optimum is negative', () => {
    // Rows of [1, d, c] / m for m = 2 + d + 3c: x = (2, 1, 3) fits exactly.
    const rows = [[1, 0, 1], [1, 1, 1], [1, 2, 0.5], [1, 4, 2]].map(([o, d, c]) => { const m = 2 * o + d + 3 * c; return [o / m, d / m, c / m]; });
    nonNegativeFit(rows).forEach((v, i) => expect(v).toBeCloseTo([2, 1, 3][i], 9));
    // m = 5 for every row though d grows: the free optimum's d-coefficient is negative, so it is 0.
    const flat = [[1, 0, 1], [1, 4, 1], [1, 8, 1]].map((r) => r.map((v) => v / 5));
    expect(nonNegativeFit(flat)[1]).toBe(0);
  });

  it('gives a backend whose MLP step does not grow with its batch a finite dense rate within 1.4x of every row', () => {
    // The 2026-12-02 11:55 run's WebGL: batch 64 slower than batch 256 (86 against 73 ms).
    const rows = [row('webgl', 'mlp', 64, 85.8), row('webgl', 'mlp', 256, 73.2), row('webgl', 'cnn', 64, 1391), row('webgl', 'cnn', 256, 7314)];
    const speed = fitSpeeds(rows).webgl;
    expect(Number.isFinite(speed.denseFlopsPerMs)).toBe(true);
    for (const r of rows) {
      const config = defaultConfig();
      config.model.kind = r.model;
      config.training.batchSize = r.batch;
      const measuredMs = (r.batch * 1000) / (r.examplesPerSecond.value as { median: number }).median;
      const { dense, conv } = stepFlops(config);
      const estimate = speed.overheadMs + dense / speed.denseFlopsPerMs + conv / speed.convFlopsPerMs;
      expect(Math.max(estimate / measuredMs, measuredMs / estimate)).toBeLessThan(1.41);
    }
  });
});
