/**
 * A dense layer's x @ W whose gradient is fast on WASM: tfjs 4.22's WASM BatchMatMul sends every
 * product with transposeA or transposeB, which tf.matMul's own gradient asks for (dW = x^T dy,
 * dx = dy W^T), to a plain blocked loop, 10-20x slower than its XNNPACK path for untransposed
 * operands. The gradient below transposes explicitly and multiplies untransposed. XNNPACK packs the
 * right-hand operand on every call (a new tensor each step), and is slow when that operand has few
 * columns, so each product puts its operands the way round that was measured to be faster
 * (BENCHMARKS.md). Values equal tf.matMul's up to float rounding (a different summation order).
 * Other backends, and the twice-differentiable forward pass of src/engine/ntk, use tf.matMul.
 */

import * as tf from '../tf';

/** Below this many output columns, dW is computed as (dy^T x)^T: XNNPACK is slow on thin right-hand operands. */
const THIN_COLUMNS = 32;

/**
 * With `inputGradient: false` (x is data) only the weight's gradient is computed: tf.customGrad
 * computes every gradient its function returns, needed or not. Asking for x's is then an error.
 */
export function denseMatMul(x: tf.Tensor2D, weight: tf.Tensor2D, { inputGradient = true }: { inputGradient?: boolean } = {}): tf.Tensor2D {
  if (tf.getBackend() !== 'wasm') return tf.matMul(x, weight);
  if (!inputGradient) return weightOnlyGradientMatMul(x)(weight);
  return untransposedGradientMatMul(x, weight);
}

function weightOnlyGradientMatMul(x: tf.Tensor2D): (weight: tf.Tensor2D) => tf.Tensor2D {
  return tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [weight, save] = args as [tf.Tensor2D, tf.GradSaveFunc];
    save([x]);
    return { value: tf.matMul(x, weight), gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => [weightGradient(saved[0] as tf.Tensor2D, dy as tf.Tensor2D)] };
  });
}

const untransposedGradientMatMul = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const [x, weight, save] = args as [tf.Tensor2D, tf.Tensor2D, tf.GradSaveFunc];
  save([x, weight]);
  return {
    value: tf.matMul(x, weight),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [xs, ws] = saved as [tf.Tensor2D, tf.Tensor2D];
      return [inputGradient(dy as tf.Tensor2D, ws), weightGradient(xs, dy as tf.Tensor2D)];
    },
  };
}) as (x: tf.Tensor2D, weight: tf.Tensor2D) => tf.Tensor2D;

/** dx = dy W^T: [B, N] @ [N, K], or (W dy^T)^T when transposing W costs more than dy and the result. */
export function inputGradient(dy: tf.Tensor2D, weight: tf.Tensor2D): tf.Tensor2D {
  const [batch, n] = dy.shape;
  const k = weight.shape[0];
  if (2 * n * k > 2 * batch * n + batch * k) return tf.transpose<tf.Tensor2D>(tf.matMul<tf.Tensor2D>(weight, tf.transpose<tf.Tensor2D>(dy)));
  return tf.matMul(dy, tf.transpose<tf.Tensor2D>(weight));
}

/** dW = x^T dy: [K, B] @ [B, N], or (dy^T x)^T when dy has few columns. */
export function weightGradient(x: tf.Tensor2D, dy: tf.Tensor2D): tf.Tensor2D {
  if (dy.shape[1] < THIN_COLUMNS) return tf.transpose<tf.Tensor2D>(tf.matMul<tf.Tensor2D>(tf.transpose<tf.Tensor2D>(dy), x));
  return tf.matMul(tf.transpose<tf.Tensor2D>(x), dy);
}
