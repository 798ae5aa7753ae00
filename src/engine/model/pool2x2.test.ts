import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../tf';
import { avgPool2x2, maxPool2x2 } from './pool2x2';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('2x2 pooling from slices', () => {
  it('gives tf.maxPool and tf.avgPool values, odd sizes cropped', () => {
    const x = tf.tensor4d(Array.from({ length: 2 * 5 * 4 * 3 }, (_, i) => Math.sin(i * 1.7)), [2, 5, 4, 3]);
    expect(maxPool2x2(x).arraySync()).toEqual(tf.maxPool(x, 2, 2, 'valid').arraySync());
    const avg = avgPool2x2(x).dataSync();
    const want = tf.avgPool(x, 2, 2, 'valid').dataSync();
    want.forEach((v, i) => expect(avg[i]).toBeCloseTo(v, 6));
  });

  it('sends the max gradient to the first maximum of a window, as tfjs does, and can be differentiated twice', () => {
    // One window with a tie between its first and last entries.
    const x = tf.tensor4d([2, 1, 0, 2], [1, 2, 2, 1]);
    const ours = tf.grad((t: tf.Tensor) => tf.sum(maxPool2x2(t as tf.Tensor4D)))(x);
    const theirs = tf.grad((t: tf.Tensor) => tf.sum(tf.maxPool(t as tf.Tensor4D, 2, 2, 'valid')))(x);
    expect(Array.from(ours.dataSync())).toEqual(Array.from(theirs.dataSync()));
    expect(Array.from(ours.dataSync())).toEqual([1, 0, 0, 0]);
    // d/du <grad_x <u, pool(x)>, v> = pool's Jacobian applied to v: v at the chosen entry.
    const v = tf.tensor4d([5, 6, 7, 8], [1, 2, 2, 1]);
    const jv = tf.grad((u: tf.Tensor) => tf.sum(tf.mul(tf.grad((t: tf.Tensor) => tf.sum(tf.mul(maxPool2x2(t as tf.Tensor4D), u)))(x), v)))(tf.zeros([1, 1, 1, 1]));
    expect(Array.from(jv.dataSync())).toEqual([5]);
  });
});

describe('unfoldedConv3x3', () => {
  it.each([1, 2] as const)('gives tf.conv2d same-padding values at stride %i, odd and even sizes', async (stride) => {
    const { unfoldedConv3x3 } = await import('./unfoldedConv');
    for (const [h, w] of [[5, 6], [4, 4]]) {
      const x = tf.tensor4d(Array.from({ length: 2 * h * w * 3 }, (_, i) => Math.cos(i * 0.7)), [2, h, w, 3]);
      const kernel = tf.tensor2d(Array.from({ length: 27 * 4 }, (_, i) => Math.sin(i * 1.3)), [27, 4]);
      const got = unfoldedConv3x3(x, kernel, stride).dataSync();
      const want = tf.conv2d(x, kernel.reshape<tf.Tensor4D>([3, 3, 3, 4]), stride, 'same').dataSync();
      expect(got.length).toBe(want.length);
      want.forEach((v, i) => expect(got[i]).toBeCloseTo(v, 5));
    }
  });
});
