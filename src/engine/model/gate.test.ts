import '@tensorflow/tfjs-backend-cpu';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../tf';
import { crossEntropy } from '../training/loss';
import { planArchitecture } from './architecture';
import { applyGate } from './gate';
import { difference, gateInputs, gradientKernelsAndLeftovers, oursAndTheirs, plainValues } from './gateTestInputs';
import { Network } from './network';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('applyGate', () => {
  it('is relu(x) + a * min(x, 0) per channel for a = 0, 0.3 and 1', async () => {
    // Three channels with slopes 0, 0.3, 1; rows: negative, zero, positive inputs.
    const x = tf.tensor2d([
      [-2, -2, -2],
      [0, 0, 0],
      [1.5, 1.5, 1.5],
    ]);
    const y = applyGate(x, tf.tensor1d([0, 0.3, 1]));
    const values = Array.from(await y.data());
    const expected = [0, -0.6, -2, 0, 0, 0, 1.5, 1.5, 1.5];
    values.forEach((v, i) => expect(v).toBeCloseTo(expected[i], 6));
  });

  it('gates the channel axis of feature maps [B, H, W, C]', async () => {
    const x = tf.tensor4d([-1, -4, 2, -3, 5, -0.5], [1, 1, 2, 3]);
    const y = applyGate(x, tf.tensor1d([0, 0.3, 1]));
    const values = Array.from(await y.data());
    const expected = [0, -1.2, 2, 0, 5, -0.5];
    values.forEach((v, i) => expect(v).toBeCloseTo(expected[i], 6));
  });

  it('has gradient 1 or a in x and min(x, 0) in a', async () => {
    const x = tf.tensor2d([
      [-2, 3],
      [-1, -4],
    ]);
    const a = tf.tensor1d([0.3, 0.5]);
    const [dx, da] = tf.grads((xi: tf.Tensor, ai: tf.Tensor) => tf.sum(applyGate(xi, ai as tf.Tensor1D)))([x, a]);
    expect(Array.from(await dx.data())).toEqual([expect.closeTo(0.3, 6), 1, expect.closeTo(0.3, 6), 0.5]);
    // d/da_c = sum over rows of min(x, 0): channel 0: -2 - 1, channel 1: 0 - 4.
    expect(Array.from(await da.data())).toEqual([-3, -4]);
  });
});

describe('applyGate on WASM (gradient from arithmetic, not comparisons)', () => {
  afterEach(async () => {
    await tf.setBackend('cpu');
  });

  for (const shape of [
    [8, 6],
    [4, 5, 5, 6],
  ]) {
    it(`gives tfjs's PReLU values and gradients exactly, for ${shape.length === 2 ? 'dense' : 'feature-map'} inputs ${shape.join(' x ')}`, async () => {
      await tf.setBackend('wasm');
      const { ours, theirs } = oursAndTheirs(applyGate, gateInputs(shape, 11));
      for (let i = 0; i < 3; i++) expect(await difference(ours[i], theirs[i]), ['value', 'dx', 'da'][i]).toBeNull();
      expect(await plainValues(ours[2])).not.toEqual(new Array(ours[2].size).fill(0)); // slopes do get a gradient
    });
  }

  it('runs no Greater or Select kernel in its gradient, and leaves no tensor behind', async () => {
    await tf.setBackend('wasm');
    const { kernels, leftovers } = await gradientKernelsAndLeftovers(applyGate);
    expect(kernels).toContain('Step');
    expect(kernels).not.toContain('Greater');
    expect(kernels).not.toContain('Select');
    expect(leftovers).toBe(0);
  });
});

describe('gradients of a gated network', () => {
  it('match central differences for weights and slopes', async () => {
    const plan = planArchitecture({ kind: 'mlp', hidden: [5, 4], conv: [], residual: false }, [3], 3);
    const net = Network.create(plan, 7);
    net.slopes[0].assign(tf.tensor1d([0.3, 0, 0.6, 0.1, 0.9]));
    net.slopes[1].assign(tf.tensor1d([0.2, 0.5, 0, 0.7]));
    const x = tf.tensor2d([0.5, -1.2, 0.8, -0.3, 0.9, 1.4, 1.1, 0.2, -0.7, -1.5, -0.4, 0.6], [4, 3]);
    const y = tf.tensor1d([0, 2, 1, 2], 'int32');
    const loss = (): tf.Scalar => crossEntropy(net.forward(x), y);
    const checked: tf.Variable[] = [net.weightOf(1)!, net.weightOf(2)!, net.slopes[0], net.slopes[1]];
    const { grads } = tf.variableGrads(loss, checked);
    const h = 1e-2;
    for (const v of checked) {
      const analytic = await grads[v.name].data();
      const base = Float32Array.from(await v.data());
      for (let i = 0; i < base.length; i++) {
        const at = async (delta: number): Promise<number> => {
          const moved = base.slice();
          moved[i] += delta;
          v.assign(tf.tensor(moved, v.shape));
          return (await loss().data())[0];
        };
        const numeric = ((await at(h)) - (await at(-h))) / (2 * h);
        v.assign(tf.tensor(base, v.shape));
        expect(Math.abs(analytic[i] - numeric)).toBeLessThan(2e-3 + 1e-2 * Math.abs(numeric));
      }
    }
    // Slopes set above 0 must receive a non-zero gradient, or this test checks nothing.
    expect(Math.max(...Array.from(await grads[net.slopes[0].name].data(), Math.abs))).toBeGreaterThan(1e-3);
    net.dispose();
  });
});
