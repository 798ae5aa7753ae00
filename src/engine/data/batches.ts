import { deriveSeed, createRng, permutation } from '../random';
import { featureSize, type Dataset, type Split } from './types';

export interface BatchSampler {
  /** The batch size actually used: the requested one, or the split's size if that is smaller. */
  batchSize: number;
  stepsPerEpoch: number;
  /** Sample indices of global step `step` (0-based, counted across epochs). */
  indices(step: number): Uint32Array;
}

/**
 * Deterministic data order: epoch e visits the samples in a permutation seeded by
 * deriveSeed(seed, 'order:' + e), in consecutive batches; the last partial batch is dropped so
 * every step has the same batch size. A resumed or replayed run sees exactly the same batches.
 */
export function createBatchSampler(count: number, batchSize: number, seed: number): BatchSampler {
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`count must be a whole number >= 1, got ${count}`);
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new RangeError(`batchSize must be a whole number >= 1, got ${batchSize}`);
  }
  const size = Math.min(batchSize, count);
  const stepsPerEpoch = Math.max(1, Math.floor(count / size));
  let cachedEpoch = -1;
  let order: Uint32Array = new Uint32Array(0);
  return {
    batchSize: size,
    stepsPerEpoch,
    indices(step: number): Uint32Array {
      if (!Number.isInteger(step) || step < 0) throw new RangeError(`step must be a whole number >= 0, got ${step}`);
      const epoch = Math.floor(step / stepsPerEpoch);
      if (epoch !== cachedEpoch) {
        order = permutation(count, createRng(deriveSeed(seed, `order:${epoch}`)));
        cachedEpoch = epoch;
      }
      const start = (step % stepsPerEpoch) * size;
      return order.slice(start, start + size);
    },
  };
}

/** Copies the given samples of a split into network inputs (scaled by featureScale) and integer labels. */
export function gatherBatch(
  dataset: Dataset,
  split: Split,
  indices: ArrayLike<number>,
): { x: Float32Array; y: Int32Array } {
  const size = featureSize(dataset);
  const scale = dataset.featureScale;
  const x = new Float32Array(indices.length * size);
  const y = new Int32Array(indices.length);
  for (let row = 0; row < indices.length; row++) {
    const index = indices[row];
    if (!Number.isInteger(index) || index < 0 || index >= split.count) {
      throw new RangeError(`sample index ${index} is outside the split (0..${split.count - 1})`);
    }
    const source = index * size;
    const target = row * size;
    for (let j = 0; j < size; j++) x[target + j] = split.features[source + j] * scale;
    y[row] = split.labels[index];
  }
  return { x, y };
}
