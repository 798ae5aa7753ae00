/**
 * The page's side of the training worker: LabApi over postMessage. All training runs in the worker.
 */
import type { ExperimentConfig } from '../engine/config/types';
import type { LabApi, LabEvent } from './labApi';
import { afterNextPaint } from './afterNextPaint';
import { createSnapshotAssembler } from './snapshotStream';
import type { WorkerCommand } from './protocol';
import { WorkerSupervisor } from './workerSupervisor';

export interface LabClientOptions {
  /** Force a backend (webgpu, webgl, wasm, cpu), e.g. the link's `backend=`; null chooses automatically. */
  backend: string | null;
  /**
   * The run the page will load first: the worker starts downloading its data while its own code
   * still loads (protocol.ts `prepare`). The page's `load` still decides what trains.
   */
  prepare?: ExperimentConfig;
}

export function createLabClient({ backend: forcedBackend, prepare }: LabClientOptions): LabApi {
  const listeners = new Set<(event: LabEvent) => void>();
  const emit = (event: LabEvent) => listeners.forEach((listener) => listener(event));

  // The supervisor replaces a worker that dies, hangs or loses its backend (workerSupervisor.ts).
  let assemble = createSnapshotAssembler();
  const supervisor = new WorkerSupervisor({
    createWorker: () => new Worker(new URL('./trainingWorker.ts', import.meta.url), { type: 'module', name: 'training' }),
    now: () => performance.now(),
    setInterval: (callback, ms) => setInterval(callback, ms),
    clearInterval: (handle) => clearInterval(handle as ReturnType<typeof setInterval>),
    onEvent: (event, arrived) => {
      if (event.type === 'snapshot') {
        if (event.snapshot.step <= 1) performance.mark?.(`page: snapshot step ${event.snapshot.step} arrived`); // for bench/startTimeline.ts
        const snapshot = assemble(event.snapshot);
        if (snapshot) emit({ type: 'snapshot', snapshot });
        // The worker spaces snapshots by what drawing them costs the page (pacingPolicy.ts).
        afterNextPaint(() => send({ type: 'snapshotDrawn', ms: performance.now() - arrived }));
        return;
      }
      // A fresh worker numbers its runs from the start again: its snapshots must not extend the old run's history.
      if (event.type === 'restarted') assemble = createSnapshotAssembler();
      emit(event);
    },
  });

  let disposed = false;
  const send = (command: WorkerCommand) => {
    if (!disposed) supervisor.send(command);
  };
  if (prepare) send({ type: 'prepare', config: prepare });

  return {
    load: (config: ExperimentConfig, options) => send({ type: 'load', config, backend: forcedBackend, linearizeAt: options?.linearizeAt ?? null }),
    play: () => send({ type: 'play' }),
    pause: () => send({ type: 'pause' }),
    step: () => send({ type: 'step' }),
    reset: () => send({ type: 'reset' }),
    change: (change) => send({ type: 'change', change }),
    snap: () => send({ type: 'snap' }),
    rewind: () => send({ type: 'rewind' }),
    setPace: (pace) => send({ type: 'setPace', pace }),
    skipTo: (step) => send({ type: 'skipTo', step }),
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
