/**
 * The page's side of the training worker: LabApi over postMessage. All training runs in the worker.
 */
import type { ExperimentConfig } from '../engine/config/types';
import type { LabApi, LabEvent } from './labApi';
import { afterNextPaint } from './afterNextPaint';
import { createSnapshotAssembler } from './snapshotStream';
import type { WorkerCommand, WorkerEvent } from './protocol';

export interface LabClientOptions {
  /** Force a backend (webgpu, webgl, wasm, cpu), e.g. the link's `backend=`; null chooses automatically. */
  backend: string | null;
}

export function createLabClient({ backend: forcedBackend }: LabClientOptions): LabApi {
  const listeners = new Set<(event: LabEvent) => void>();
  const emit = (event: LabEvent) => listeners.forEach((listener) => listener(event));

  const worker = new Worker(new URL('./trainingWorker.ts', import.meta.url), { type: 'module', name: 'training' });
  const assemble = createSnapshotAssembler();
  worker.addEventListener('message', (event: MessageEvent<WorkerEvent>) => {
    const arrived = performance.now();
    if (event.data.type === 'snapshot') {
      const snapshot = assemble(event.data.snapshot);
      if (snapshot) emit({ type: 'snapshot', snapshot });
    } else {
      emit(event.data);
    }
    // The worker spaces snapshots by what drawing them costs the page (trainingSession.ts).
    if (event.data.type === 'snapshot') afterNextPaint(() => send({ type: 'snapshotDrawn', ms: performance.now() - arrived }));
  });
  worker.addEventListener('error', (event: ErrorEvent) => {
    event.preventDefault();
    const message = `The training worker failed${event.message ? `: ${event.message}` : ' to start'}.`;
    emit({ type: 'error', message });
    emit({ type: 'status', status: 'error', message });
  });
  worker.addEventListener('messageerror', () => emit({ type: 'error', message: 'A message from the training worker could not be read.' }));

  let disposed = false;
  const send = (command: WorkerCommand) => {
    if (!disposed) worker.postMessage(command);
  };

  return {
    load: (config: ExperimentConfig) => send({ type: 'load', config, backend: forcedBackend }),
    play: () => send({ type: 'play' }),
    pause: () => send({ type: 'pause' }),
    step: () => send({ type: 'step' }),
    reset: () => send({ type: 'reset' }),
    change: (change) => send({ type: 'change', change }),
    snap: () => send({ type: 'snap' }),
    setPace: (pace) => send({ type: 'setPace', pace }),
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    dispose: () => {
      disposed = true;
      listeners.clear();
      worker.terminate();
    },
  };
}
