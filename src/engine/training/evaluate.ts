import * as tf from '../tf';
import { gatherBatch } from '../data/batches';
import type { Dataset, Split } from '../data/types';
import type { Network } from '../model/network';
import { correctCount, crossEntropySum } from './loss';

/**
 * Evaluations use the first EVAL_SAMPLE_LIMIT samples of the test split (all of it for the 2-D
 * tasks and the usual 10,000-image test sets capped at 2,000), in batches of EVAL_BATCH_SIZE, so an
 * evaluation costs the same on every run and never stalls a slow backend for long.
 */
export const EVAL_SAMPLE_LIMIT = 2000;
export const EVAL_BATCH_SIZE = 500;

/** `network`: anything with the Network's forward pass (the linearized network too). */
export async function evaluateSplit(network: Pick<Network, 'forward'>, dataset: Dataset, split: Split): Promise<{ loss: number; accuracy: number } | null> {
  const count = Math.min(split.count, EVAL_SAMPLE_LIMIT);
  if (count === 0) return null;
  let lossSum: tf.Scalar = tf.scalar(0);
  let correct: tf.Scalar = tf.scalar(0);
  for (let start = 0; start < count; start += EVAL_BATCH_SIZE) {
    const size = Math.min(EVAL_BATCH_SIZE, count - start);
    const indices = Uint32Array.from({ length: size }, (_, i) => start + i);
    const batch = gatherBatch(dataset, split, indices);
    const [nextLoss, nextCorrect] = tf.tidy(() => {
      const logits = network.forward(tf.tensor2d(batch.x, [size, batch.x.length / size]));
      const labels = tf.tensor1d(batch.y, 'int32');
      return [tf.add(lossSum, crossEntropySum(logits, labels)), tf.add(correct, correctCount(logits, labels))] as tf.Scalar[];
    });
    lossSum.dispose();
    correct.dispose();
    lossSum = nextLoss;
    correct = nextCorrect;
  }
  const packed = tf.stack([lossSum, correct]);
  lossSum.dispose();
  correct.dispose();
  const [loss, hits] = await packed.data();
  packed.dispose();
  return { loss: loss / count, accuracy: hits / count };
}
