import type { LiveChange } from '../engine/config/liveChange';
import type { ExperimentConfig } from '../engine/config/types';
import type { Snapshot } from '../engine/training/snapshot';

/**
 * What the page can ask of the training worker. The page talks only to this interface; the worker
 * client (labClient.ts) implements it over postMessage, and tests can implement it with a fake.
 */
export interface LabApi {
  /** Build the model and data for this config (discarding any current run) and report a first snapshot. Does not start training. */
  load(config: ExperimentConfig, options?: LoadOptions): void;
  play(): void;
  pause(): void;
  /** Exactly one training step (one batch), then a snapshot. */
  step(): void;
  /** Back to step 0 with the same config: same init, same data order. */
  reset(): void;
  /** A live change (λ, the prior's schedule, ε, the learning rate) to the run, which keeps training. */
  change(change: LiveChange): void;
  /** Make every channel that counts as linear exactly linear and freeze it. */
  snap(): void;
  /** After a divergence: back to the last good evaluation, kept in memory by the trainer. */
  rewind(): void;
  /** Full speed, or slow: one step at a time with a snapshot after each, to watch it learn. */
  setPace(pace: TrainingPace): void;
  /** Play at full speed until `step`, then at the pace set: in slow mode, past a warm-up to where the prior comes on. */
  skipTo(step: number): void;
  subscribe(listener: (event: LabEvent) => void): () => void;
  dispose(): void;
}

export type TrainingPace = 'full' | 'slow';

export interface LoadOptions {
  /** From this step on, train the network linearized in its weights around that step's (Fort et al.). */
  linearizeAt?: number | null;
}

/** Slow mode's rate: slow enough to follow every step, fast enough to see the run go somewhere. */
export const SLOW_STEPS_PER_SECOND = 4;

export type LabStatus = 'starting' | 'loading-data' | 'ready' | 'running' | 'paused' | 'finished' | 'error';

export type LabEvent =
  | { type: 'status'; status: LabStatus; message: string }
  | { type: 'snapshot'; snapshot: Snapshot }
  | { type: 'error'; message: string }
  /**
   * The training worker died, hung or lost its backend, and a fresh one replaced it
   * (worker/workerSupervisor.ts). `reload`: load the settings again (false when that already failed).
   */
  | { type: 'restarted'; message: string; reload: boolean };
