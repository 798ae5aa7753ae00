/// <reference lib="webworker" />
/**
 * The training worker's runtime, loaded by its entry (trainingWorker.ts) after it started: all tfjs
 * work happens here, off the page thread. It wires the real dependencies (tfjs backends, the data,
 * Trainer) into a TrainingSession and returns the handler for the page's messages.
 */
import { selectBackend } from '../engine/backend/selectBackend';
import type { ExperimentConfig } from '../engine/config/types';
import type { Dataset } from '../engine/data/types';
import { Trainer } from '../engine/training/trainer';
import { createBackendEnvironment } from './backendEnvironment';
import { createThroughputProbe } from './measureThroughput';
import type { ParsedCommand, WorkerEvent } from './protocol';
import { registerBackends } from './registerBackends';
import { TrainingSession } from './trainingSession';
import { createEventLoopYield } from './yieldToEvents';

declare const self: DedicatedWorkerGlobalScope;

export interface RuntimeOptions {
  /** Opens a run's data (the entry's prefetch, or a fresh download). */
  loadDataset: (config: ExperimentConfig) => Promise<Dataset>;
}

/** Starts the session; returns what handles each message from the page, as the entry parsed it (pings are the entry's). */
export function startTrainingRuntime({ loadDataset }: RuntimeOptions): (parsed: ParsedCommand) => void {
  const post = (event: WorkerEvent) => self.postMessage(event);
  const session = new TrainingSession({
    post,
    loadDataset,
    selectBackend: (config, dataset, forced) =>
      selectBackend({ env: createBackendEnvironment(), measure: createThroughputProbe(config, dataset), forced }),
    createTrainer: (config, dataset, backend) => Trainer.create(config, dataset, backend),
    now: () => performance.now(),
    yieldToEvents: createEventLoopYield(),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  });

  self.addEventListener('error', (event: ErrorEvent) => session.reportError(`Training worker error: ${event.message}`));
  self.addEventListener('unhandledrejection', (event: PromiseRejectionEvent) => {
    const reason: unknown = event.reason;
    session.reportError(`Training worker error: ${reason instanceof Error ? reason.message : String(reason)}`);
  });

  try {
    registerBackends();
  } catch (error) {
    session.reportError(`Could not set up TensorFlow.js: ${error instanceof Error ? error.message : String(error)}`);
  }
  void session.run();
  return (parsed) => {
    if (parsed.ok) session.enqueue(parsed.command);
    else session.reportError(parsed.error);
  };
}
