/**
 * The linearity gate of method.md: g_a(x) = relu(x) + a * min(x, 0) per channel, on the last axis
 * (a dense layer's units, a feature map's channels). a = 0 is a ReLU, a = 1 the identity. This is
 * exactly a channel-wise PReLU; tfjs's PReLU gradient is built from ordinary ops on every backend.
 */

import * as tf from '../tf';

export function applyGate<T extends tf.Tensor>(x: T, slopes: tf.Tensor1D): T {
  return tf.prelu(x, slopes as tf.Tensor) as T;
}
