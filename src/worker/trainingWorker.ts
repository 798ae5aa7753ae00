/// <reference lib="webworker" />
/**
 * The training Web Worker's entry, small on purpose: TensorFlow.js and the trainer (2 MB of script,
 * trainingRuntime.ts) load after it starts, and meanwhile the data of the run the page is about to
 * load downloads (the page's `prepare`, datasetPrefetch.ts). Commands that arrive before the
 * runtime is up wait in order; pings are answered at once (the worker is alive while it loads).
 */
import { openDataset } from '../engine/data/loadDataset';
import { DatasetPrefetch } from './datasetPrefetch';
import { createDataStreamOpener } from './fetchDataFile';
import { parseCommand, type ParsedCommand, type WorkerEvent } from './protocol';

declare const self: DedicatedWorkerGlobalScope;

const post = (event: WorkerEvent) => self.postMessage(event);
const openFile = createDataStreamOpener(new URL(import.meta.env.BASE_URL, self.location.origin).href, (url) => fetch(url));
const prefetch = new DatasetPrefetch((config) => openDataset(config.dataset, config.training.seed, openFile));

const early: ParsedCommand[] = [];
let deliver: ((parsed: ParsedCommand) => void) | null = null;

self.addEventListener('message', (event: MessageEvent<unknown>) => {
  const parsed = parseCommand(event.data);
  if (parsed.ok && parsed.command.type === 'ping') return post({ type: 'pong' });
  if (parsed.ok && parsed.command.type === 'prepare') return prefetch.start(parsed.command.config);
  if (deliver) deliver(parsed);
  else early.push(parsed);
});

import('./trainingRuntime').then(
  ({ startTrainingRuntime }) => {
    const handle = startTrainingRuntime({ loadDataset: prefetch.load });
    for (const parsed of early.splice(0)) handle(parsed);
    deliver = handle;
  },
  (error: unknown) => {
    const message = `Could not load the training code: ${error instanceof Error ? error.message : String(error)}. Reload the page to try again.`;
    post({ type: 'error', message });
    post({ type: 'status', status: 'error', message });
  },
);
