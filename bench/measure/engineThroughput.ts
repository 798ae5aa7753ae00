/** The lab's engine (Trainer with gates and the prior on) timed step by step on the active tfjs backend. */
import { defaultConfig } from '../../src/engine/config/defaults';
import type { ExperimentConfig } from '../../src/engine/config/types';
import type { Dataset } from '../../src/engine/data/types';
import { Trainer } from '../../src/engine/training/trainer';
import type { ModelName } from '../types';
import { timeSteps, type StepBudget } from './stepBudget';

/** The lab's default model of this kind, at this batch size, with the prior on from step 0. */
export function benchConfig(model: ModelName, batch: number): ExperimentConfig {
  const config = defaultConfig();
  config.model.kind = model;
  config.training.batchSize = batch;
  config.training.epochs = 1000;
  config.prior.lambda = 1;
  return config;
}

/** ms per step (each step's losses read back before the next starts). */
export async function timeTrainerSteps(model: ModelName, batch: number, backend: string, dataset: Dataset, budget: StepBudget): Promise<number[]> {
  return timeConfigSteps(benchConfig(model, batch), backend, dataset, budget);
}

/** ms per step of any config's Trainer. */
export async function timeConfigSteps(config: ExperimentConfig, backend: string, dataset: Dataset, budget: StepBudget): Promise<number[]> {
  const trainer = Trainer.create(config, dataset, { name: backend, reason: 'benchmark', attempts: [] });
  try {
    return await timeSteps(async () => {
      trainer.trainStep();
      await trainer.flush();
    }, budget);
  } finally {
    trainer.dispose();
  }
}
