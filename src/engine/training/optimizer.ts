/**
 * The optimizer of a run: Adam, SGD with momentum, or plain SGD, with tfjs's exact update rules
 * (tfjs-core's AdamOptimizer, MomentumOptimizer and SGDOptimizer, op for op) but over all the
 * variables at once. tfjs updates one variable at a time: about 14 kernels per variable for Adam,
 * and the lab's nets are small, so per-kernel overhead, not arithmetic, set the step time (a third
 * of the MLP's kernels per step were Adam's). Here the gradients are concatenated into one flat
 * vector, updated with one set of kernels, and split back: the same numbers element for element
 * (every op is elementwise), with a fixed number of kernels whatever the depth.
 */

import * as tf from '../tf';
import type { OptimizerConfig } from '../config/types';

export interface RunOptimizer {
  /** One update of `variables` (the same list in the same order at every call) from their gradients. */
  apply(variables: tf.Variable[], gradients: tf.Tensor[]): void;
  /** Live: used from the next apply on. */
  setLearningRate(learningRate: number): void;
  dispose(): void;
}

const ADAM_BETA1 = 0.9;
const ADAM_BETA2 = 0.999;

export function createOptimizer(config: OptimizerConfig): RunOptimizer {
  if (config.kind === 'adam') return new FlatAdam(config.learningRate);
  return new FlatMomentum(config.learningRate, config.momentum);
}

/** A non-trainable flat state vector, created at the first update when the total size is known. */
class FlatState {
  private variable: tf.Variable<tf.Rank.R1> | null = null;

  get(size: number): tf.Variable<tf.Rank.R1> {
    if (!this.variable) this.variable = tf.tidy(() => tf.variable(tf.zeros([size]) as tf.Tensor1D, false));
    if (this.variable.size !== size) throw new Error(`The optimizer was built for ${this.variable.size} parameters, not ${size}.`);
    return this.variable;
  }

  dispose(): void {
    this.variable?.dispose();
    this.variable = null;
  }
}

function flatten(tensors: tf.Tensor[]): tf.Tensor1D {
  return tf.concat(tensors.map((t) => (t.rank === 1 ? t : t.reshape([-1])) as tf.Tensor1D));
}

/** Writes `flat` back into the variables it was flattened from (slices, not split: see fastWasmSlice.ts). */
function assignFlat(variables: tf.Variable[], flat: tf.Tensor1D): void {
  let offset = 0;
  for (const v of variables) {
    const part = tf.slice(flat, offset, v.size);
    v.assign(v.rank === 1 ? part : part.reshape(v.shape));
    offset += v.size;
  }
}

/** tfjs's AdamOptimizer (beta1 0.9, beta2 0.999, the backend's epsilon), flat. */
class FlatAdam implements RunOptimizer {
  private readonly firstMoment = new FlatState();
  private readonly secondMoment = new FlatState();
  private readonly accBeta1 = tf.tidy(() => tf.variable(tf.scalar(ADAM_BETA1), false));
  private readonly accBeta2 = tf.tidy(() => tf.variable(tf.scalar(ADAM_BETA2), false));
  private readonly epsilon = tf.backend().epsilon();

  constructor(private learningRate: number) {}

  apply(variables: tf.Variable[], gradients: tf.Tensor[]): void {
    tf.tidy(() => {
      const gradient = flatten(gradients);
      const m = this.firstMoment.get(gradient.size);
      const v = this.secondMoment.get(gradient.size);
      const oneMinusAccBeta1 = tf.sub(1, this.accBeta1);
      const oneMinusAccBeta2 = tf.sub(1, this.accBeta2);
      const newM = tf.add(tf.mul(m as tf.Tensor1D, ADAM_BETA1), tf.mul(gradient, 1 - ADAM_BETA1));
      const newV = tf.add(tf.mul(v as tf.Tensor1D, ADAM_BETA2), tf.mul(tf.square(gradient), 1 - ADAM_BETA2));
      const correctedM = tf.div(newM, oneMinusAccBeta1);
      const correctedV = tf.div(newV, oneMinusAccBeta2);
      m.assign(newM as tf.Tensor1D);
      v.assign(newV as tf.Tensor1D);
      const step = tf.mul(tf.div(correctedM, tf.add(tf.sqrt(correctedV), this.epsilon)), -this.learningRate);
      assignFlat(variables, tf.add(step, flatten(variables)) as tf.Tensor1D);
      this.accBeta1.assign(tf.mul(this.accBeta1, ADAM_BETA1));
      this.accBeta2.assign(tf.mul(this.accBeta2, ADAM_BETA2));
    });
  }

  setLearningRate(learningRate: number): void {
    this.learningRate = learningRate;
  }

  dispose(): void {
    this.firstMoment.dispose();
    this.secondMoment.dispose();
    this.accBeta1.dispose();
    this.accBeta2.dispose();
  }
}

/** tfjs's MomentumOptimizer (no Nesterov), or its SGDOptimizer when momentum is 0, flat. */
class FlatMomentum implements RunOptimizer {
  private readonly accumulation = new FlatState();

  constructor(
    private learningRate: number,
    private readonly momentum: number,
  ) {}

  apply(variables: tf.Variable[], gradients: tf.Tensor[]): void {
    tf.tidy(() => {
      const gradient = flatten(gradients);
      const minusLearningRate = tf.scalar(-this.learningRate);
      let direction: tf.Tensor1D = gradient;
      if (this.momentum > 0) {
        const accumulation = this.accumulation.get(gradient.size);
        direction = tf.add(tf.mul(tf.scalar(this.momentum), accumulation), gradient);
        accumulation.assign(direction);
      }
      assignFlat(variables, tf.add(tf.mul(minusLearningRate, direction), flatten(variables)) as tf.Tensor1D);
    });
  }

  setLearningRate(learningRate: number): void {
    this.learningRate = learningRate;
  }

  dispose(): void {
    this.accumulation.dispose();
  }
}
