/**
 * The linearity gate of method.md: g_a(x) = relu(x) + a * min(x, 0) per channel, on the last axis
 * (a dense layer's units, a feature map's channels). a = 0 is a ReLU, a = 1 the identity. This is
 * exactly a channel-wise PReLU.
 *
 * The value is always tf.prelu's. The gradient is tfjs's own, value for value (up to the sign of
 * zeros, which no update sees), but computed in fewer or cheaper kernels where that was measured to
 * matter: tfjs's uses Greater and Select, slow on WASM and many passes on WebGL and WebGPU.
 */

import * as tf from '../tf';
import { preluGradientsWebgl } from './preluWebgl';
import { preluGradientsWebgpu } from './preluWebgpu';

type PreluGradients = (dy: tf.Tensor, x: tf.Tensor, slopes: tf.Tensor) => [tf.Tensor, tf.Tensor];

export function applyGate<T extends tf.Tensor>(x: T, slopes: tf.Tensor1D): T {
  const gate = GATES[tf.getBackend()];
  return (gate ? gate(x, slopes) : tf.prelu<tf.Tensor>(x, slopes)) as T;
}

/**
 * From arithmetic instead of comparisons. On WASM Greater and Select take ~5 ms each over a
 * 64 x 28 x 28 x 16 feature map where Step, Relu, Sub and Mul take 0.2-0.3 ms. Forward and gradient
 * of the default CNN's two gates: 27 + 15 ms with tfjs's gradient, 11 + 5 ms with this one.
 */
function arithmeticGradients(dy: tf.Tensor, x: tf.Tensor, slopes: tf.Tensor): [tf.Tensor, tf.Tensor] {
  const kept = tf.mul(dy, tf.step(x)); // dy where x > 0, else 0
  // dy - kept is exactly dy where x <= 0 and exactly 0 elsewhere, so this is dy or dy * a, as tfjs's.
  const dx = tf.add(kept, tf.mul(tf.sub(dy, kept), slopes));
  const negativePart = tf.sub(x, tf.relu(x)); // x where x <= 0, else 0: min(x, 0) exactly
  const batchAxes = x.shape.slice(0, -1).map((_, axis) => axis);
  return [dx, tf.sum(tf.mul(dy, negativePart), batchAxes)];
}

function preluWith(gradients: PreluGradients): (x: tf.Tensor, slopes: tf.Tensor) => tf.Tensor {
  return tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [x, slopes, save] = args as [tf.Tensor, tf.Tensor, tf.GradSaveFunc];
    save([x, slopes]);
    return { value: tf.prelu(x, slopes), gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => gradients(dy, saved[0], saved[1]) };
  });
}

/** Per backend name; backends not listed use tf.prelu and tfjs's gradient. */
const GATES: Record<string, (x: tf.Tensor, slopes: tf.Tensor) => tf.Tensor> = {
  wasm: preluWith(arithmeticGradients),
  webgl: preluWith(preluGradientsWebgl),
  webgpu: preluWith(preluGradientsWebgpu),
};
