/** "Snap" (method.md): channels that count as linear (a >= 1 - eps) become exactly linear and frozen. */

import type { Network } from '../model/network';

/** Returns how many channels were newly frozen. */
export async function snapLinearChannels(network: Network, eps: number): Promise<number> {
  const threshold = 1 - eps;
  const slopeValues = await Promise.all(network.slopes.map((a) => a.data()));
  const frozenValues = await Promise.all(network.frozen.map((f) => f.data()));
  let snapped = 0;
  slopeValues.forEach((slopes, g) => {
    const frozen = Float32Array.from(frozenValues[g]);
    for (let c = 0; c < slopes.length; c++) {
      if (frozen[c] === 0 && slopes[c] >= threshold) {
        frozen[c] = 1;
        snapped++;
      }
    }
    network.setFrozen(g, frozen);
  });
  network.constrainSlopes();
  return snapped;
}
