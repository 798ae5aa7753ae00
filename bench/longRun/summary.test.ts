import { describe, expect, it } from 'vitest';
import type { MemorySample } from './memorySampler';
import { summarizeMeasure } from './summary';

const sample = (t: number, page: number, worker: number | null = null): MemorySample => ({
  t,
  step: t * 10,
  pageHeapBytes: page,
  workerHeapBytes: worker,
  rendererBytes: 0,
  processBytes: 0,
});

describe('long-run memory summary', () => {
  it('reports first, largest and last, and a flat series as within its bound', () => {
    const samples = [10, 14, 12, 13, 12, 13, 12, 11].map((v, i) => sample(i, v));
    const s = summarizeMeasure(samples, 'pageHeapBytes', 20);
    expect(s).toMatchObject({ first: 10, max: 14, last: 11, withinBound: true, samples: 8 });
    // Second quarter 12, 13 (mean 12.5); last quarter 12, 11 (mean 11.5).
    expect(s?.lateOverEarly).toBeCloseTo(11.5 / 12.5, 10);
  });

  it('flags a series that passes its bound and shows its growth', () => {
    const samples = [1, 2, 3, 4, 5, 6, 7, 8].map((v, i) => sample(i, v));
    const s = summarizeMeasure(samples, 'pageHeapBytes', 6);
    expect(s?.withinBound).toBe(false);
    expect(s?.max).toBe(8);
    // (7 + 8) / (3 + 4)
    expect(s?.lateOverEarly).toBeCloseTo(15 / 7, 10);
  });

  it('skips samples where a measure was not reachable, and has nothing to say without any', () => {
    const samples = [sample(0, 1, null), sample(1, 1, 5), sample(2, 1, null), sample(3, 1, 7)];
    expect(summarizeMeasure(samples, 'workerHeapBytes', 100)).toMatchObject({ first: 5, max: 7, last: 7, samples: 2, lateOverEarly: null });
    expect(summarizeMeasure([sample(0, 1, null)], 'workerHeapBytes', 100)).toBeNull();
  });
});
