import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../tf';
import { extractCoreNetwork, type CandidateEdges } from '../analysis/coreNetwork';
import type { ModelConfig } from '../config/types';
import { createRng } from '../random';
import { planArchitecture } from './architecture';
import { edgeMagnitudes, SMALL_PAIR_WEIGHTS, strongestEdges } from './edgeMagnitudes';
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

/** Every pair of these test networks is small: the default threshold ranks them all in JS, 0 all on the device. */
const paths = [
  { path: 'in JS', smallPairWeights: SMALL_PAIR_WEIGHTS },
  { path: 'on the device', smallPairWeights: 0 },
];

const eps = 1e-3;

/** A network with about half its channels linear; `tied` rounds the weights to quarters, so many magnitudes tie and some are 0. */
function setUp(model: ModelConfig, inputShape: number[], tied: boolean): { network: Network; slopes: Float32Array[] } {
  const network = Network.create(planArchitecture(model, inputShape, 3), 5);
  if (tied) {
    network.plan.layers.forEach((_, i) => {
      const weight = network.weightOf(i);
      if (!weight) return;
      const rounded = tf.tidy(() => weight.mul(4).round().div<tf.Tensor2D>(4));
      weight.assign(rounded);
      rounded.dispose();
    });
  }
  const rng = createRng(11);
  const slopes = network.plan.gatedChannels.map((c) => Float32Array.from({ length: c }, () => (rng() < 0.5 ? 1 : rng() * 0.9)));
  return { network, slopes };
}

/** extractCoreNetwork's fast-path order: magnitude down, equal magnitudes by (from, to) up. */
function isStrongestFirst({ from, to, magnitude }: CandidateEdges): boolean {
  for (let i = 1; i < magnitude.length; i++) {
    const [a, b] = [magnitude[i - 1], magnitude[i]];
    if (!(a > b || (a === b && (from[i - 1] < from[i] || (from[i - 1] === from[i] && to[i - 1] < to[i]))))) return false;
  }
  return true;
}

function positiveEntries({ from, to, magnitude }: CandidateEdges): CandidateEdges {
  const keep = Array.from(magnitude, (_, i) => i).filter((i) => magnitude[i] > 0);
  return { from: Int32Array.from(keep, (i) => from[i]), to: Int32Array.from(keep, (i) => to[i]), magnitude: Float32Array.from(keep, (i) => magnitude[i]) };
}

async function kernelsOf(run: () => Promise<unknown>): Promise<string[]> {
  const info = await tf.profile(async () => {
    await run();
  });
  return info.kernels.map((k) => k.name);
}

describe('strongestEdges', () => {
  for (const { name, model, inputShape } of models) {
    for (const tied of [false, true]) {
      for (const { path, smallPairWeights } of paths) {
        it(`ranked ${path}, gives ${name}'s core network${tied ? ' (tied weights)' : ''} the same view as the full magnitude matrices`, async () => {
          const { network, slopes } = setUp(model, inputShape, tied);
          // 5 is fewer than every pair's nonlinear edges, 200 more than most pairs' (not the MLP's first: 204).
          for (const cap of [5, 200]) {
            const full = extractCoreNetwork({ graph: network.graph, slopes, eps, edgeMagnitudes: await edgeMagnitudes(network), maxEdgesPerPair: cap });
            const shortlisted = await strongestEdges(network, slopes, eps, cap, smallPairWeights);
            expect(shortlisted.every((pair) => pair !== null && pair.magnitude.length <= cap && isStrongestFirst(pair))).toBe(true);
            const fromShortlist = extractCoreNetwork({ graph: network.graph, slopes, eps, edgeMagnitudes: shortlisted, maxEdgesPerPair: cap });
            expect(fromShortlist.edges.length).toBeGreaterThan(0);
            expect(fromShortlist).toEqual(full);
          }
          network.dispose();
        });
      }

      it(`ranks ${name}'s pairs${tied ? ' (tied weights)' : ''} in JS as the device's top-k does, less its masked and zero entries`, async () => {
        const { network, slopes } = setUp(model, inputShape, tied);
        for (const cap of [5, 200]) {
          const inJs = await strongestEdges(network, slopes, eps, cap);
          const onDevice = await strongestEdges(network, slopes, eps, cap, 0);
          expect(inJs).toEqual(onDevice.map((pair) => pair && positiveEntries(pair)));
        }
        network.dispose();
      });
    }
  }

  it('runs no kernel for small pairs and the device top-k for large ones', async () => {
    // Pairs of 24 x 30 = 720 and 30 x 18 = 540 weights.
    const { network, slopes } = setUp(models[0].model, models[0].inputShape, false);
    expect(await kernelsOf(() => strongestEdges(network, slopes, eps))).toEqual([]);
    for (const [smallPairWeights, deviceTopKs] of [[720, 0], [719, 1], [0, 2]]) {
      const kernels = await kernelsOf(() => strongestEdges(network, slopes, eps, 200, smallPairWeights));
      expect(kernels.filter((k) => k === 'TopK')).toHaveLength(deviceTopKs);
    }
    network.dispose();
  });

  it('leaves no tensors behind', async () => {
    for (const { model, inputShape } of models) {
      const network = Network.create(planArchitecture(model, inputShape, 3), 5);
      const slopes = network.plan.gatedChannels.map((c) => new Float32Array(c));
      const before = tf.memory().numTensors;
      for (const { smallPairWeights } of paths) await strongestEdges(network, slopes, eps, 200, smallPairWeights);
      await edgeMagnitudes(network);
      expect(tf.memory().numTensors).toBe(before);
      network.dispose();
    }
  });
});
