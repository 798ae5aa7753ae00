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
 * Entry l is row-major [channels of gated layer l] x [channels of gated layer l + 1], or null when
 * gated layer l + 1 has no weighted input from gated layer l. One entry per consecutive pair.
 */
export async function edgeMagnitudes(network: Network): Promise<(Float32Array | null)[]> {
  return readAll(magnitudeTensors(network, (magnitudes) => magnitudes.reshape([-1])));
}

/**
 * What the core network view needs without reading every magnitude back: per consecutive pair, the
 * `perPair` strongest magnitudes between channels that are nonlinear in `slopes` (a < 1 - eps),
 * chosen on the device with topk. extractCoreNetwork gives the same view from these as from the
 * full matrices (edgeMagnitudes).
 */
export async function strongestEdges(
  network: Network,
  slopes: ArrayLike<number>[],
  eps: number,
  perPair = DEFAULT_MAX_EDGES_PER_PAIR,
): Promise<(CandidateEdges | null)[]> {
  const mask = nonlinearMask(slopes, eps);
  const nonlinear = (g: number) => tf.tensor1d(mask[g].map(Number));
  const picked = magnitudeTensors(network, (magnitudes, g) => {
    const masked = magnitudes.mul(nonlinear(g).reshape([-1, 1])).mul(nonlinear(g + 1));
    const { values, indices } = tf.topk(masked.reshape([-1]), Math.min(perPair, masked.size));
    return tf.stack([values, indices.cast('float32')]);
  });
  const cols = network.plan.gatedChannels;
  const read = await readAll(picked);
  return read.map((pair, g) => {
    if (!pair) return null;
    const k = pair.length / 2;
    const width = cols[g + 1];
    const from = new Int32Array(k);
    const to = new Int32Array(k);
    for (let i = 0; i < k; i++) {
      from[i] = Math.floor(pair[k + i] / width);
      to[i] = pair[k + i] % width;
    }
    return { from, to, magnitude: pair.subarray(0, k) };
  });
}

/**
 * Per consecutive gated pair, `finish` applied (in a tidy) to the [source channels, target channels]
 * magnitude matrix, or null when the target has no weighted input from the source.
 */
function magnitudeTensors(network: Network, finish: (magnitudes: tf.Tensor2D, gate: number) => tf.Tensor): (tf.Tensor | null)[] {
  const { layers } = network.plan;
  const layerOfGate: number[] = [];
  layers.forEach((layer, i) => {
    if (layer.gate >= 0) layerOfGate[layer.gate] = i;
  });
  const pending: (tf.Tensor | null)[] = [];
  for (let g = 0; g + 1 < layerOfGate.length; g++) {
    const target = layerOfGate[g + 1];
    const summand = weightedSummand(layers[target]);
    const weight = network.weightOf(target);
    if (!summand || summand.from !== layerOfGate[g] || !weight) {
      pending.push(null);
      continue;
    }
    const { taps, inChannels } = summand;
    const channels = layers[target].channels;
    pending.push(
      tf.tidy(() => {
        // Rows of the weight are tap * inChannels + channel: a [taps, in x out] view.
        const perTap = weight.reshape([taps, inChannels * channels]);
        const magnitudes = (taps === 1 ? perTap.abs() : perTap.square().sum(0).sqrt()).reshape([inChannels, channels]) as tf.Tensor2D;
        return finish(magnitudes, g);
      }),
    );
  }
  return pending;
}

async function readAll(pending: (tf.Tensor | null)[]): Promise<(Float32Array | null)[]> {
  try {
    return await Promise.all(pending.map(async (t) => (t ? ((await t.data()) as Float32Array) : null)));
  } finally {
    for (const t of pending) t?.dispose();
  }
}
