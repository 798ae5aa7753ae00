/**
 * A run's state kept in memory at its last good evaluation, so a run that diverges can go back to
 * it: copies of every variable (weights, biases, slopes, frozen masks, the optimizer's state) and
 * the trainer's counters. The copies stay on the device; taking one costs a copy per variable.
 */
import * as tf from '../tf';

export class Checkpoint<Extra> {
  private constructor(
    private readonly values: tf.Tensor[],
    readonly extra: Extra,
  ) {}

  static take<Extra>(variables: tf.Variable[], extra: Extra): Checkpoint<Extra> {
    return new Checkpoint(variables.map((v) => tf.keep(v.clone())), extra);
  }

  /**
   * Writes the copies back. Variables made after the checkpoint (an optimizer's slots appear at its
   * first update) go back to how they start: zeros.
   */
  restore(variables: tf.Variable[]): void {
    tf.tidy(() => variables.forEach((v, i) => v.assign(this.values[i] ?? tf.zerosLike(v))));
  }

  dispose(): void {
    for (const t of this.values) t.dispose();
    this.values.length = 0;
  }
}

/** True when no variable holds a NaN or an infinity (one small async read). */
export async function allFinite(variables: tf.Variable[]): Promise<boolean> {
  if (variables.length === 0) return true;
  const flag = tf.tidy(() => tf.all(tf.stack(variables.map((v) => tf.all(tf.isFinite(v))))));
  try {
    return (await flag.data())[0] === 1;
  } finally {
    flag.dispose();
  }
}
