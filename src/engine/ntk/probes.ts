/** The fixed probe set and logit projection the tangent kernel is measured on, both chosen by the seed. */

import type { Dataset } from '../data/types';
import { createNormal, createRng, deriveSeed, permutation } from '../random';

/** Probe examples per kernel at the lab's default: K is then 64 x 64. */
export const DEFAULT_PROBE_COUNT = 64;

/** `count` distinct test-split indices (all of them if the split is smaller), sorted, from the seed. */
export function probeIndices(dataset: Pick<Dataset, 'test'>, seed: number, count = DEFAULT_PROBE_COUNT): Uint32Array {
  const order = permutation(dataset.test.count, createRng(deriveSeed(seed, 'ntk:probes')));
  return order.slice(0, Math.min(count, order.length)).sort();
}

/**
 * A unit vector r over the classes with sum 0, from the seed: the kernel is that of the scalar
 * output r . f(x). Sum 0 because adding the same number to every logit leaves the softmax (and the
 * loss) unchanged, so the summed logits would measure the one direction training cannot see.
 * One class: r = [1].
 */
export function logitProjection(numClasses: number, seed: number): Float32Array {
  if (numClasses === 1) return Float32Array.of(1);
  const normal = createNormal(createRng(deriveSeed(seed, 'ntk:projection')));
  const r = Float64Array.from({ length: numClasses }, () => normal());
  const mean = r.reduce((a, b) => a + b, 0) / numClasses;
  let norm = 0;
  for (let k = 0; k < numClasses; k++) {
    r[k] -= mean;
    norm += r[k] * r[k];
  }
  return Float32Array.from(r, (v) => v / Math.sqrt(norm));
}
