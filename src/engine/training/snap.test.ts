import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../tf';
import { planArchitecture } from '../model/architecture';
import { Network } from '../model/network';
import { predictLogits } from './predict';
import { snapLinearChannels } from './snap';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const inputs = Float32Array.from({ length: 20 }, (_, i) => Math.sin(i * 1.7) * 1.3);

describe('snapLinearChannels', () => {
  it('sets channels at a >= 1 - eps to exactly 1, freezes them and leaves the others alone', async () => {
    const net = Network.create(planArchitecture({ kind: 'mlp', hidden: [4], conv: [], residual: false }, [2], 2), 3);
    net.slopes[0].assign(tf.tensor1d([1, 0.9995, 0.5, 0.998]));
    expect(await snapLinearChannels(net, 1e-3)).toBe(2);
    expect(Array.from(await net.slopes[0].data())).toEqual([1, 1, 0.5, expect.closeTo(0.998, 6)]);
    expect(Array.from(await net.frozen[0].data())).toEqual([1, 1, 0, 0]);
    // Already frozen channels are not counted again.
    expect(await snapLinearChannels(net, 1e-3)).toBe(0);
    net.dispose();
  });

  it('does not change the outputs when the linear channels are already exactly 1', async () => {
    const net = Network.create(planArchitecture({ kind: 'mlp', hidden: [4, 3], conv: [], residual: false }, [2], 3), 4);
    net.slopes[0].assign(tf.tensor1d([1, 0.2, 1, 0]));
    net.slopes[1].assign(tf.tensor1d([0.4, 1, 1]));
    const before = await predictLogits(net, inputs, 10);
    expect(await snapLinearChannels(net, 1e-3)).toBe(4);
    expect(await predictLogits(net, inputs, 10)).toEqual(before);
    net.dispose();
  });

  it('keeps frozen channels at 1 whatever later updates do', async () => {
    const net = Network.create(planArchitecture({ kind: 'mlp', hidden: [3], conv: [], residual: false }, [2], 2), 5);
    net.slopes[0].assign(tf.tensor1d([1, 0.3, 0.9999]));
    await snapLinearChannels(net, 1e-3);
    net.slopes[0].assign(tf.tensor1d([0.2, 0.3, -0.5]));
    net.constrainSlopes();
    expect(Array.from(await net.slopes[0].data())).toEqual([1, expect.closeTo(0.3, 6), 1]);
    net.dispose();
  });
});
