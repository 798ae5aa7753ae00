import * as tf from '../tf';
import type { Network } from '../model/network';

/** Predicted class and its softmax probability for `count` rows of network inputs. */
export async function predictClasses(network: Network, x: Float32Array, count: number): Promise<{ predicted: Int32Array; confidence: Float32Array }> {
  const [classes, probabilities] = tf.tidy((): [tf.Tensor, tf.Tensor] => {
    const probs = tf.softmax(network.forward(tf.tensor2d(x, [count, x.length / count])));
    return [tf.argMax(probs, 1), tf.max(probs, 1)];
  });
  try {
    const [predicted, confidence] = await Promise.all([classes.data(), probabilities.data()]);
    return { predicted: Int32Array.from(predicted), confidence: Float32Array.from(confidence) };
  } finally {
    classes.dispose();
    probabilities.dispose();
  }
}

/** Raw logits [count x numClasses], row-major. */
export async function predictLogits(network: Network, x: Float32Array, count: number): Promise<Float32Array> {
  const logits = tf.tidy(() => network.forward(tf.tensor2d(x, [count, x.length / count])));
  try {
    return Float32Array.from(await logits.data());
  } finally {
    logits.dispose();
  }
}
