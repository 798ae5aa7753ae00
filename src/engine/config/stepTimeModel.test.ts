import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fitSpeeds } from '../../../scripts/calibrateStepTime';
import { stepMsOn } from './budget';
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
