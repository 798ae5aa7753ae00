/**
 * Weight magnitudes between consecutive gated layers, for the core network view: |w| for a dense
 * layer, the L2 norm of the 3x3 kernel slice for a conv (in general: the L2 norm over a weight's
 * taps, which is |w| when there is one tap).
 */

import * as tf from '../tf';
import { weightedSummand } from './architecture';
import type { Network } from './network';

/**
 * Entry l is row-major [channels of gated layer l] x [channels of gated layer l + 1], or null when
 * gated layer l + 1 has no weighted input from gated layer l. One entry per consecutive pair.
 */
export async function edgeMagnitudes(network: Network): Promise<(Float32Array | null)[]> {
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
    pending.push(
      tf.tidy(() => weight.reshape([summand.taps, summand.inChannels * layers[target].channels]).square().sum(0).sqrt()),
    );
  }
  try {
    return await Promise.all(pending.map(async (t) => (t ? ((await t.data()) as Float32Array) : null)));
  } finally {
    for (const t of pending) t?.dispose();
  }
}
