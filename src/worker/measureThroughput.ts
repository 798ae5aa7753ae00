/**
 * The speed probe selectBackend runs on each candidate backend: a few steps of the actual model on
 * the actual data, so the choice reflects this experiment (an MLP and a CNN rank backends differently).
 */
import type { BackendName } from '../engine/backend/backendNames';
import type { MeasureThroughput } from '../engine/backend/selectBackend';
import type { ExperimentConfig } from '../engine/config/types';
import type { Dataset } from '../engine/data/types';
import { Trainer } from '../engine/training/trainer';

/** The first steps compile shaders or warm caches; they are not timed. */
const WARM_UP_STEPS = 2;
const TIMED_STEPS = 3;

export function createThroughputProbe(config: ExperimentConfig, dataset: Dataset): MeasureThroughput {
  return async (name: BackendName, signal: AbortSignal) => {
    const trainer = Trainer.create(config, dataset, { name, reason: 'speed probe', attempts: [] });
    try {
      for (let i = 0; i < WARM_UP_STEPS; i++) {
        throwIfAborted(signal);
        trainer.trainStep();
        await trainer.flush();
      }
      throwIfAborted(signal);
      const started = performance.now();
      for (let i = 0; i < TIMED_STEPS; i++) trainer.trainStep();
      await trainer.flush();
      const seconds = (performance.now() - started) / 1000;
      throwIfAborted(signal);
      const examples = TIMED_STEPS * Math.min(config.training.batchSize, dataset.train.count);
      return examples / Math.max(seconds, 1e-6);
    } finally {
      trainer.dispose();
    }
  };
}

function throwIfAborted(signal: AbortSignal): void {
  if (signal.aborted) throw new Error('speed probe stopped: out of time');
}
