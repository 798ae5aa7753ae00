import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../tf';
import { defaultConfig } from '../config/defaults';
import type { ModelConfig } from '../config/types';
import { planArchitecture } from '../model/architecture';
import { Network } from '../model/network';
import { createRng } from '../random';
import { jvp, vjp } from './jacobianProducts';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const mlp: ModelConfig = { ...defaultConfig().model, kind: 'mlp', hidden: [6, 5], residual: true };
const cnn = (pool: 'max' | 'avg'): ModelConfig => ({
  ...defaultConfig().model,
  kind: 'cnn',
  conv: [
    { channels: 3, stride: 1, pool },
    { channels: 4, stride: 2, pool: 'none' },
  ],
  residual: true,
});

function setup(model: ModelConfig, inputShape: number[], classes: number, count: number) {
  const network = Network.create(planArchitecture(model, inputShape, classes), 5);
  const rng = createRng(13);
  const random = (n: number, scale = 1) => Array.from({ length: n }, () => scale * (rng() * 2 - 1));
  tf.tidy(() => network.slopes.forEach((a) => a.assign(tf.tensor1d(random(a.shape[0]).map((v) => 0.5 + 0.4 * v)))));
  const size = inputShape.reduce((a, b) => a * b, 1);
  const x = tf.tensor2d(random(count * size), [count, size]);
  const v = network.trainableVariables().map((w) => tf.tensor(random(w.size), w.shape));
  return { network, x, v, random };
}

/** The full Jacobian [B * classes, |θ|], one gradient per example and class. */
function jacobian(network: Network, x: tf.Tensor2D): tf.Tensor2D {
  const classes = network.plan.numClasses;
  const rows: tf.Tensor[] = [];
  for (let i = 0; i < x.shape[0]; i++) {
    for (let k = 0; k < classes; k++) {
      rows.push(
        tf.tidy(() => {
          const { grads } = tf.variableGrads(() => tf.sum<tf.Scalar>(network.forward(x.slice([i, 0], [1, -1])).slice([0, k], [1, 1])), network.trainableVariables());
          return tf.concat(network.trainableVariables().map((w) => grads[w.name].reshape([-1])));
        }),
      );
    }
  }
  const j = tf.stack(rows) as tf.Tensor2D;
  tf.dispose(rows);
  return j;
}

function maxRelativeError(got: ArrayLike<number>, want: ArrayLike<number>): number {
  const scale = Math.max(...Array.from(want, Math.abs));
  let worst = 0;
  for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(got[i] - want[i]) / scale);
  return worst;
}

describe.each([
  ['an MLP with residual blocks', mlp, [4], 3],
  ['a CNN with average pooling, a stride and residual blocks', cnn('avg'), [6, 6, 2], 3],
  ['a CNN with max pooling, a stride and residual blocks', cnn('max'), [6, 6, 2], 3],
] as const)('Jacobian products of %s', (_, model, inputShape, classes) => {
  it('J v equals the explicit Jacobian times v, and finite differences of f', () => {
    const { network, x, v } = setup(model, [...inputShape], classes, 3);
    const got = jvp(network, x, v);
    const j = jacobian(network, x);
    const want = tf.matMul(j, tf.concat(v.map((t) => t.reshape([-1]))).reshape([-1, 1]));
    expect(maxRelativeError(got.dataSync(), want.dataSync())).toBeLessThan(1e-5);

    // Central differences. f is piecewise smooth: a step of h crosses the kinks (gates at 0, pooled
    // maxima changing) of pre-activations within h of them, an error that shrinks with h; float32
    // rounding grows as h shrinks. At h = 1e-4 both stay under 1e-3 here (3e-4 measured; 2-10 %
    // at h = 1e-2).
    const h = 1e-4;
    const shifted = (sign: number) => {
      const saved = network.trainableVariables().map((w) => w.clone());
      tf.tidy(() => network.trainableVariables().forEach((w, k) => w.assign(tf.add(w, tf.mul(v[k], sign * h)))));
      const out = network.forward(x);
      tf.tidy(() => network.trainableVariables().forEach((w, k) => w.assign(saved[k])));
      tf.dispose(saved);
      return out;
    };
    const plus = shifted(1);
    const minus = shifted(-1);
    const differences = tf.div(tf.sub(plus, minus), 2 * h);
    expect(maxRelativeError(got.dataSync(), differences.dataSync())).toBeLessThan(1e-3);
    tf.dispose([got, j, want, plus, minus, differences, x, ...v]);
    network.dispose();
  });

  it('Jᵀ u equals the explicit Jacobian transposed times u, leaving no tensors behind', () => {
    const { network, x, v, random } = setup(model, [...inputShape], classes, 3);
    const u = tf.tensor2d(random(3 * classes), [3, classes]);
    const before = tf.memory().numTensors;
    const got = vjp(network, x, u);
    expect(tf.memory().numTensors).toBe(before + got.length);
    const j = jacobian(network, x);
    const want = tf.matMul(j, u.reshape([-1, 1]), true, false);
    const flat = tf.concat(got.map((t) => t.reshape([-1])));
    expect(maxRelativeError(flat.dataSync(), want.dataSync())).toBeLessThan(1e-5);
    tf.dispose([...got, u, j, want, flat, x, ...v]);
    network.dispose();
  });
});
