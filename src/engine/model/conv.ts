/**
 * 3x3 convolution with TensorFlow's 'same' padding, written as im2col: nine shifted slices of the
 * padded input side by side on the channel axis, then one matMul. Only pad, slice, reshape, concat
 * and matMul are used, every tensor at rank <= 4, so it trains on every backend (WASM has no
 * Conv2DBackpropFilter; rank 5+ tensors break WebGPU/WebGL here). Stride 2 avoids strided slices by
 * splitting the padded input into its four even/odd row/column phases with a reshape.
 */

import * as tf from '../tf';

/** TensorFlow's 'same' padding of a 3-tap window: output size and padding before the first element. */
export function samePadding(size: number, stride: 1 | 2): { out: number; before: number } {
  const out = Math.ceil(size / stride);
  const total = Math.max((out - 1) * stride + 3 - size, 0);
  return { out, before: Math.floor(total / 2) };
}

/**
 * x: [B, H, W, Cin]; kernel: [9 * Cin, Cout] with row (dy * 3 + dx) * Cin + c, i.e. a
 * [3, 3, Cin, Cout] conv2d filter reshaped. Returns [B, ceil(H / stride), ceil(W / stride), Cout].
 */
export function conv3x3(x: tf.Tensor4D, kernel: tf.Tensor2D, stride: 1 | 2): tf.Tensor4D {
  return tf.tidy(() => {
    const [batch, height, width, channels] = x.shape;
    const rows = samePadding(height, stride);
    const cols = samePadding(width, stride);
    const taps = stride === 1 ? stride1Taps(x, rows.out, cols.out) : stride2Taps(x, rows, cols);
    const patches = tf.concat(taps, 3).reshape([batch * rows.out * cols.out, 9 * channels]);
    return tf.matMul(patches, kernel).reshape([batch, rows.out, cols.out, kernel.shape[1]]) as tf.Tensor4D;
  });
}

function stride1Taps(x: tf.Tensor4D, outH: number, outW: number): tf.Tensor4D[] {
  const [batch, , , channels] = x.shape;
  const padded = tf.pad(x, [[0, 0], [1, 1], [1, 1], [0, 0]]);
  const taps: tf.Tensor4D[] = [];
  for (let dy = 0; dy < 3; dy++) {
    for (let dx = 0; dx < 3; dx++) taps.push(tf.slice(padded, [0, dy, dx, 0], [batch, outH, outW, channels]));
  }
  return taps;
}

function stride2Taps(
  x: tf.Tensor4D,
  rows: { out: number; before: number },
  cols: { out: number; before: number },
): tf.Tensor4D[] {
  const [batch, height, width, channels] = x.shape;
  // Pad to 2 * (out + 1) so that every tap's phase slice of `out` rows starting at dy >> 1 fits.
  const paddedH = 2 * (rows.out + 1);
  const paddedW = 2 * (cols.out + 1);
  const padded = tf.pad(x, [
    [0, 0],
    [rows.before, paddedH - height - rows.before],
    [cols.before, paddedW - width - cols.before],
    [0, 0],
  ]);
  const halfH = rows.out + 1;
  const halfW = cols.out + 1;
  // [B * halfH, 2, halfW, 2 * C]: element (b * halfH + i, r, j, s * C + c) = padded[b, 2i + r, 2j + s, c].
  const folded = padded.reshape([batch * halfH, 2, halfW, 2 * channels]);
  const phases: tf.Tensor4D[][] = [0, 1].map((r) =>
    [0, 1].map((s) => tf.slice(folded, [0, r, 0, s * channels], [batch * halfH, 1, halfW, channels]).reshape([batch, halfH, halfW, channels])),
  );
  const taps: tf.Tensor4D[] = [];
  for (let dy = 0; dy < 3; dy++) {
    for (let dx = 0; dx < 3; dx++) {
      const phase = phases[dy % 2][dx % 2];
      taps.push(tf.slice(phase, [0, dy >> 1, dx >> 1, 0], [batch, rows.out, cols.out, channels]));
    }
  }
  return taps;
}
