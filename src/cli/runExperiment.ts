/** The CLI's work, apart from process I/O so it can be tested: train a config and emit its evaluations. */
import type { ExperimentConfig } from '../engine/config/types';
import { encodeConfig } from '../engine/config/urlCodec';
import { loadDataset } from '../engine/data/loadDataset';
import type { BackendInfo, EvalPoint } from '../engine/training/snapshot';
import { Trainer } from '../engine/training/trainer';

export interface ExperimentSummary {
  steps: number;
  epochs: number;
  final: EvalPoint | null;
  effectiveDepth: number;
  effectiveWidth: number[];
  diverged: string | null;
  /** After a divergence: the last evaluation where the losses and every weight were finite (null if none). */
  lastGoodStep: number | null;
  backend: string;
  /** The step the network was linearized at, or null. */
  linearizedAt: number | null;
  link: string;
}

export interface RunOptions {
  config: ExperimentConfig;
  backend: BackendInfo;
  readFile: (fileName: string) => Promise<Uint8Array>;
  maxSteps: number | null;
  onEvaluation: (point: EvalPoint) => void;
  /** Linearize the network in its weights at this step (Trainer.linearize), or null. */
  linearizeAt?: number | null;
  /** Evaluate the untrained network first, so the curves start where training starts (`npm run experiment`). */
  evaluateAtStart?: boolean;
}

export async function runExperiment(options: RunOptions): Promise<ExperimentSummary> {
  const { config } = options;
  const dataset = await loadDataset(config.dataset, config.training.seed, options.readFile);
  const trainer = Trainer.create(config, dataset, options.backend);
  try {
    const total = Math.min(trainer.totalSteps, options.maxSteps ?? Infinity);
    let last: EvalPoint | null = null;
    let diverged: string | null = null;
    if (options.evaluateAtStart && total > 0) {
      last = await trainer.evaluate();
      options.onEvaluation(last);
    }
    while (trainer.step < total && diverged === null) {
      if (trainer.step === options.linearizeAt) trainer.linearize();
      trainer.trainStep();
      if (trainer.step % config.evalEvery === 0 || trainer.step === total) {
        await trainer.flush();
        last = await trainer.evaluate();
        options.onEvaluation(last);
        diverged = trainer.diverged;
      }
    }
    const snapshot = await trainer.snapshot();
    return {
      steps: trainer.step,
      epochs: trainer.step / trainer.stepsPerEpoch,
      final: last,
      effectiveDepth: snapshot.core.effectiveDepth,
      effectiveWidth: snapshot.core.effectiveWidth,
      diverged: snapshot.diverged,
      lastGoodStep: snapshot.diverged ? (snapshot.checkpointStep ?? null) : null,
      backend: options.backend.name,
      linearizedAt: trainer.linearizedAt,
      link: encodeConfig(config),
    };
  } finally {
    trainer.dispose();
  }
}
