import type { DataOrder } from '../config/types';
import { deriveSeed, createRng, permutation } from '../random';
import { featureSize, type Dataset, type Split } from './types';

/**
 * The data order (config `dataset.order`):
 * - 'shuffled': every epoch visits the whole training split in one seeded permutation (config v1, v2).
 * - 'streamed' (v3's default): epoch 0 visits the training split part after part, in file order,
 *   each part of STREAM_PART_SIZE samples shuffled by the seed; later epochs as 'shuffled'. So the
 *   first steps need only the first part of the file, and a download can start training early; the
 *   order still depends only on the config, never on how fast the data arrives.
 * Part 0 is shuffled with the seed that 'shuffled' gives epoch 0, so a training split of at most one
 * part (all 2-D tasks, MNIST, any trainSize up to 10,000) trains exactly as before.
 */
export type { DataOrder };
export const STREAM_PART_SIZE = 10_000;

/**
 * Training samples (a prefix of the split) that must be in before a run starts: its first steps,
 * the speed probe's few steps and the step-0 evaluation's first 2,000 training samples all fall in
 * the first part in the streamed order (5 batches of at most 1,024); the shuffled order needs all.
 */
export function samplesToStart(order: DataOrder, trainCount: number): number {
  return order === 'streamed' ? Math.min(STREAM_PART_SIZE, trainCount) : trainCount;
}

export interface BatchSampler {
  /** The batch size actually used: the requested one, or the split's size if that is smaller. */
  batchSize: number;
  stepsPerEpoch: number;
  /** Sample indices of global step `step` (0-based, counted across epochs). */
  indices(step: number): Uint32Array;
  /** How many training samples (a prefix of the split) must be in memory for step `step`. */
  samplesNeeded(step: number): number;
}

/** Epoch `epoch`'s visiting order of samples 0 .. count - 1. */
export function epochOrder(count: number, seed: number, epoch: number, order: DataOrder): Uint32Array {
  if (order === 'shuffled' || epoch > 0 || count <= STREAM_PART_SIZE) {
    return permutation(count, createRng(deriveSeed(seed, `order:${epoch}`)));
  }
  const out = new Uint32Array(count);
  for (let start = 0, part = 0; start < count; start += STREAM_PART_SIZE, part++) {
    const size = Math.min(STREAM_PART_SIZE, count - start);
    const label = part === 0 ? 'order:0' : `order:0:part:${part}`;
    const shuffled = permutation(size, createRng(deriveSeed(seed, label)));
    for (let i = 0; i < size; i++) out[start + i] = start + shuffled[i];
  }
  return out;
}

/**
 * Deterministic data order (see DataOrder), in consecutive batches; the last partial batch of an
 * epoch is dropped so every step has the same batch size. A resumed or replayed run sees exactly the
 * same batches.
 */
export function createBatchSampler(count: number, batchSize: number, seed: number, dataOrder: DataOrder = 'shuffled'): BatchSampler {
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`count must be a whole number >= 1, got ${count}`);
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new RangeError(`batchSize must be a whole number >= 1, got ${batchSize}`);
  }
  const size = Math.min(batchSize, count);
  const stepsPerEpoch = Math.max(1, Math.floor(count / size));
  let cachedEpoch = -1;
  let order: Uint32Array = new Uint32Array(0);
  const indices = (step: number): Uint32Array => {
    if (!Number.isInteger(step) || step < 0) throw new RangeError(`step must be a whole number >= 0, got ${step}`);
    const epoch = Math.floor(step / stepsPerEpoch);
    if (epoch !== cachedEpoch) {
      order = epochOrder(count, seed, epoch, dataOrder);
      cachedEpoch = epoch;
    }
    const start = (step % stepsPerEpoch) * size;
    return order.slice(start, start + size);
  };
  return {
    batchSize: size,
    stepsPerEpoch,
    indices,
    samplesNeeded(step: number): number {
      let highest = -1;
      for (const index of indices(step)) highest = Math.max(highest, index);
      return highest + 1;
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
  // A training split still downloading holds only its first `arrived` samples; the rest are zeros.
  const arrived = split === dataset.train && dataset.arrival ? dataset.arrival.trainArrived : null;
  for (let row = 0; row < indices.length; row++) {
    const index = indices[row];
    if (!Number.isInteger(index) || index < 0 || index >= split.count) {
      throw new RangeError(`sample index ${index} is outside the split (0..${split.count - 1})`);
    }
    if (arrived !== null && index >= arrived) {
      throw new RangeError(`training sample ${index} has not arrived yet (${arrived} of ${split.count} are in)`);
    }
    const source = index * size;
    const target = row * size;
    for (let j = 0; j < size; j++) x[target + j] = split.features[source + j] * scale;
    y[row] = split.labels[index];
  }
  return { x, y };
}
