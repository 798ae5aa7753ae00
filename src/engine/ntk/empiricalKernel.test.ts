import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../tf';
import type { ModelConfig } from '../config/types';
import { defaultConfig } from '../config/defaults';
import { planArchitecture } from '../model/architecture';
import { Network } from '../model/network';
import { createRng } from '../random';
import { padFor3x3 } from '../model/conv';
import { empiricalKernel, patches3x3 } from './empiricalKernel';
import { logitProjection } from './probes';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Slopes and biases away from their init, so every parameter's gradient is exercised. */
function perturbed(model: ModelConfig, inputShape: number[], classes: number): Network {
  const network = Network.create(planArchitecture(model, inputShape, classes), 5);
  const rng = createRng(9);
  tf.tidy(() => {
    network.slopes.forEach((a) => a.assign(tf.tensor1d(Array.from({ length: a.shape[0] }, () => rng()))));
    network.plan.layers.forEach((_, i) => {
      const b = network.biasOf(i);
      if (b) b.assign(tf.tensor1d(Array.from({ length: b.shape[0] }, () => 0.2 * (rng() - 0.5))));
    });
  });
  return network;
}

/** One gradient of r . f(x_i) per probe example over every trainable variable, then all dot products. */
function bruteForceKernel(network: Network, x: tf.Tensor2D, r: tf.Tensor1D): Float32Array {
  const count = x.shape[0];
  const rows = Array.from({ length: count }, (_, i) =>
    tf.tidy(() => {
      const xi = x.slice([i, 0], [1, -1]);
      const { grads } = tf.variableGrads(() => tf.sum(tf.matMul(network.forward(xi), r.reshape([-1, 1]))), network.trainableVariables());
      return tf.concat(network.trainableVariables().map((v) => grads[v.name].reshape([-1])));
    }),
  );
  const kernel = tf.tidy(() => {
    const j = tf.stack(rows) as tf.Tensor2D;
    return tf.matMul(j, j, false, true);
  });
  const values = kernel.dataSync() as Float32Array;
  kernel.dispose();
  for (const t of rows) t.dispose();
  return values;
}

function inputs(count: number, size: number): tf.Tensor2D {
  const rng = createRng(4);
  return tf.tensor2d(Array.from({ length: count * size }, () => rng() * 2 - 1), [count, size]);
}

function expectSameKernel(network: Network, x: tf.Tensor2D, classes: number): void {
  const r = tf.tensor1d(logitProjection(classes, 2));
  const before = tf.memory().numTensors;
  const fast = empiricalKernel(network, x, r);
  expect(tf.memory().numTensors).toBe(before + 1);
  const got = fast.dataSync();
  fast.dispose();
  const want = bruteForceKernel(network, x, r);
  r.dispose();
  const scale = Math.max(...want.map(Math.abs));
  expect(scale).toBeGreaterThan(0);
  for (let e = 0; e < want.length; e++) expect(Math.abs(got[e] - want[e]) / scale).toBeLessThan(1e-5);
}

describe('empiricalKernel', () => {
  it('equals the brute-force Jacobian kernel of an MLP with residual blocks', () => {
    const model: ModelConfig = { ...defaultConfig().model, kind: 'mlp', hidden: [6, 5], residual: true };
    const network = perturbed(model, [4], 3);
    const x = inputs(7, 4);
    expectSameKernel(network, x, 3);
    x.dispose();
    network.dispose();
  });

  it('equals the brute-force Jacobian kernel of a CNN with strides, pooling and residual blocks', () => {
    const model: ModelConfig = {
      ...defaultConfig().model,
      kind: 'cnn',
      conv: [
        { channels: 3, stride: 1, pool: 'max' },
        { channels: 4, stride: 2, pool: 'avg' },
      ],
      residual: true,
    };
    const network = perturbed(model, [7, 6, 2], 4);
    const x = inputs(5, 7 * 6 * 2);
    expectSameKernel(network, x, 4);
    x.dispose();
    network.dispose();
  });

  it('is symmetric and positive on the diagonal', () => {
    const model: ModelConfig = { ...defaultConfig().model, kind: 'mlp', hidden: [8] };
    const network = perturbed(model, [3], 2);
    const x = inputs(4, 3);
    const r = tf.tensor1d(logitProjection(2, 1));
    const k = empiricalKernel(network, x, r);
    const v = k.dataSync();
    for (let i = 0; i < 4; i++) {
      expect(v[i * 4 + i]).toBeGreaterThan(0);
      for (let j = 0; j < 4; j++) expect(v[i * 4 + j]).toBeCloseTo(v[j * 4 + i], 5);
    }
    tf.dispose([k, x, r]);
    network.dispose();
  });
});

describe('patches3x3', () => {
  it('reads the windows of a same-padded stride-2 convolution', () => {
    // One 3x3 single-channel image 1..9; stride 2 gives a 2x2 output whose first window is centred
    // on (0, 0) with padding... TensorFlow's 'same' for 3 taps, size 3, stride 2 pads 1 before.
    const x = tf.tensor4d([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 3, 3, 1]);
    const p = patches3x3(x, 2);
    expect(p.shape).toEqual([1, 4, 9]);
    const rows = p.arraySync()[0];
    expect(rows[0]).toEqual([0, 0, 0, 0, 1, 2, 0, 4, 5]);
    expect(rows[3]).toEqual([5, 6, 0, 8, 9, 0, 0, 0, 0]);
    // Each window dotted with a kernel is the convolution's output.
    const kernel = tf.tensor2d(Array.from({ length: 9 }, (_, i) => i - 4), [9, 1]);
    const conv = tf.conv2d(x, kernel.reshape<tf.Tensor4D>([3, 3, 1, 1]), 2, 'same').dataSync();
    const viaPatches = tf.matMul(p.reshape<tf.Tensor2D>([4, 9]), kernel).dataSync();
    expect(Array.from(viaPatches)).toEqual(Array.from(conv));
    tf.dispose([x, p, kernel]);
  });

  /** The windows by strided slices, one per tap: what patches3x3 read until it took plain slices. */
  function stridedPatches(x: tf.Tensor4D, stride: 1 | 2): tf.Tensor3D {
    const [batch, , , channels] = x.shape;
    const { padded, rows, cols } = padFor3x3(x, stride);
    const taps: tf.Tensor[] = [];
    for (let ty = 0; ty < 3; ty++) {
      for (let tx = 0; tx < 3; tx++) {
        const end = [batch, ty + (rows.out - 1) * stride + 1, tx + (cols.out - 1) * stride + 1, channels];
        taps.push(tf.stridedSlice(padded, [0, ty, tx, 0], end, [1, stride, stride, 1]));
      }
    }
    return tf.concat(taps, 3).reshape<tf.Tensor3D>([batch, rows.out * cols.out, 9 * channels]);
  }

  for (const backend of ['cpu', 'wasm']) {
    it(`gives the strided slices' windows bit for bit, odd and even sizes, both strides (${backend})`, async () => {
      const before = tf.getBackend();
      await tf.setBackend(backend);
      try {
        const cases: [[number, number, number, number], 1 | 2][] = [[[2, 7, 5, 3], 2], [[2, 6, 8, 2], 2], [[3, 5, 4, 2], 1], [[1, 28, 28, 1], 1], [[2, 28, 28, 4], 2]];
        for (const [shape, stride] of cases) {
          const size = shape.reduce((a, b) => a * b, 1);
          const x = tf.tensor4d(Float32Array.from({ length: size }, (_, i) => Math.sin(i * 1.7) * 3), [...shape]);
          const [ours, reference] = [patches3x3(x, stride), stridedPatches(x, stride)];
          expect(ours.shape).toEqual(reference.shape);
          expect(Array.from(await ours.data())).toEqual(Array.from(await reference.data()));
          tf.dispose([x, ours, reference]);
        }
      } finally {
        await tf.setBackend(before);
      }
    });
  }
});
