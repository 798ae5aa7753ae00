/**
 * Weight init from the engine's seeded PRNG (never tf.random*), so a seed gives the same network on
 * every backend. Each layer draws from its own stream deriveSeed(seed, 'init:' + layerName).
 */

import { createNormal, createRng, deriveSeed } from '../random';

/** He-normal, std sqrt(2 / fanIn): for layers followed by a gate. */
export function heNormal(seed: number, layerName: string, fanIn: number, fanOut: number): Float32Array {
  const normal = createNormal(createRng(deriveSeed(seed, 'init:' + layerName)));
  const std = Math.sqrt(2 / fanIn);
  const values = new Float32Array(fanIn * fanOut);
  for (let i = 0; i < values.length; i++) values[i] = normal() * std;
  return values;
}

/** Glorot-uniform, limit sqrt(6 / (fanIn + fanOut)): for the linear output layer. */
export function glorotUniform(seed: number, layerName: string, fanIn: number, fanOut: number): Float32Array {
  const rng = createRng(deriveSeed(seed, 'init:' + layerName));
  const limit = Math.sqrt(6 / (fanIn + fanOut));
  const values = new Float32Array(fanIn * fanOut);
  for (let i = 0; i < values.length; i++) values[i] = (2 * rng() - 1) * limit;
  return values;
}
