/**
 * Weight magnitudes between consecutive gated layers, for the core network view: |w| for a dense
 * layer, the L2 norm of the 3x3 kernel slice for a conv (in general: the L2 norm over a weight's
 * taps, which is |w| when there is one tap).
 */

import * as tf from '../tf';
import { nonlinearMask } from '../analysis/channelGraph';
import { DEFAULT_MAX_EDGES_PER_PAIR, type CandidateEdges } from '../analysis/coreNetwork';
import { weightedSummand } from './architecture';
import type { Network } from './network';

/**
 * Pairs with at most this many weights are ranked in JS from one readback: 256 KB reads back and
 * scans in well under a millisecond, while the device top-k costs ms (several dispatches on WebGPU,
 * a synchronous CPU handoff on WebGL when k > 128).
 */
export const SMALL_PAIR_WEIGHTS = 65_536;

/** The weight joining gated layer `gate` to gated layer `gate + 1`: rows tap * inChannels + source channel, columns target channels. */
interface WeightedPair {
  gate: number;
  weight: tf.Tensor2D;
  taps: number;
  inChannels: number;
  channels: number;
}

/**
 * Entry l is row-major [channels of gated layer l] x [channels of gated layer l + 1], or null when
 * gated layer l + 1 has no weighted input from gated layer l. One entry per consecutive pair.
 */
export async function edgeMagnitudes(network: Network): Promise<(Float32Array | null)[]> {
  return readAll(weightedPairs(network).map((pair) => pair && tf.tidy(() => magnitudeMatrix(pair).reshape([-1]))));
}

/**
 * What the core network view needs without reading every magnitude back: per consecutive pair, the
 * `perPair` strongest magnitudes between channels that are nonlinear in `slopes` (a < 1 - eps),
 * strongest first. Pairs of more than `smallPairWeights` weights are ranked on the device with topk,
 * smaller ones in JS from their raw weights. extractCoreNetwork gives the same view from these as
 * from the full matrices (edgeMagnitudes).
 */
export async function strongestEdges(
  network: Network,
  slopes: ArrayLike<number>[],
  eps: number,
  perPair = DEFAULT_MAX_EDGES_PER_PAIR,
  smallPairWeights = SMALL_PAIR_WEIGHTS,
): Promise<(CandidateEdges | null)[]> {
  const mask = nonlinearMask(slopes, eps);
  const pairs = weightedPairs(network);
  const isSmall = (pair: WeightedPair) => pair.weight.size <= smallPairWeights;
  const onDevice = readAll(pairs.map((pair) => (pair && !isSmall(pair) ? tf.tidy(() => deviceTopK(pair, mask, perPair)) : null)));
  const inJs = Promise.all(
    pairs.map(async (pair) => (pair && isSmall(pair) ? strongestInJs(pair, (await pair.weight.data()) as Float32Array, mask, perPair) : null)),
  );
  const [topK, ranked] = await Promise.all([onDevice, inJs]);
  return pairs.map((pair, g) => ranked[g] ?? (pair && topK[g] ? decodeTopK(topK[g], pair.channels) : null));
}

/** The pair's masked magnitudes' tf.topk, as one [values; flat indices] tensor. */
function deviceTopK(pair: WeightedPair, mask: boolean[][], perPair: number): tf.Tensor {
  const nonlinear = (g: number) => tf.tensor1d(mask[g].map(Number));
  const masked = magnitudeMatrix(pair).mul(nonlinear(pair.gate).reshape([-1, 1])).mul(nonlinear(pair.gate + 1));
  const { values, indices } = tf.topk(masked.reshape([-1]), Math.min(perPair, masked.size));
  return tf.stack([values, indices.cast('float32')]);
}

function decodeTopK(pair: Float32Array, width: number): CandidateEdges {
  const k = pair.length / 2;
  const from = new Int32Array(k);
  const to = new Int32Array(k);
  for (let i = 0; i < k; i++) {
    from[i] = Math.floor(pair[k + i] / width);
    to[i] = pair[k + i] % width;
  }
  return { from, to, magnitude: pair.subarray(0, k) };
}

/** The device path's edges from the raw weights: positive magnitudes between nonlinear channels only (extractCoreNetwork drops the rest anyway). */
function strongestInJs({ gate, taps, inChannels, channels }: WeightedPair, weights: Float32Array, mask: boolean[][], perPair: number): CandidateEdges {
  const magnitudes = magnitudesOf(weights, taps, inChannels * channels);
  const picked = strongestFirst(magnitudes, nonlinearEdges(magnitudes, mask[gate], mask[gate + 1]), perPair);
  return {
    from: Int32Array.from(picked, (i) => Math.floor(i / channels)),
    to: Int32Array.from(picked, (i) => i % channels),
    magnitude: Float32Array.from(picked, (i) => magnitudes[i]),
  };
}

/** What magnitudeMatrix computes, in the same float32 steps as tfjs's CPU kernels (square, sum over taps in order, sqrt). */
function magnitudesOf(weights: Float32Array, taps: number, size: number): Float32Array {
  const out = new Float32Array(size);
  if (taps === 1) {
    for (let i = 0; i < size; i++) out[i] = Math.abs(weights[i]);
    return out;
  }
  for (let i = 0; i < size; i++) {
    let sum = 0;
    for (let t = 0; t < taps; t++) sum += Math.fround(weights[t * size + i] * weights[t * size + i]);
    out[i] = Math.sqrt(Math.fround(sum));
  }
  return out;
}

/** Flat indices (source * targets + target, ascending) of the positive magnitudes between nonlinear channels. */
function nonlinearEdges(magnitudes: Float32Array, sources: boolean[], targets: boolean[]): Int32Array {
  const edges = new Int32Array(magnitudes.length);
  let count = 0;
  for (let s = 0; s < sources.length; s++) {
    if (!sources[s]) continue;
    for (let t = 0; t < targets.length; t++) {
      const i = s * targets.length + t;
      if (targets[t] && magnitudes[i] > 0) edges[count++] = i;
    }
  }
  return edges.subarray(0, count);
}

/** The `k` strongest of `edges` (ascending flat indices), strongest first; equal magnitudes in index order, as tf.topk. */
function strongestFirst(magnitudes: Float32Array, edges: Int32Array, k: number): number[] {
  if (k <= 0) return [];
  // Only edges at least as strong as the k-th strongest need the comparator sort.
  const cutoff = edges.length > k ? kthLargest(valuesAt(magnitudes, edges), k) : 0;
  const kept: number[] = [];
  for (let j = 0; j < edges.length; j++) if (magnitudes[edges[j]] >= cutoff) kept.push(edges[j]);
  // Array sort is stable, so ties keep the ascending index order.
  return kept.sort((a, b) => magnitudes[b] - magnitudes[a]).slice(0, k);
}

function valuesAt(magnitudes: Float32Array, edges: Int32Array): Float32Array {
  const values = new Float32Array(edges.length);
  for (let j = 0; j < edges.length; j++) values[j] = magnitudes[edges[j]];
  return values;
}

/** The k-th largest of `values` (1 <= k <= length), which it reorders: Hoare's quickselect, linear on average (a full sort of 64K floats took ms). */
function kthLargest(values: Float32Array, k: number): number {
  const target = k - 1;
  let lo = 0;
  let hi = values.length - 1;
  while (lo < hi) {
    const pivot = values[(lo + hi) >> 1];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (values[i] > pivot) i++;
      while (values[j] < pivot) j--;
      if (i <= j) {
        const swap = values[i];
        values[i++] = values[j];
        values[j--] = swap;
      }
    }
    // Now [lo, j] >= pivot >= [i, hi], and anything between equals the pivot.
    if (target <= j) hi = j;
    else if (target >= i) lo = i;
    else return pivot;
  }
  return values[target];
}

/** Per consecutive gated pair, its weight, or null when the target has no weighted input from the source. */
function weightedPairs(network: Network): (WeightedPair | null)[] {
  const { layers } = network.plan;
  const layerOfGate: number[] = [];
  layers.forEach((layer, i) => {
    if (layer.gate >= 0) layerOfGate[layer.gate] = i;
  });
  const pairs: (WeightedPair | null)[] = [];
  for (let g = 0; g + 1 < layerOfGate.length; g++) {
    const target = layerOfGate[g + 1];
    const summand = weightedSummand(layers[target]);
    const weight = network.weightOf(target);
    const joined = summand && summand.from === layerOfGate[g] && weight;
    pairs.push(joined ? { gate: g, weight, taps: summand.taps, inChannels: summand.inChannels, channels: layers[target].channels } : null);
  }
  return pairs;
}

/** The pair's [source channels, target channels] magnitude matrix; call inside a tidy. */
function magnitudeMatrix({ weight, taps, inChannels, channels }: WeightedPair): tf.Tensor2D {
  // Rows of the weight are tap * inChannels + channel: a [taps, in x out] view.
  const perTap = weight.reshape([taps, inChannels * channels]);
  return (taps === 1 ? perTap.abs() : perTap.square().sum(0).sqrt()).reshape<tf.Tensor2D>([inChannels, channels]);
}

async function readAll(pending: (tf.Tensor | null)[]): Promise<(Float32Array | null)[]> {
  try {
    return await Promise.all(pending.map(async (t) => (t ? ((await t.data()) as Float32Array) : null)));
  } finally {
    for (const t of pending) t?.dispose();
  }
}
