/**
 * The prior as a term of the loss (prior.ts explains both forms). Apart from prior.ts because the
 * page imports the schedule from there, and the page must not load TensorFlow.js (which reads the
 * address bar for flags of its own and throws on a malformed link).
 */
import * as tf from '../tf';

/** The prior as a term of the loss, lambda * (1 / N) * sum (1 - a), on the device (differentiable in the slopes). */
export function priorLossTerm(slopes: readonly tf.Tensor1D[], lambda: number): tf.Scalar {
  return tf.tidy(() => {
    const channels = slopes.reduce((n, a) => n + a.size, 0);
    const kept = tf.addN(slopes.map((a) => tf.sum(a)));
    return tf.mul<tf.Scalar>(tf.sub(channels, kept), lambda / channels);
  });
}
