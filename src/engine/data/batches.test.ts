import { describe, expect, it } from 'vitest';
import { createRng, deriveSeed, permutation } from '../random';
import { createBatchSampler, gatherBatch, STREAM_PART_SIZE } from './batches';
import type { Dataset } from './types';

function epochIndices(sampler: ReturnType<typeof createBatchSampler>, epoch: number): number[] {
  const all: number[] = [];
  for (let s = 0; s < sampler.stepsPerEpoch; s++) all.push(...sampler.indices(epoch * sampler.stepsPerEpoch + s));
  return all;
}

describe('createBatchSampler', () => {
  it('drops the last partial batch: 10 samples in batches of 3 give 3 steps of 9 distinct samples', () => {
    const sampler = createBatchSampler(10, 3, 1);
    expect(sampler.stepsPerEpoch).toBe(3);
    expect(sampler.batchSize).toBe(3);
    for (const epoch of [0, 1, 2]) {
      const seen = epochIndices(sampler, epoch);
      expect(seen).toHaveLength(9);
      expect(new Set(seen).size).toBe(9);
      expect(seen.every((i) => Number.isInteger(i) && i >= 0 && i < 10)).toBe(true);
    }
  });

  it('each epoch follows the permutation seeded by deriveSeed(seed, "order:" + epoch)', () => {
    const sampler = createBatchSampler(12, 4, 99);
    for (const epoch of [0, 3]) {
      const expected = permutation(12, createRng(deriveSeed(99, `order:${epoch}`)));
      expect(epochIndices(sampler, epoch)).toEqual([...expected]);
    }
  });

  it('the same seed gives the same order; another seed or another epoch a different one', () => {
    const a = createBatchSampler(100, 10, 5);
    const b = createBatchSampler(100, 10, 5);
    const c = createBatchSampler(100, 10, 6);
    expect(epochIndices(a, 0)).toEqual(epochIndices(b, 0));
    expect(epochIndices(a, 4)).toEqual(epochIndices(b, 4));
    expect(epochIndices(a, 0)).not.toEqual(epochIndices(c, 0));
    expect(epochIndices(a, 0)).not.toEqual(epochIndices(a, 1));
    // Every full epoch covers all 100 samples once.
    expect([...epochIndices(a, 1)].sort((x, y) => x - y)).toEqual(Array.from({ length: 100 }, (_, i) => i));
  });

  it('answers steps in any order, and callers cannot disturb its cache', () => {
    const sampler = createBatchSampler(50, 8, 3);
    const fresh = createBatchSampler(50, 8, 3);
    const late = [...sampler.indices(20)];
    const early = sampler.indices(1);
    early.fill(0);
    expect([...sampler.indices(1)]).toEqual([...fresh.indices(1)]);
    expect([...sampler.indices(20)]).toEqual(late);
  });

  it('uses the whole split as one batch when the batch is larger than the split', () => {
    const sampler = createBatchSampler(5, 8, 2);
    expect(sampler.batchSize).toBe(5);
    expect(sampler.stepsPerEpoch).toBe(1);
    expect([...sampler.indices(0)].sort()).toEqual([0, 1, 2, 3, 4]);
    expect([...sampler.indices(1)].sort()).toEqual([0, 1, 2, 3, 4]);
  });

  it('refuses impossible settings', () => {
    expect(() => createBatchSampler(0, 8, 1)).toThrow(/count/);
    expect(() => createBatchSampler(10, 0, 1)).toThrow(/batchSize/);
    expect(() => createBatchSampler(10, 2, 1).indices(-1)).toThrow(/step/);
  });
});

describe('the streamed order', () => {
  it('visits 25,000 samples in epoch 0 as three parts in file order, each shuffled by its own seed; epoch 1 as the shuffled order', () => {
    expect(STREAM_PART_SIZE).toBe(10_000);
    const streamed = createBatchSampler(25_000, 100, 7, 'streamed');
    const shuffled = createBatchSampler(25_000, 100, 7, 'shuffled');
    const part = (label: string, size: number, offset: number) => [...permutation(size, createRng(deriveSeed(7, label)))].map((i) => i + offset);
    expect(epochIndices(streamed, 0)).toEqual([
      ...part('order:0', 10_000, 0),
      ...part('order:0:part:1', 10_000, 10_000),
      ...part('order:0:part:2', 5_000, 20_000),
    ]);
    expect(epochIndices(streamed, 1)).toEqual(epochIndices(shuffled, 1));
    expect(epochIndices(streamed, 1)).toEqual([...permutation(25_000, createRng(deriveSeed(7, 'order:1')))]);
  });

  it('needs only the first part for the first 100 steps, the first two for the next 100; the shuffled order needs nearly all from step 0', () => {
    const streamed = createBatchSampler(25_000, 100, 7, 'streamed');
    for (let step = 0; step < 100; step++) expect(streamed.samplesNeeded(step)).toBeLessThanOrEqual(10_000);
    for (let step = 100; step < 200; step++) {
      expect(streamed.samplesNeeded(step)).toBeGreaterThan(10_000);
      expect(streamed.samplesNeeded(step)).toBeLessThanOrEqual(20_000);
    }
    expect(streamed.samplesNeeded(249)).toBeGreaterThan(20_000);
    // 100 samples drawn from 25,000 at random: the highest is above 20,000 unless all 100 miss the top fifth.
    expect(createBatchSampler(25_000, 100, 7, 'shuffled').samplesNeeded(0)).toBeGreaterThan(20_000);
  });

  it('a batch across two parts needs both: 15,000 samples in batches of 4,000 (step 2 takes 8,000..11,999)', () => {
    const sampler = createBatchSampler(15_000, 4_000, 3, 'streamed');
    expect(sampler.samplesNeeded(0)).toBeLessThanOrEqual(10_000);
    expect(sampler.samplesNeeded(2)).toBeGreaterThan(10_000);
    const step2 = [...sampler.indices(2)];
    expect(step2.filter((i) => i < 10_000)).toHaveLength(2_000);
  });

  it('is the shuffled order for a training split of at most one part (2-D tasks, MNIST)', () => {
    for (const count of [7, 2_400, 8_000, 10_000]) {
      const a = createBatchSampler(count, 32, 11, 'streamed');
      const b = createBatchSampler(count, 32, 11, 'shuffled');
      for (const epoch of [0, 1]) expect(epochIndices(a, epoch)).toEqual(epochIndices(b, epoch));
    }
  });
});

describe('gatherBatch', () => {
  const dataset: Dataset = {
    kind: 'mnist',
    inputShape: [2, 1, 1],
    numClasses: 3,
    classNames: ['a', 'b', 'c'],
    featureScale: 1 / 255,
    train: { features: new Uint8Array([0, 255, 51, 102, 255, 0]), labels: new Uint8Array([2, 0, 1]), count: 3 },
    test: { features: new Uint8Array([1, 2]), labels: new Uint8Array([1]), count: 1 },
    dropped: 0,
  };

  it('copies the chosen samples in order, scaled by featureScale', () => {
    const { x, y } = gatherBatch(dataset, dataset.train, [1, 0, 1]);
    expect(x).toBeInstanceOf(Float32Array);
    expect(y).toBeInstanceOf(Int32Array);
    expect([...x].map((v) => Number(v.toFixed(6)))).toEqual([0.2, 0.4, 0, 1, 0.2, 0.4]);
    expect([...y]).toEqual([0, 2, 0]);
  });

  it('leaves float features unchanged at scale 1', () => {
    const plane: Dataset = {
      ...dataset,
      inputShape: [2],
      featureScale: 1,
      train: { features: new Float32Array([0.5, -1.25, 3, 4]), labels: new Uint8Array([1, 0]), count: 2 },
    };
    expect([...gatherBatch(plane, plane.train, [1, 0]).x]).toEqual([3, 4, 0.5, -1.25]);
  });

  it('refuses an index outside the split', () => {
    expect(() => gatherBatch(dataset, dataset.test, [1])).toThrow(/outside the split/);
  });

  it('refuses a training sample that has not arrived, and takes the test split and arrived samples', () => {
    const arrival = { trainArrived: 2, bytesArrived: 0, bytesTotal: 0, failure: null, whenArrived: () => Promise.resolve(), retry: () => {} };
    const streaming: Dataset = { ...dataset, arrival };
    expect(() => gatherBatch(streaming, streaming.train, [0, 2])).toThrow(/training sample 2 has not arrived yet \(2 of 3 are in\)/);
    expect([...gatherBatch(streaming, streaming.train, [1, 0]).y]).toEqual([0, 2]);
    expect([...gatherBatch(streaming, streaming.test, [0]).y]).toEqual([1]);
  });
});
