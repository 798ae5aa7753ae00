import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../tf';
import { computeApl } from '../analysis/apl';
import type { ModelConfig } from '../config/types';
import { channelGraphOf, planArchitecture } from './architecture';
import { Network } from './network';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const mlp = (hidden: number[], residual = false): ModelConfig => ({ kind: 'mlp', hidden, conv: [], residual });

describe('planArchitecture and its channel graph', () => {
  it('MLP on images: 784 inputs, one gated full layer per hidden width, a full ungated output', () => {
    const graph = channelGraphOf(planArchitecture(mlp([64, 32]), [28, 28, 1], 10));
    expect(graph.layers).toEqual([
      { name: 'input', channels: 784, summands: [], gate: -1 },
      { name: 'dense1', channels: 64, summands: [{ from: 0, connection: 'full' }], gate: 0 },
      { name: 'dense2', channels: 32, summands: [{ from: 1, connection: 'full' }], gate: 1 },
      { name: 'output', channels: 10, summands: [{ from: 2, connection: 'full' }], gate: -1 },
    ]);
  });

  it('residual MLP on the plane: each hidden layer is followed by h = gate(L1 x), y = gate(x + L2 h)', () => {
    const plan = planArchitecture(mlp([8, 6], true), [2], 3);
    expect(channelGraphOf(plan).layers).toEqual([
      { name: 'input', channels: 2, summands: [], gate: -1 },
      { name: 'dense1', channels: 8, summands: [{ from: 0, connection: 'full' }], gate: 0 },
      { name: 'block1.a', channels: 8, summands: [{ from: 1, connection: 'full' }], gate: 1 },
      { name: 'block1.add', channels: 8, summands: [{ from: 1, connection: 'identity' }, { from: 2, connection: 'full' }], gate: 2 },
      { name: 'dense2', channels: 6, summands: [{ from: 3, connection: 'full' }], gate: 3 },
      { name: 'block2.a', channels: 6, summands: [{ from: 4, connection: 'full' }], gate: 4 },
      { name: 'block2.add', channels: 6, summands: [{ from: 4, connection: 'identity' }, { from: 5, connection: 'full' }], gate: 5 },
      { name: 'output', channels: 3, summands: [{ from: 6, connection: 'full' }], gate: -1 },
    ]);
    expect(plan.gatedChannels).toEqual([8, 8, 8, 6, 6, 6]);
  });

  it('CNN: one input channel, conv stages with strides and pooling, a dense output over the last maps', () => {
    const plan = planArchitecture(
      {
        kind: 'cnn',
        hidden: [],
        conv: [
          { channels: 4, stride: 2, pool: 'max' },
          { channels: 8, stride: 2, pool: 'none' },
        ],
        residual: false,
      },
      [28, 28, 1],
      10,
    );
    expect(channelGraphOf(plan).layers.map((l) => [l.name, l.channels, l.gate])).toEqual([
      ['input', 1, -1],
      ['conv1', 4, 0],
      ['conv2', 8, 1],
      ['output', 10, -1],
    ]);
    // 28 -> stride 2 -> 14 -> pool -> 7 -> stride 2 -> 4: the output sees 4 * 4 positions of 8 maps.
    expect(plan.layers[1].size).toEqual([14, 14]);
    expect(plan.layers[1].outputSize).toEqual([7, 7]);
    expect(plan.layers[2].size).toEqual([4, 4]);
    expect(plan.layers[3].summands[0]).toMatchObject({ op: 'dense', taps: 16, inChannels: 8 });
    expect(plan.layers[1].summands[0]).toMatchObject({ op: 'conv', taps: 9, inChannels: 1, stride: 2 });
  });

  it('refuses a CNN on 2-D points', () => {
    expect(() => planArchitecture({ kind: 'cnn', hidden: [], conv: [{ channels: 4, stride: 1, pool: 'none' }], residual: false }, [2], 2)).toThrow(
      /image input/,
    );
  });

  it('gives the plain-chain APL of method.md when every channel is nonlinear', () => {
    const plan = planArchitecture(mlp([64, 16, 4]), [2], 2);
    const all = plan.gatedChannels.map((c) => new Array<boolean>(c).fill(true));
    expect(computeApl(channelGraphOf(plan), all).normalized.apl).toBeCloseTo(3, 10);
  });

  it('builds a network whose weights match the plan and whose logits have the right shape', () => {
    const plan = planArchitecture(
      { kind: 'cnn', hidden: [], conv: [{ channels: 3, stride: 2, pool: 'avg' }], residual: true },
      [9, 9, 1],
      4,
    );
    const net = Network.create(plan, 1);
    expect(net.weightOf(1)?.shape).toEqual([9, 3]);
    expect(net.weightOf(2)?.shape).toEqual([27, 3]);
    expect(net.weightOf(3)?.shape).toEqual([27, 3]);
    // 9 -> stride 2 -> 5 -> avg pool -> 2: the output layer reads 2 * 2 positions of 3 maps.
    expect(net.weightOf(4)?.shape).toEqual([12, 4]);
    const logits = net.forward(tf.zeros<tf.Rank.R2>([5, 81]));
    expect(logits.shape).toEqual([5, 4]);
    expect(net.gatedChannelCount).toBe(9);
    net.dispose();
  });

  it('draws the same init for the same seed and another for another seed', async () => {
    const plan = planArchitecture(mlp([6]), [2], 2);
    const [a, b, c] = [Network.create(plan, 5), Network.create(plan, 5), Network.create(plan, 6)];
    const w = async (n: Network) => Array.from(await n.weightOf(1)!.data());
    expect(await w(a)).toEqual(await w(b));
    expect(await w(a)).not.toEqual(await w(c));
    // He-normal: std sqrt(2 / fanIn) = 1 for fanIn 2; the output layer is Glorot-uniform within sqrt(6 / 8).
    const out = await a.weightOf(2)!.data();
    expect(Math.max(...Array.from(out, Math.abs))).toBeLessThanOrEqual(Math.sqrt(6 / 8));
    for (const n of [a, b, c]) n.dispose();
  });
});
