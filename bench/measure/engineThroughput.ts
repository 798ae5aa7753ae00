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

/**
 * A fingerprint of a trained network: FNV-1a over the bits of its logits on 64 training images and
 * of its slopes after `steps` steps. Two backends (or thread counts) that give the same fingerprint
 * computed the same numbers, to the last bit.
 */
export async function trainedFingerprint(config: ExperimentConfig, backend: string, dataset: Dataset, steps: number): Promise<string> {
  const trainer = Trainer.create(config, dataset, { name: backend, reason: 'benchmark', attempts: [] });
  try {
    for (let i = 0; i < steps; i++) trainer.trainStep();
    await trainer.flush();
    const size = 28 * 28;
    const x = Float32Array.from(dataset.train.features.subarray(0, 64 * size), (v) => v * dataset.featureScale);
    const parts = [await trainer.predictLogits(x, 64), ...(await trainer.readSlopes())];
    let hash = 0x811c9dc5;
    for (const part of parts) {
      const bytes = new Uint8Array(part.buffer, part.byteOffset, part.byteLength);
      for (const b of bytes) hash = Math.imul(hash ^ b, 0x01000193) >>> 0;
    }
    return hash.toString(16).padStart(8, '0');
  } finally {
    trainer.dispose();
  }
}
