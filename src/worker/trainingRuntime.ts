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
  const post = (event: WorkerEvent) => {
    // Marks for bench/startTimeline.ts (where a link's time to its first step goes).
    if (event.type === 'snapshot') mark(`snapshot step ${event.snapshot.step}${event.snapshot.newPoints.length > 0 ? ' with evaluations' : ''}`);
    else if (event.type === 'status') mark(`status ${event.status}`);
    self.postMessage(event);
  };
  const session = new TrainingSession({
    post,
    loadDataset: async (config) => {
      mark('data: load');
      const dataset = await loadDataset(config);
      mark('data: ready');
      return dataset;
    },
    selectBackend: async (config, dataset, forced) => {
      mark('backend: choose');
      const chosen = await selectBackend({ env: createBackendEnvironment(), measure: createThroughputProbe(config, dataset), forced });
      mark(`backend: ${chosen.name}`);
      return chosen;
    },
    createTrainer: (config, dataset, backend) => {
      const trainer = Trainer.create(config, dataset, backend);
      mark('trainer made');
      return trainer;
    },
    now: () => performance.now(),
    yieldToEvents: createEventLoopYield(),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  });

  self.addEventListener('error', (event: ErrorEvent) => session.reportError(`Training worker error: ${event.message}`));
  self.addEventListener('unhandledrejection', (event: PromiseRejectionEvent) => {
    const reason: unknown = event.reason;
    session.reportError(`Training worker error: ${reason instanceof Error ? reason.message : String(reason)}`);
  });

  mark('runtime loaded');
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

function mark(name: string): void {
  try {
    performance.mark(name);
  } catch {
    // marks are a diagnosis aid only
  }
}
