/// <reference lib="webworker" />
/**
 * The training Web Worker: all tfjs work happens here, off the page thread. It wires the real
 * dependencies (tfjs backends, fetch, Trainer) into a TrainingSession and relays messages.
 */
import { selectBackend } from '../engine/backend/selectBackend';
import { openDataset } from '../engine/data/loadDataset';
import { Trainer } from '../engine/training/trainer';
import { createBackendEnvironment } from './backendEnvironment';
import { createDataStreamOpener } from './fetchDataFile';
import { createThroughputProbe } from './measureThroughput';
import { parseCommand, type WorkerEvent } from './protocol';
import { registerBackends } from './registerBackends';
import { TrainingSession } from './trainingSession';
import { createEventLoopYield } from './yieldToEvents';

declare const self: DedicatedWorkerGlobalScope;

const post = (event: WorkerEvent) => self.postMessage(event);
const openFile = createDataStreamOpener(new URL(import.meta.env.BASE_URL, self.location.origin).href, (url) => fetch(url));

const session = new TrainingSession({
  post,
  loadDataset: (config) => openDataset(config.dataset, config.training.seed, openFile),
  selectBackend: (config, dataset, forced) =>
    selectBackend({ env: createBackendEnvironment(), measure: createThroughputProbe(config, dataset), forced }),
  createTrainer: (config, dataset, backend) => Trainer.create(config, dataset, backend),
  now: () => performance.now(),
  yieldToEvents: createEventLoopYield(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
});

self.addEventListener('message', (event: MessageEvent<unknown>) => {
  const parsed = parseCommand(event.data);
  if (parsed.ok && parsed.command.type === 'ping') self.postMessage({ type: 'pong' } satisfies WorkerEvent);
  else if (parsed.ok) session.enqueue(parsed.command);
  else session.reportError(parsed.error);
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
