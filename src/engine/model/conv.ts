/**
 * 3x3 convolution with TensorFlow's 'same' padding that trains fast on every backend, WASM included.
 *
 * The forward pass is tf.conv2d. The gradient is our own and uses only forward Conv2D kernels,
 * transposes, reverses and pads. WASM's Conv2D (XNNPACK) is fast. It has no Conv2DBackpropFilter,
 * and its Conv2DBackpropInput and slices are slow. On the CPU backend this also beats tf.conv2d's
 * own gradient several times over; on WebGL and WebGPU tf.conv2d's own gradient is faster and is
 * used as is (see BENCHMARKS.md). The gradient:
 * - kernel gradient: a convolution of the input, transposed so that the batch becomes the channel
 *   axis, with dy as a dilated filter. The result is [Cin, 3, 3, Cout]. For a one-channel input on
 *   WASM (the first layer on images) instead the product of the input's 3x3 windows with dy.
 * - no input gradient where the input is data (`inputGradient: false`): tf.customGrad computes every
 *   gradient its function returns, needed or not.
 * - input gradient: for stride 1 a convolution of dy with the flipped and transposed kernel; for
 *   stride 2 one convolution of dy that gives the four sub-pixel phases, interleaved by a transpose.
 * Every tensor stays at rank <= 4: rank 5+ tensors break WebGPU/WebGL here.
 */

import * as tf from '../tf';

/** TensorFlow's 'same' padding of a 3-tap window: output size and padding before the first element. */
export function samePadding(size: number, stride: 1 | 2): { out: number; before: number } {
  const out = Math.ceil(size / stride);
  const total = Math.max((out - 1) * stride + 3 - size, 0);
  return { out, before: Math.floor(total / 2) };
}

/** x padded so that every 3x3 window a 'same' conv3x3 of `stride` reads lies inside it, with the output's size. */
export function padFor3x3(x: tf.Tensor4D, stride: 1 | 2): { padded: tf.Tensor4D; rows: { out: number }; cols: { out: number } } {
  const [, height, width] = x.shape;
  const rows = samePadding(height, stride);
  const cols = samePadding(width, stride);
  const padded = tf.pad(x, [
    [0, 0],
    [rows.before, (rows.out - 1) * stride + 3 - height - rows.before],
    [cols.before, (cols.out - 1) * stride + 3 - width - cols.before],
    [0, 0],
  ]);
  return { padded, rows, cols };
}

/** Where tf.conv2d's own gradient kernels train faster than the gradient below (measured: BENCHMARKS.md). */
const NATIVE_GRADIENT_BACKENDS = new Set(['webgl', 'webgpu']);

type Padding4 = [[number, number], [number, number], [number, number], [number, number]];

/**
 * x: [B, H, W, Cin]; kernel: [9 * Cin, Cout] with row (dy * 3 + dx) * Cin + c, i.e. a
 * [3, 3, Cin, Cout] conv2d filter reshaped. Returns [B, ceil(H / stride), ceil(W / stride), Cout].
 * With `inputGradient: false` (x is data, nothing asks for its gradient) only the kernel's gradient
 * is computed, and asking for x's is an error.
 */
export function conv3x3(x: tf.Tensor4D, kernel: tf.Tensor2D, stride: 1 | 2, { inputGradient = true }: { inputGradient?: boolean } = {}): tf.Tensor4D {
  const [, height, width, channels] = x.shape;
  const outChannels = kernel.shape[1];
  const filterShape: [number, number, number, number] = [3, 3, channels, outChannels];
  if (NATIVE_GRADIENT_BACKENDS.has(tf.getBackend())) {
    return tf.conv2d(x, kernel.reshape<tf.Tensor4D>(filterShape), stride, 'same');
  }
  const rows = samePadding(height, stride);
  const cols = samePadding(width, stride);
  // Each gradient in its own tidy: a gradient function's intermediate tensors (transposes, phases,
  // windows) otherwise live until the whole backward pass ends, and add to its peak memory.
  const kernelGradientOf = (dy: tf.Tensor, xs: tf.Tensor4D) => tf.tidy(() => kernelGradient(xs, dy as tf.Tensor4D, stride, rows, cols).reshape([9 * channels, outChannels]));
  if (!inputGradient) {
    // x is not an argument of this custom gradient, so no gradient of x is computed.
    const convolveKernel = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
      const [weights, save] = args as [tf.Tensor2D, tf.GradSaveFunc];
      save([x]);
      return {
        value: tf.conv2d(x, weights.reshape<tf.Tensor4D>(filterShape), stride, 'same'),
        gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => [kernelGradientOf(dy, saved[0] as tf.Tensor4D)],
      };
    });
    return convolveKernel(kernel);
  }
  const convolve = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [input, weights, save] = args as [tf.Tensor4D, tf.Tensor2D, tf.GradSaveFunc];
    save([input, weights]);
    return {
      value: tf.conv2d(input, weights.reshape<tf.Tensor4D>(filterShape), stride, 'same'),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [xs, ks] = saved as [tf.Tensor4D, tf.Tensor2D];
        const dx = tf.tidy(() => inputGradient3x3(dy as tf.Tensor4D, ks.reshape<tf.Tensor4D>(filterShape), xs.shape, stride, rows.before, cols.before));
        return [dx, kernelGradientOf(dy, xs)];
      },
    };
  });
  return convolve(x, kernel);
}

/**
 * dK[ty, tx, c, o] = sum over b, i, j of xPadded[b, s*i + ty, s*j + tx, c] * dy[b, i, j, o]: a
 * valid convolution of x^T [Cin, H, W, B] (padded) with dy^T [Ho, Wo, B, Cout] dilated by the stride.
 */
function kernelGradient(
  x: tf.Tensor4D,
  dy: tf.Tensor4D,
  stride: 1 | 2,
  rows: { out: number; before: number },
  cols: { out: number; before: number },
): tf.Tensor {
  const [, height, width, channels] = x.shape;
  if (channels === 1 && tf.getBackend() === 'wasm') return oneChannelKernelGradient(x, dy, stride);
  // Pad exactly to (out - 1) * stride + 3 so the valid output is 3 x 3.
  const padding: Padding4 = [
    [0, 0],
    [rows.before, (rows.out - 1) * stride + 3 - height - rows.before],
    [cols.before, (cols.out - 1) * stride + 3 - width - cols.before],
    [0, 0],
  ];
  const channelsFirst = tf.transpose<tf.Tensor4D>(x, [3, 1, 2, 0]);
  const dyAsFilter = tf.transpose<tf.Tensor4D>(dy, [1, 2, 0, 3]);
  const perChannel = tf.conv2d(channelsFirst, dyAsFilter, 1, padding, 'NHWC', stride);
  return tf.transpose<tf.Tensor4D>(perChannel, [1, 2, 0, 3]);
}

/**
 * dK [9, Cout] of a one-channel input as windows^T dy: the 3x3 windows from a convolution with a
 * one-hot filter ([B * Ho * Wo, 9]), transposed (cheap at 9 columns) so that the product's operands
 * are untransposed (XNNPACK). The dilated convolution above has only 9 output rows here, where
 * XNNPACK is slow: 26 against 17 ms (CPU) for the default CNN's first layer at batch 256
 * (bench/engineKernelOptions.ts). From two input channels on, the dilated convolution is faster.
 */
function oneChannelKernelGradient(x: tf.Tensor4D, dy: tf.Tensor4D, stride: 1 | 2): tf.Tensor2D {
  const taps = tf.tensor4d(Float32Array.from({ length: 81 }, (_, i) => (i % 10 === 0 ? 1 : 0)), [3, 3, 1, 9]);
  const windows = tf.conv2d(x, taps, stride, 'same').reshape<tf.Tensor2D>([-1, 9]);
  return tf.matMul(tf.transpose<tf.Tensor2D>(windows), dy.reshape<tf.Tensor2D>([-1, dy.shape[3]]));
}

/**
 * Stride 1: dx[b, r, c] = sum over taps of dy[b, r + before - ty, c + before - tx] * K[ty, tx], a
 * convolution with the flipped kernel. Stride 2: see stride2InputGradient.
 */
function inputGradient3x3(
  dy: tf.Tensor4D,
  filter: tf.Tensor4D,
  inputShape: [number, number, number, number],
  stride: 1 | 2,
  rowsBefore: number,
  colsBefore: number,
): tf.Tensor4D {
  if (stride === 2) return stride2InputGradient(dy, filter, inputShape, rowsBefore, colsBefore);
  const [, height, width] = inputShape;
  const top = 2 - rowsBefore;
  const left = 2 - colsBefore;
  const padding: Padding4 = [
    [0, 0],
    [top, height + 2 - top - dy.shape[1]],
    [left, width + 2 - left - dy.shape[2]],
    [0, 0],
  ];
  const flipped = tf.transpose<tf.Tensor4D>(tf.reverse(filter, [0, 1]), [0, 1, 3, 2]);
  return tf.conv2d(dy, flipped, 1, padding);
}

/**
 * The stride-2 input gradient as four sub-pixel phases in one convolution, without the zeros of an
 * upsampled dy. In padded input coordinates P = 2m + e, row P receives dy[m] K[0] + dy[m - 1] K[2]
 * for e = 0 and dy[m] K[1] for e = 1 (likewise for columns). So a stride-1 convolution of dy, padded
 * by one row and column before, with a 2x2 filter whose output channels are (e_row, e_col, c) gives
 * every phase at once (16 instead of the upsampled dy's 36 multiplications per dy element and channel
 * pair); one rank-4 transpose interleaves the phases, and a crop removes the padding's row and column.
 */
function stride2InputGradient(
  dy: tf.Tensor4D,
  filter: tf.Tensor4D,
  inputShape: [number, number, number, number],
  rowsBefore: number,
  colsBefore: number,
): tf.Tensor4D {
  const [batch, height, width, channels] = inputShape;
  const [, rows, cols, outChannels] = dy.shape;
  // Taps of the 3x3 kernel per (2x2 filter tap t, phase e) along one axis; 9 is a zero tap.
  const tapOf = (t: number, e: number) => [[2, 9], [0, 1]][t][e];
  const indices: number[] = [];
  for (const tr of [0, 1]) for (const tc of [0, 1]) for (const er of [0, 1]) for (const ec of [0, 1]) indices.push(tapOf(tr, er) === 9 || tapOf(tc, ec) === 9 ? 9 : tapOf(tr, er) * 3 + tapOf(tc, ec));
  const taps = tf.concat([tf.transpose(filter, [0, 1, 3, 2]).reshape([9, outChannels * channels]), tf.zeros([1, outChannels * channels])]);
  const phaseFilter = tf
    .transpose(tf.gather(taps, indices).reshape([4, 4, outChannels, channels]), [0, 2, 1, 3])
    .reshape<tf.Tensor4D>([2, 2, outChannels, 4 * channels]);
  const phases = tf.conv2d(dy, phaseFilter, 1, [
    [0, 0],
    [1, 0],
    [1, 0],
    [0, 0],
  ]);
  const interleaved = tf.transpose(phases.reshape([batch * rows, cols, 2, 2 * channels]), [0, 2, 1, 3]).reshape<tf.Tensor4D>([batch, 2 * rows, 2 * cols, channels]);
  if (rowsBefore === 0 && colsBefore === 0 && 2 * rows === height && 2 * cols === width) return interleaved;
  return interleaved.slice([0, rowsBefore, colsBefore, 0], [batch, height, width, channels]);
}
