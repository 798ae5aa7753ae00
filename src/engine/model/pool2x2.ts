/**
 * 2x2 max and average pooling (stride 2, 'valid') from reshapes, slices and elementwise ops only, so
 * that their gradients can be differentiated again: tfjs has no gradient for MaxPoolGrad or
 * AvgPoolGrad, which the Jacobian-vector product's double backward needs (src/engine/ntk). Values
 * equal tf.maxPool / tf.avgPool; the max's gradient goes to the first maximum of each window in
 * row-major order, as tfjs's own does. Every tensor stays at rank <= 4.
 */

import * as tf from '../tf';

/** The four corners of every 2x2 window of x [B, H, W, C]: each [B, floor(H/2), floor(W/2), C]. */
export function corners(x: tf.Tensor4D): tf.Tensor4D[] {
  const [batch, height, width, channels] = x.shape;
  const h = Math.floor(height / 2);
  const w = Math.floor(width / 2);
  const cropped = height === 2 * h && width === 2 * w ? x : x.slice([0, 0, 0, 0], [batch, 2 * h, 2 * w, channels]);
  const rowPairs = cropped.reshape([batch * h, 2, 2 * w * channels]);
  const out: tf.Tensor4D[] = [];
  for (const r of [0, 1]) {
    const row = rowPairs.slice([0, r, 0], [batch * h, 1, 2 * w * channels]).reshape([batch * h * w, 2, channels]);
    for (const c of [0, 1]) out.push(row.slice([0, c, 0], [batch * h * w, 1, channels]).reshape<tf.Tensor4D>([batch, h, w, channels]));
  }
  return out;
}

export function avgPool2x2(x: tf.Tensor4D): tf.Tensor4D {
  return tf.tidy(() => tf.mul<tf.Tensor4D>(tf.addN(corners(x)), 0.25));
}

export function maxPool2x2(x: tf.Tensor4D): tf.Tensor4D {
  return tf.tidy(() => {
    const q = corners(x);
    const max = tf.maximum(tf.maximum(q[0], q[1]), tf.maximum(q[2], q[3]));
    let taken: tf.Tensor = tf.zerosLike(max);
    let out: tf.Tensor = tf.zerosLike(max);
    for (const corner of q) {
      // 1 at the first corner that holds the maximum, as a constant: comparisons carry no gradient.
      const first = tf.mul(tf.cast(tf.greaterEqual(corner, max), 'float32'), tf.sub(1, taken));
      out = tf.add(out, tf.mul(first, corner));
      taken = tf.add(taken, first);
    }
    return out as tf.Tensor4D;
  });
}
