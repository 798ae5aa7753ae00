import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../tf';
import { createNormal, createRng } from '../random';
import { conv3x3, samePadding } from './conv';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function randomTensor(shape: number[], seed: number): tf.Tensor {
  const normal = createNormal(createRng(seed));
  const size = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(Float32Array.from({ length: size }, () => normal()), shape);
}

async function maxAbsDiff(a: tf.Tensor, b: tf.Tensor): Promise<number> {
  expect(a.shape).toEqual(b.shape);
  const [x, y] = await Promise.all([a.data(), b.data()]);
  let worst = 0;
  for (let i = 0; i < x.length; i++) worst = Math.max(worst, Math.abs(x[i] - y[i]));
  return worst;
}

describe('samePadding', () => {
  it("follows TensorFlow's 'same' rule", () => {
    expect(samePadding(28, 1)).toEqual({ out: 28, before: 1 });
    expect(samePadding(28, 2)).toEqual({ out: 14, before: 0 });
    expect(samePadding(7, 2)).toEqual({ out: 4, before: 1 });
  });
});

describe('conv3x3 against tf.conv2d', () => {
  const cases: { h: number; w: number; cin: number; cout: number; stride: 1 | 2 }[] = [
    { h: 5, w: 5, cin: 2, cout: 3, stride: 1 },
    { h: 6, w: 6, cin: 3, cout: 2, stride: 1 },
    { h: 5, w: 5, cin: 2, cout: 3, stride: 2 },
    { h: 6, w: 6, cin: 3, cout: 2, stride: 2 },
    { h: 7, w: 4, cin: 1, cout: 4, stride: 2 },
    { h: 1, w: 2, cin: 2, cout: 2, stride: 2 },
  ];
  for (const { h, w, cin, cout, stride } of cases) {
    it(`matches forward and gradients for ${h}x${w}, ${cin}->${cout}, stride ${stride}`, async () => {
      const x = randomTensor([2, h, w, cin], h * 100 + w * 10 + stride) as tf.Tensor4D;
      const kernel = randomTensor([9 * cin, cout], 17 + cin) as tf.Tensor2D;
      const reference = (xi: tf.Tensor, ki: tf.Tensor): tf.Tensor4D =>
        tf.conv2d(xi as tf.Tensor4D, ki.reshape<tf.Tensor4D>([3, 3, cin, cout]), stride, 'same');
      const ours = (xi: tf.Tensor, ki: tf.Tensor): tf.Tensor4D => conv3x3(xi as tf.Tensor4D, ki as tf.Tensor2D, stride);
      expect(await maxAbsDiff(ours(x, kernel), reference(x, kernel))).toBeLessThan(1e-5);

      // Gradients of a random linear read-out of the output, w.r.t. input and kernel.
      const outShape = reference(x, kernel).shape;
      const readout = randomTensor(outShape, 99);
      const objective = (f: typeof ours) => (xi: tf.Tensor, ki: tf.Tensor) => tf.sum(tf.mul(f(xi, ki), readout));
      const [dxOurs, dkOurs] = tf.grads(objective(ours))([x, kernel]);
      const [dxRef, dkRef] = tf.grads(objective(reference))([x, kernel]);
      expect(await maxAbsDiff(dxOurs, dxRef)).toBeLessThan(1e-5);
      expect(await maxAbsDiff(dkOurs, dkRef)).toBeLessThan(1e-5);
    });
  }

  it('on WASM (which has no Conv2DBackpropFilter) gives the gradients tf.conv2d gives on the CPU', async () => {
    const x = randomTensor([3, 9, 8, 4], 5) as tf.Tensor4D;
    const kernel = randomTensor([36, 6], 6) as tf.Tensor2D;
    const readouts = { 1: randomTensor([3, 9, 8, 6], 7), 2: randomTensor([3, 5, 4, 6], 8) };
    for (const stride of [1, 2] as const) {
      const objective = (f: (xi: tf.Tensor4D, ki: tf.Tensor2D) => tf.Tensor4D) => (xi: tf.Tensor, ki: tf.Tensor) =>
        tf.sum(tf.mul(f(xi as tf.Tensor4D, ki as tf.Tensor2D), readouts[stride]));
      const reference = tf.grads(objective((xi, ki) => tf.conv2d(xi, ki.reshape<tf.Tensor4D>([3, 3, 4, 6]), stride, 'same')))([x, kernel]);
      const expected = await Promise.all(reference.map((g) => g.data()));
      await tf.setBackend('wasm');
      try {
        const onWasm = [x, kernel, readouts[stride]].map((t) => tf.tensor(t.dataSync(), t.shape));
        const objectiveOnWasm = (xi: tf.Tensor, ki: tf.Tensor) => tf.sum(tf.mul(conv3x3(xi as tf.Tensor4D, ki as tf.Tensor2D, stride), onWasm[2]));
        const ours = await Promise.all(tf.grads(objectiveOnWasm)([onWasm[0], onWasm[1]]).map((g) => g.data()));
        ours.forEach((values, i) => {
          let worst = 0;
          for (let j = 0; j < values.length; j++) worst = Math.max(worst, Math.abs(values[j] - expected[i][j]));
          expect(worst).toBeLessThan(1e-4);
        });
      } finally {
        await tf.setBackend('cpu');
      }
    }
  });

  it("on WASM gives a one-channel input's kernel gradient (windows times dy) as tf.conv2d's on the CPU, odd and even sizes", async () => {
    for (const [h, w, stride] of [[9, 8, 1], [9, 8, 2], [7, 7, 2], [28, 28, 1]] as const) {
      const x = randomTensor([5, h, w, 1], h + w) as tf.Tensor4D;
      const kernel = randomTensor([9, 6], 6) as tf.Tensor2D;
      const readout = randomTensor([5, Math.ceil(h / stride), Math.ceil(w / stride), 6], 8);
      const objective = (f: (xi: tf.Tensor4D, ki: tf.Tensor2D) => tf.Tensor4D) => (xi: tf.Tensor, ki: tf.Tensor) => tf.sum(tf.mul(f(xi as tf.Tensor4D, ki as tf.Tensor2D), readout));
      const expected = tf.grads(objective((xi, ki) => tf.conv2d(xi, ki.reshape<tf.Tensor4D>([3, 3, 1, 6]), stride, 'same')))([x, kernel])[1];
      await tf.setBackend('wasm');
      try {
        const onWasm = [x, kernel, readout].map((t) => tf.tensor(t.dataSync(), t.shape));
        const ours = tf.grads((xi: tf.Tensor, ki: tf.Tensor) => tf.sum(tf.mul(conv3x3(xi as tf.Tensor4D, ki as tf.Tensor2D, stride), onWasm[2])))([onWasm[0], onWasm[1]])[1];
        const [a, b] = [await ours.data(), await expected.data()];
        const scale = Math.max(...Array.from(b, Math.abs));
        const worst = Math.max(...Array.from(a, (v, i) => Math.abs(v - b[i])));
        expect(ours.shape).toEqual([9, 6]);
        expect(worst / scale).toBeLessThan(1e-5);
      } finally {
        await tf.setBackend('cpu');
      }
    }
  });

  for (const backend of ['cpu', 'wasm']) {
    it(`on ${backend}, with inputGradient: false gives the same kernel gradient, no input gradient, and leaves no tensor behind`, async () => {
      await tf.setBackend(backend);
      try {
        for (const [channels, stride] of [[1, 1], [3, 2]] as const) {
          const x = randomTensor([2, 6, 5, channels], channels) as tf.Tensor4D;
          const kernel = randomTensor([9 * channels, 4], 5) as tf.Tensor2D;
          const readout = randomTensor([2, Math.ceil(6 / stride), Math.ceil(5 / stride), 4], 9);
          const loss = (skip: boolean) => (ki: tf.Tensor) => tf.sum(tf.mul(conv3x3(x, ki as tf.Tensor2D, stride, { inputGradient: !skip }), readout));
          const [dkWithout, dkWith] = [tf.grad(loss(true))(kernel), tf.grad(loss(false))(kernel)];
          expect(Array.from(await dkWithout.data())).toEqual(Array.from(await dkWith.data()));
          const dataLoss = (xi: tf.Tensor) => tf.sum(conv3x3(xi as tf.Tensor4D, kernel, stride, { inputGradient: false }));
          expect(() => tf.grad(dataLoss)(x)).toThrow(/Cannot compute gradient/);
          const before = tf.memory().numTensors;
          for (let i = 0; i < 5; i++) tf.dispose(tf.grad(loss(true))(kernel));
          expect(tf.memory().numTensors).toBe(before);
          tf.dispose([x, kernel, readout, dkWithout, dkWith]);
        }
      } finally {
        await tf.setBackend('cpu');
      }
    });
  }

  it('keeps every tensor it creates, forward and backward, at rank 4 or below', async () => {
    const x = randomTensor([2, 7, 6, 2], 3) as tf.Tensor4D;
    const kernel = randomTensor([18, 3], 4) as tf.Tensor2D;
    for (const stride of [1, 2] as const) {
      const info = await tf.profile(() =>
        tf.grads((xi: tf.Tensor, ki: tf.Tensor) => tf.sum(conv3x3(xi as tf.Tensor4D, ki as tf.Tensor2D, stride)))([x, kernel]),
      );
      const ranks = info.kernels.flatMap((k) => k.outputShapes.map((shape) => shape.length));
      expect(info.kernels.map((k) => k.name)).toContain('Conv2D');
      expect(Math.max(...ranks)).toBeLessThanOrEqual(4);
      expect(info.kernels.map((k) => k.name)).not.toContain('Conv2DBackpropFilter');
    }
  });
});
