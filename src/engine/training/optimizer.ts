/**
 * The optimizer of a run, with the two things tfjs does not offer cleanly: a live learning-rate
 * change for Adam (its learningRate field is read at every step but has no setter), and a complete
 * dispose for SGD with momentum (MomentumOptimizer.dispose forgets the -lr scalar of its SGD base).
 */

import * as tf from '../tf';
import type { OptimizerConfig } from '../config/types';

export interface RunOptimizer {
  readonly optimizer: tf.Optimizer;
  setLearningRate(learningRate: number): void;
  dispose(): void;
}

export function createOptimizer(config: OptimizerConfig): RunOptimizer {
  if (config.kind === 'adam') {
    const optimizer = tf.train.adam(config.learningRate);
    return {
      optimizer,
      setLearningRate: (lr) => {
        (optimizer as unknown as { learningRate: number }).learningRate = lr;
      },
      dispose: () => optimizer.dispose(),
    };
  }
  const optimizer = config.momentum > 0 ? tf.train.momentum(config.learningRate, config.momentum) : tf.train.sgd(config.learningRate);
  return {
    optimizer,
    setLearningRate: (lr) => optimizer.setLearningRate(lr),
    dispose: () => {
      optimizer.dispose();
      if (optimizer instanceof tf.MomentumOptimizer) (optimizer as unknown as { c: tf.Tensor }).c.dispose();
    },
  };
}
