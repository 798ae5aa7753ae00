import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../tf';
import { createNormal, createRng } from '../random';
import { denseMatMul, inputGradient, weightGradient } from './denseMatMul';

beforeAll(async () => {
  await tf.setBackend('wasm');
});
afterAll(async () => {
  await tf.setBackend('cpu');
});

function randomMatrix(rows: number, cols: number, seed: number): tf.Tensor2D {
  const normal = createNormal(createRng(seed));
  return tf.tensor2d(Float32Array.from({ length: rows * cols }, () => normal()), [rows, cols]);
}

/** Largest |a - b| over the largest |b|: float rounding of sums of a few hundred terms stays far below 1e-5. */
async function relativeDifference(a: tf.Tensor, b: tf.Tensor): Promise<number> {
  expect(a.shape).toEqual(b.shape);
  const [x, y] = await Promise.all([a.data(), b.data()]);
  let worst = 0;
  let scale = 0;
  for (let i = 0; i < x.length; i++) {
    worst = Math.max(worst, Math.abs(x[i] - y[i]));
    scale = Math.max(scale, Math.abs(y[i]));
  }
  expect(scale).toBeGreaterThan(0);
  return worst / scale;
}

describe('denseMatMul on WASM against tf.matMul', () => {
  // [batch, in, out]: each of the two ways round for dx and for dW is taken by one of these.
  const shapes: [number, number, number][] = [
    [8, 40, 30], // dx as dy @ W^T, dW as x^T @ dy
    [4, 200, 64], // dx as (W @ dy^T)^T
    [16, 300, 10], // dW as (dy^T @ x)^T (few output columns)
    [1, 5, 1],
  ];
  for (const [batch, fanIn, fanOut] of shapes) {
    it(`gives tf.matMul's value and gradients for x ${batch}x${fanIn} @ W ${fanIn}x${fanOut}`, async () => {
      const x = randomMatrix(batch, fanIn, batch + fanIn);
      const w = randomMatrix(fanIn, fanOut, fanOut + 7);
      const readout = randomMatrix(batch, fanOut, 99);
      expect(await relativeDifference(denseMatMul(x, w), tf.matMul(x, w))).toBeLessThan(1e-5);
      const objective = (f: (a: tf.Tensor2D, b: tf.Tensor2D) => tf.Tensor2D) => (a: tf.Tensor, b: tf.Tensor) =>
        tf.sum(tf.mul(f(a as tf.Tensor2D, b as tf.Tensor2D), readout));
      const [dxOurs, dwOurs] = tf.grads(objective(denseMatMul))([x, w]);
      const [dxRef, dwRef] = tf.grads(objective((a, b) => tf.matMul(a, b)))([x, w]);
      expect(await relativeDifference(dxOurs, dxRef)).toBeLessThan(1e-5);
      expect(await relativeDifference(dwOurs, dwRef)).toBeLessThan(1e-5);
    });
  }

  it('with inputGradient: false gives the same weight gradient, no input gradient, and leaves no tensor behind', async () => {
    const x = randomMatrix(16, 300, 1);
    const w = randomMatrix(300, 64, 2);
    const readout = randomMatrix(16, 64, 3);
    const loss = (skip: boolean) => (wi: tf.Tensor) => tf.sum(tf.mul(denseMatMul(x, wi as tf.Tensor2D, { inputGradient: !skip }), readout));
    const [without, withInput] = [tf.grad(loss(true))(w), tf.grad(loss(false))(w)];
    expect(Array.from(await without.data())).toEqual(Array.from(await withInput.data()));
    expect(await relativeDifference(denseMatMul(x, w, { inputGradient: false }), tf.matMul(x, w))).toBe(0);
    expect(() => tf.grad((xi: tf.Tensor) => tf.sum(denseMatMul(xi as tf.Tensor2D, w, { inputGradient: false })))(x)).toThrow(/Cannot compute gradient/);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) tf.dispose(tf.grad(loss(true))(w));
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, w, readout, without, withInput]);
  });

  it('computes dy W^T and x^T dy each way round (the choice is only about speed)', async () => {
    const dy = randomMatrix(6, 12, 3);
    const w = randomMatrix(50, 12, 4);
    const x = randomMatrix(6, 50, 5);
    expect(await relativeDifference(inputGradient(dy, w), tf.matMul(dy, w, false, true))).toBeLessThan(1e-5);
    expect(await relativeDifference(weightGradient(x, dy), tf.matMul(x, dy, true, false))).toBeLessThan(1e-5);
  });
});
