/**
 * conv3x3 ('same' padding, stride 1 or 2) as a matrix product of the input's 3x3 windows with the
 * kernel, built from pads, slices, reshapes and concat only. Same values as ./conv.ts; slower and
 * heavier, but its gradient can be differentiated again on every backend (tfjs cannot differentiate
 * a dilated convolution's gradient, and WASM has no convolution filter-gradient kernel), which the
 * Jacobian-vector product of src/engine/ntk needs.
 */

import * as tf from '../tf';
import { padFor3x3 } from './conv';
import { corners } from './pool2x2';

/** x: [B, H, W, Cin]; kernel: [9 * Cin, Cout] as in conv3x3. */
export function unfoldedConv3x3(x: tf.Tensor4D, kernel: tf.Tensor2D, stride: 1 | 2): tf.Tensor4D {
  return tf.tidy(() => {
    const [batch, , , channels] = x.shape;
    const { padded, rows, cols } = padFor3x3(x, stride);
    // Windows at every stride-1 position up to the last one the strided convolution reads.
    const spanRows = (rows.out - 1) * stride + 1;
    const spanCols = (cols.out - 1) * stride + 1;
    const taps: tf.Tensor[] = [];
    for (let ty = 0; ty < 3; ty++) for (let tx = 0; tx < 3; tx++) taps.push(padded.slice([0, ty, tx, 0], [batch, spanRows, spanCols, channels]));
    let windows = tf.concat(taps, 3) as tf.Tensor4D;
    if (stride === 2) {
      // Keep the even positions: the top-left corner of every 2x2 block (padded to even sizes).
      windows = corners(tf.pad(windows, [[0, 0], [0, 1], [0, 1], [0, 0]]))[0];
    }
    const product = tf.matMul(windows.reshape<tf.Tensor2D>([-1, 9 * channels]), kernel);
    return product.reshape<tf.Tensor4D>([batch, rows.out, cols.out, kernel.shape[1]]);
  });
}
