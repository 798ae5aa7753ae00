import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../tf';
import { maxPool } from './maxPool';

beforeAll(async () => {
  await tf.setBackend('wasm');
});
afterAll(async () => {
  await tf.setBackend('cpu');
});

/**
 * Feature maps as a gate leaves them: ties (zeros, repeated values) and windows whose entries are all
 * negative. Entry i is a value from a short list, so many windows hold their maximum twice.
 */
function gatedLike(shape: [number, number, number, number]): Float32Array {
  const values = [0, 0, -0.5, 1.25, -2, 1.25, 0.75, -0.5];
  return Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => values[(i * 7 + Math.floor(i / 5)) % values.length]);
}

async function gradientOn(backend: string, pool: (x: tf.Tensor4D) => tf.Tensor4D, xs: Float32Array, shape: [number, number, number, number]) {
  await tf.setBackend(backend);
  const x = tf.tensor4d(xs, shape);
  const y = pool(x);
  const dy = tf.tensor(Float32Array.from({ length: y.size }, (_, i) => 1 + (i % 13)), y.shape);
  const dx = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(pool(t as tf.Tensor4D), dy)))(x);
  const out = { value: Array.from(await y.data()), gradient: Array.from(await dx.data()) };
  tf.dispose([x, y, dy, dx]);
  return out;
}

const tfMaxPool = (x: tf.Tensor4D) => tf.maxPool(x, 2, 2, 'valid');

describe('maxPool on WASM', () => {
  const shapes: [number, number, number, number][] = [
    [2, 4, 4, 3],
    [3, 6, 8, 5],
    [2, 5, 7, 2], // odd sizes: the last row and column are cropped
    [1, 2, 2, 1],
  ];
  for (const shape of shapes) {
    it(`gives tf.maxPool's value and the CPU backend's gradient (first maximum of a window) for ${shape.join('x')}`, async () => {
      const xs = gatedLike(shape);
      const cpu = await gradientOn('cpu', tfMaxPool, xs, shape);
      const ours = await gradientOn('wasm', maxPool, xs, shape);
      const wasmValue = (await gradientOn('wasm', tfMaxPool, xs, shape)).value;
      expect(ours.value).toEqual(wasmValue);
      expect(ours.value).toEqual(cpu.value);
      expect(ours.gradient).toEqual(cpu.gradient);
      // Every window's dy lands on exactly one entry.
      const total = (v: number[]) => v.reduce((a, b) => a + b, 0);
      expect(total(ours.gradient)).toBe(total(Array.from({ length: cpu.value.length }, (_, i) => 1 + (i % 13))));
    });
  }

  it("is needed: tfjs's own WASM gradient goes to the first entry of a window whose maximum is not positive, and to the last of tied maxima", async () => {
    const negative = Float32Array.from([-3, -1, -2, -4]);
    expect((await gradientOn('cpu', tfMaxPool, negative, [1, 2, 2, 1])).gradient).toEqual([0, 1, 0, 0]);
    expect((await gradientOn('wasm', tfMaxPool, negative, [1, 2, 2, 1])).gradient).toEqual([1, 0, 0, 0]);
    expect((await gradientOn('wasm', maxPool, negative, [1, 2, 2, 1])).gradient).toEqual([0, 1, 0, 0]);
    const tie = Float32Array.from([1, 3, 3, 2]);
    expect((await gradientOn('cpu', tfMaxPool, tie, [1, 2, 2, 1])).gradient).toEqual([0, 1, 0, 0]);
    expect((await gradientOn('wasm', tfMaxPool, tie, [1, 2, 2, 1])).gradient).toEqual([0, 0, 1, 0]);
    expect((await gradientOn('wasm', maxPool, tie, [1, 2, 2, 1])).gradient).toEqual([0, 1, 0, 0]);
  });

  it('leaves no tensor behind', async () => {
    await tf.setBackend('wasm');
    const x = tf.tensor4d(gatedLike([2, 4, 6, 3]), [2, 4, 6, 3]);
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      tf.grad((t: tf.Tensor) => tf.sum(maxPool(t as tf.Tensor4D)))(x);
    });
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });
});
