/**
 * x + bias over the last axis, whose bias gradient (the sum of dy over every other axis) is
 * ./leadingAxesSum.ts's on WASM rather than tf.add's own (WASM's slow Sum over leading axes).
 */

import * as tf from '../tf';
import { sumOverLeadingAxes } from './leadingAxesSum';

export function addBias<T extends tf.Tensor>(x: T, bias: tf.Tensor1D): T {
  if (tf.getBackend() !== 'wasm') return tf.add<T>(x, bias);
  return addWithLeadingSumGradient(x, bias) as T;
}

const addWithLeadingSumGradient = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const [x, bias] = args as [tf.Tensor, tf.Tensor1D];
  return {
    value: tf.add(x, bias),
    gradFunc: (dy: tf.Tensor) => [dy.reshape(dy.shape), sumOverLeadingAxes(dy)],
  };
}) as (x: tf.Tensor, bias: tf.Tensor1D) => tf.Tensor;
