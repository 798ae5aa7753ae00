import * as tf from '../tf';

/** Mean softmax cross-entropy of logits [B, K] against integer labels [B]. */
export function crossEntropy(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar {
  return tf.tidy(() => {
    const oneHot = tf.oneHot(labels, logits.shape[1]);
    return tf.neg(tf.mean(tf.sum(tf.mul(oneHot, tf.logSoftmax(logits)), 1))) as tf.Scalar;
  });
}

/** Sum of the cross-entropy over the batch (for averaging over several batches). */
export function crossEntropySum(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar {
  return tf.tidy(() => tf.mul(crossEntropy(logits, labels), logits.shape[0]));
}

/** Number of rows whose largest logit is the label, as a float scalar. */
export function correctCount(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar {
  return tf.tidy(() => tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), labels), 'float32')));
}
