/**
 * The page's side of the training worker: LabApi over postMessage. All training runs in the worker.
 */
import type { ExperimentConfig } from '../engine/config/types';
import type { LabApi, LabEvent } from '../lab/labApi';
import { afterNextPaint } from './afterNextPaint';
import type { WorkerCommand } from './protocol';
import { WorkerSupervisor } from './workerSupervisor';

export interface LabClientOptions {
  /** Force a backend (webgpu, webgl, wasm, cpu). Default: the page's `?backend=` parameter, else automatic. */
  backend?: string | null;
}

export function createLabClient(options: LabClientOptions = {}): LabApi {
  const forcedBackend = options.backend !== undefined ? options.backend : backendFromPageUrl();
  const listeners = new Set<(event: LabEvent) => void>();
  const emit = (event: LabEvent) => listeners.forEach((listener) => listener(event));

  // The supervisor replaces a worker that dies, hangs or loses its backend (workerSupervisor.ts).
  const supervisor = new WorkerSupervisor({
    createWorker: () => new Worker(new URL('./trainingWorker.ts', import.meta.url), { type: 'module', name: 'training' }),
    now: () => performance.now(),
    setInterval: (callback, ms) => setInterval(callback, ms),
    clearInterval: (handle) => clearInterval(handle as ReturnType<typeof setInterval>),
    onEvent: (event, arrived) => {
      emit(event);
      // The worker spaces snapshots by what drawing them costs the page (trainingSession.ts).
      if (event.type === 'snapshot') afterNextPaint(() => send({ type: 'snapshotDrawn', ms: performance.now() - arrived }));
    },
  });

  let disposed = false;
  const send = (command: WorkerCommand) => {
    if (!disposed) supervisor.send(command);
  };

  return {
    load: (config: ExperimentConfig, options) => send({ type: 'load', config, backend: forcedBackend, linearizeAt: options?.linearizeAt ?? null }),
    play: () => send({ type: 'play' }),
    pause: () => send({ type: 'pause' }),
    step: () => send({ type: 'step' }),
    reset: () => send({ type: 'reset' }),
    setLambda: (lambda) => send({ type: 'setLambda', lambda }),
    setLearningRate: (learningRate) => send({ type: 'setLearningRate', learningRate }),
    setPrior: (prior) => send({ type: 'setPrior', prior }),
    snap: () => send({ type: 'snap' }),
    rewind: () => send({ type: 'rewind' }),
    setPace: (pace) => send({ type: 'setPace', pace }),
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    dispose: () => {
      disposed = true;
      listeners.clear();
      supervisor.dispose();
    },
  };
}

function backendFromPageUrl(): string | null {
  if (typeof location === 'undefined') return null;
  return new URLSearchParams(location.search).get('backend');
}
