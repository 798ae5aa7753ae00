/**
 * Runs a list of configs one after another on a LabApi of its own (a second training worker, so
 * the interactive lab's worker stays the user's) and streams each run's evaluations.
 *
 * One LabApi serves the whole queue: commands reach the worker in order and the next run is loaded
 * only after the previous one reported "finished", so every event belongs to the current run.
 * Stopping disposes that LabApi (the worker ends at once); finished runs stay with the listener.
 */
import type { ExperimentConfig } from '../../engine/config/types';
import type { EvalPoint, GateLayerView, Snapshot } from '../../engine/training/snapshot';
import type { LabApi, LabEvent } from '../labApi';

export interface RunSpec {
  id: string;
  label: string;
  config: ExperimentConfig;
  /** Train the network linearized in its weights from this step on (Fort et al.); absent: the real network. */
  linearizeAt?: number | null;
}

export type RunnerEvent =
  | { type: 'run-started'; index: number; id: string }
  /** A new snapshot of the current run: its step and every evaluation so far. */
  | { type: 'run-progress'; index: number; id: string; step: number; totalSteps: number; history: EvalPoint[]; gates: GateLayerView[] | null; backend: string | null }
  | { type: 'run-finished'; index: number; id: string; step: number; totalSteps: number; history: EvalPoint[]; diverged: string | null; gates: GateLayerView[] | null; backend: string | null }
  | { type: 'run-failed'; index: number; id: string; message: string }
  /** What the worker is doing between steps (loading data, choosing a backend), in words. */
  | { type: 'status'; message: string }
  | { type: 'done'; stopped: boolean; finished: number; failed: number };

export interface RunQueueHandle {
  /** Ends the current run at once; runs already finished are kept by the listener. */
  stop(): void;
  /** Resolves with the last event ('done'). */
  readonly done: Promise<Extract<RunnerEvent, { type: 'done' }>>;
}

/**
 * `only`: the places in `runs` to train, in order (a resumed queue trains the runs that did not
 * finish); events name each run by its place in `runs`. Absent: every run.
 */
export function runQueue(createApi: () => LabApi, runs: readonly RunSpec[], listener: (event: RunnerEvent) => void, only?: readonly number[]): RunQueueHandle {
  let api: LabApi | null = null;
  let unsubscribe: (() => void) | null = null;
  const order = only ? only.filter((i) => Number.isInteger(i) && i >= 0 && i < runs.length) : runs.map((_, i) => i);
  let position = -1;
  let index = -1;
  let latest: Snapshot | null = null;
  let finished = 0;
  let failed = 0;
  let over = false;
  let resolveDone: (event: Extract<RunnerEvent, { type: 'done' }>) => void = () => {};
  const done = new Promise<Extract<RunnerEvent, { type: 'done' }>>((resolve) => (resolveDone = resolve));

  const release = () => {
    unsubscribe?.();
    unsubscribe = null;
    api?.dispose();
    api = null;
  };

  const finish = (stopped: boolean) => {
    if (over) return;
    over = true;
    release();
    const event = { type: 'done', stopped, finished, failed } as const;
    listener(event);
    resolveDone(event);
  };

  const next = () => {
    position += 1;
    latest = null;
    if (position >= order.length) {
      index = -1;
      return finish(false);
    }
    index = order[position];
    if (!api) {
      api = createApi();
      unsubscribe = api.subscribe(onEvent);
    }
    const run = runs[index];
    listener({ type: 'run-started', index, id: run.id });
    api.load(run.config, { linearizeAt: run.linearizeAt ?? null });
    api.play();
  };

  const onEvent = (event: LabEvent) => {
    if (over || index < 0 || index >= runs.length) return;
    const run = runs[index];
    if (event.type === 'snapshot') {
      latest = event.snapshot;
      listener({
        type: 'run-progress',
        index,
        id: run.id,
        step: latest.step,
        totalSteps: latest.totalSteps,
        history: latest.history,
        gates: latest.gates,
        backend: latest.backend.name,
      });
    } else if (event.type === 'status') {
      if (event.status === 'finished') {
        finished += 1;
        listener({
          type: 'run-finished',
          index,
          id: run.id,
          step: latest?.step ?? 0,
          totalSteps: latest?.totalSteps ?? 0,
          history: latest?.history ?? [],
          diverged: latest?.diverged ?? null,
          gates: latest?.gates ?? null,
          backend: latest?.backend.name ?? null,
        });
        next();
      } else if (event.status === 'error') {
        fail(event.message || 'The training worker reported an error.');
      } else if (event.status === 'loading-data' || event.status === 'starting') {
        listener({ type: 'status', message: event.message });
      }
    } else if (event.type === 'restarted') {
      fail(event.message);
    }
  };

  // A failed run may have taken its worker with it: the next run gets a fresh one.
  const fail = (message: string) => {
    failed += 1;
    listener({ type: 'run-failed', index, id: runs[index].id, message });
    release();
    next();
  };

  queueMicrotask(() => {
    if (!over) next();
  });
  return { stop: () => finish(true), done };
}
