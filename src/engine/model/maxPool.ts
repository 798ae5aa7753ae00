/**
 * 2x2 max pooling (stride 2, 'valid') for training. The value is tf.maxPool's everywhere. On WASM
 * the gradient is our own: tfjs 4.22's WASM MaxPoolGrad is slow (89 ms of a 650 ms step of the
 * residual CNN at batch 256) and wrong: it sends a window's gradient to the window's first entry when
 * the maximum is not positive, and to the last of tied maxima (maxPool.test.ts shows both; tfjs's CPU
 * backend, WebGL and PyTorch send it to the maximum). Ours sends dy to the first
 * maximum of each window in row-major order, as tfjs's CPU backend does, with one transpose each way
 * and arithmetic kernels only (Greater, Equal and Select are slow on WASM, see ./gate.ts).
 */

import * as tf from '../tf';

export function maxPool(x: tf.Tensor4D): tf.Tensor4D {
  if (tf.getBackend() !== 'wasm') return tf.maxPool(x, 2, 2, 'valid');
  return maxPoolFirstMaxGradient(x);
}

const maxPoolFirstMaxGradient = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const [x, save] = args as [tf.Tensor4D, tf.GradSaveFunc];
  const value = tf.maxPool(x, 2, 2, 'valid');
  save([x, value]);
  return { value, gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => [gradient(saved[0] as tf.Tensor4D, saved[1] as tf.Tensor4D, dy as tf.Tensor4D)] };
}) as (x: tf.Tensor4D) => tf.Tensor4D;

/** dx for dy [B, h, w, C] of y = maxPool(x), x [B, H, W, C] with h = floor(H / 2), w = floor(W / 2). */
export function gradient(x: tf.Tensor4D, y: tf.Tensor4D, dy: tf.Tensor4D): tf.Tensor4D {
  const [batch, height, width, channels] = x.shape;
  const [, h, w] = y.shape;
  const n = y.size;
  const even = height === 2 * h && width === 2 * w ? x : x.slice([0, 0, 0, 0], [batch, 2 * h, 2 * w, channels]);
  // Rank-4 transposes only (WASM's rank-5 Transpose is 20-40x slower). Rows of `corners`: the window
  // corners (row, column) = (0, 0), (1, 0), (0, 1), (1, 1), each in y's element order.
  const rowsFirst = tf.transpose(even.reshape([batch * h, 2, w, 2 * channels]), [1, 0, 2, 3]);
  const corners = tf.transpose(rowsFirst.reshape([1, 2 * batch * h * w, 2, channels]), [0, 2, 1, 3]).reshape([4, n]);
  const corner = (k: number) => corners.slice([k, 0], [1, n]).reshape([n]);
  const flatY = y.reshape([n]);
  // 1 where a corner is below its window's maximum, 0 where it equals it (y - corner >= 0); same-shape
  // operands only (WASM's broadcasting Sub is slow). Row-major order of the corners: 0, 2, 1, 3.
  const [b0, b1, b2] = [0, 2, 1].map((k) => tf.step(tf.sub(flatY, corner(k))));
  // p_q: 1 while no earlier corner (row-major) was the maximum; corner q is the first maximum where
  // p_q - p_(q+1) = 1 (p_4 = 0: some corner is the maximum).
  const p2 = tf.mul(b0, b1);
  const p3 = tf.mul(p2, b2);
  const flatDy = dy.reshape([n]);
  const [g00, g01, g10, g11] = [tf.sub(1, b0), tf.sub(b0, p2), tf.sub(p2, p3), p3].map((first) => tf.mul(first, flatDy));
  const back = tf.concat([g00, g10, g01, g11]).reshape([1, 2, 2 * batch * h * w, channels]);
  const rowsBack = tf.transpose(back, [0, 2, 1, 3]).reshape([2, batch * h, w, 2 * channels]);
  const spread = tf.transpose(rowsBack, [1, 0, 2, 3]).reshape<tf.Tensor4D>([batch, 2 * h, 2 * w, channels]);
  if (even === x) return spread;
  return tf.pad(spread, [
    [0, 0],
    [0, height - 2 * h],
    [0, width - 2 * w],
    [0, 0],
  ]);
}
