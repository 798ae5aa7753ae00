import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../tf';
import { extractCoreNetwork } from '../analysis/coreNetwork';
import type { ModelConfig } from '../config/types';
import { createRng } from '../random';
import { planArchitecture } from './architecture';
import { edgeMagnitudes, strongestEdges } from './edgeMagnitudes';
import { Network } from './network';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const models: { name: string; model: ModelConfig; inputShape: number[] }[] = [
  { name: 'an MLP', model: { kind: 'mlp', hidden: [24, 30, 18], conv: [], residual: false }, inputShape: [6] },
  {
    name: 'a residual CNN',
    model: { kind: 'cnn', hidden: [], conv: [{ channels: 6, stride: 1, pool: 'none' }, { channels: 8, stride: 2, pool: 'none' }], residual: true },
    inputShape: [6, 6, 1],
  },
];

describe('strongestEdges', () => {
  for (const { name, model, inputShape } of models) {
    it(`gives ${name}'s core network the same edges as the full magnitude matrices`, async () => {
      const network = Network.create(planArchitecture(model, inputShape, 3), 5);
      const rng = createRng(11);
      // About half the channels linear, so the nonlinear selection matters.
      const slopes = network.plan.gatedChannels.map((c) => Float32Array.from({ length: c }, () => (rng() < 0.5 ? 1 : rng() * 0.9)));
      const eps = 1e-3;
      for (const cap of [5, 200]) {
        const full = extractCoreNetwork({ graph: network.graph, slopes, eps, edgeMagnitudes: await edgeMagnitudes(network), maxEdgesPerPair: cap });
        const shortlisted = await strongestEdges(network, slopes, eps, cap);
        expect(shortlisted.every((pair) => pair === null || pair.magnitude.length <= cap)).toBe(true);
        const fromShortlist = extractCoreNetwork({ graph: network.graph, slopes, eps, edgeMagnitudes: shortlisted, maxEdgesPerPair: cap });
        expect(fromShortlist.edges.length).toBeGreaterThan(0);
        expect(fromShortlist.edges.map((e) => [e.layer, e.from, e.to])).toEqual(full.edges.map((e) => [e.layer, e.from, e.to]));
        fromShortlist.edges.forEach((e, i) => expect(e.weight).toBeCloseTo(full.edges[i].weight, 6));
      }
      network.dispose();
    });
  }

  it('leaves no tensors behind', async () => {
    const network = Network.create(planArchitecture(models[0].model, models[0].inputShape, 3), 5);
    const slopes = network.plan.gatedChannels.map((c) => new Float32Array(c));
    const before = tf.memory().numTensors;
    await strongestEdges(network, slopes, 1e-3);
    await edgeMagnitudes(network);
    expect(tf.memory().numTensors).toBe(before);
    network.dispose();
  });
});
