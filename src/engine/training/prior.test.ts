import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../tf';
import type { PriorConfig } from '../config/types';
import { planArchitecture } from '../model/architecture';
import { Network } from '../model/network';
import { lambdaAt, priorStartStep, proximalStep } from './prior';
import { priorLossTerm } from './priorLossTerm';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const prior = (p: Partial<PriorConfig>): PriorConfig => ({ lambda: 2, mode: 'loss', start: 0, startUnit: 'step', ramp: 0, eps: 1e-3, snap: false, ...p });

describe('prior schedule', () => {
  it('is 0 before t_on and the full lambda from t_on when there is no ramp', () => {
    const p = prior({ start: 10 });
    expect(lambdaAt(p, 0, 50)).toBe(0);
    expect(lambdaAt(p, 9, 50)).toBe(0);
    expect(lambdaAt(p, 10, 50)).toBe(2);
    expect(lambdaAt(p, 1000, 50)).toBe(2);
  });

  it('ramps linearly over `ramp` steps after t_on', () => {
    const p = prior({ start: 10, ramp: 4 });
    expect([9, 10, 11, 12, 13, 14].map((s) => lambdaAt(p, s, 50))).toEqual([0, 0.5, 1, 1.5, 2, 2]);
  });

  it('converts epoch units with the steps per epoch', () => {
    const p = prior({ start: 2, startUnit: 'epoch' });
    expect(priorStartStep(p, 30)).toBe(60);
    expect(lambdaAt(p, 59, 30)).toBe(0);
    expect(lambdaAt(p, 60, 30)).toBe(2);
    expect(priorStartStep(prior({ start: 0.5, startUnit: 'epoch' }), 30)).toBe(15);
  });
});

describe('prior as a loss term', () => {
  it('is lambda * mean(1 - a) and its gradient is -lambda / N on every slope, whatever the slope', async () => {
    const slopes = [tf.tensor1d([0, 0.25, 1]), tf.tensor1d([0.5, 0.75])];
    const value = priorLossTerm(slopes, 4);
    // N = 5; sum (1 - a) = 1 + 0.75 + 0 + 0.5 + 0.25 = 2.5; 4 * 2.5 / 5 = 2.
    expect(await value.data()).toEqual(Float32Array.of(2));
    const grads = tf.grads((a: tf.Tensor, b: tf.Tensor) => priorLossTerm([a as tf.Tensor1D, b as tf.Tensor1D], 4))(slopes);
    expect(Array.from(await grads[0].data())).toEqual([-0.8, -0.8, -0.8].map((g) => expect.closeTo(g, 7)));
    expect(Array.from(await grads[1].data())).toEqual([-0.8, -0.8].map((g) => expect.closeTo(g, 7)));
    tf.dispose([...slopes, value, ...grads]);
  });

  it('is lambda times the mean of 1 - a over every channel of every layer', async () => {
    // 1 - a: 1, 0.9, 0.1, 0, 0.7 -> sum 2.7 over N = 5 channels; 7 * 2.7 / 5 = 3.78.
    const value = priorLossTerm([Float32Array.of(0, 0.1, 0.9), Float32Array.of(1, 0.3)].map((l) => tf.tensor1d(l)), 7);
    expect((await value.data())[0]).toBeCloseTo(3.78, 6);
  });
});

describe('proximal step', () => {
  it('adds lr * lambda / N to every slope, caps at 1 and keeps frozen channels at 1', async () => {
    const plan = planArchitecture({ kind: 'mlp', hidden: [3, 2], conv: [], residual: false }, [2], 2);
    const net = Network.create(plan, 1);
    net.setFrozen(1, Float32Array.of(0, 1));
    // The optimizer hands the projection the slopes' updated values as one vector, all gated layers in order.
    const updated = Float32Array.of(0, 0.5, 0.99, 0.2, 0.7);
    const project = async (lr: number, lambda: number) => {
      const step = proximalStep(net, lr, lambda);
      expect(step.variables).toBe(2);
      const out = step.project(tf.tensor1d(updated));
      const values = Array.from(await out.data());
      out.dispose();
      return values;
    };
    // N = 5 gated channels; lr 0.1 and lambda 0.25 give a step of 0.005.
    expect(await project(0.1, 0.25)).toEqual([expect.closeTo(0.005, 6), expect.closeTo(0.505, 6), expect.closeTo(0.995, 6), expect.closeTo(0.205, 6), 1]);
    expect(await project(1, 100)).toEqual([1, 1, 1, 1, 1]);
    // No prior: only the clip to [0, 1] and the frozen channel.
    updated.set([-0.5, 1.5], 0);
    expect(await project(0.1, 0)).toEqual([0, 1, expect.closeTo(0.99, 6), expect.closeTo(0.2, 6), 1]);
    net.dispose();
  });
});
