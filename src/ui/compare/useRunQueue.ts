import { useCallback, useEffect, useRef, useState } from 'react';
import type { EvalPoint } from '../../engine/training/snapshot';
import type { LabApi } from '../../lab/labApi';
import { queueProgress, type QueueProgress } from '../../lab/runner/progress';
import { runQueue, type RunQueueHandle, type RunSpec } from '../../lab/runner/runQueue';
import { useLatest } from '../useLatest';

export type RunPhase = 'waiting' | 'running' | 'finished' | 'failed' | 'stopped';

export interface RunState<S extends RunSpec = RunSpec> {
  spec: S;
  phase: RunPhase;
  step: number;
  totalSteps: number;
  history: EvalPoint[];
  /** Why it failed or diverged. */
  problem: string | null;
}

export interface RunQueueState<S extends RunSpec> {
  runs: RunState<S>[];
  active: boolean;
  /** The worker's own words while it loads data or picks a backend. */
  message: string;
  progress: QueueProgress | null;
  start: (specs: S[]) => void;
  stop: () => void;
}

/** A queue of runs on its own worker, as React state; stopping keeps finished runs. */
export function useRunQueue<S extends RunSpec>(createApi: () => LabApi, onStart?: (stop: () => void) => void): RunQueueState<S> {
  const [runs, setRuns] = useState<RunState<S>[]>([]);
  const [active, setActive] = useState(false);
  const [message, setMessage] = useState('');
  const [progress, setProgress] = useState<QueueProgress | null>(null);
  const handle = useRef<RunQueueHandle | null>(null);
  const createApiRef = useLatest(createApi);
  const onStartRef = useLatest(onStart);

  const stop = useCallback(() => handle.current?.stop(), []);

  const start = useCallback(
    (specs: S[]) => {
      handle.current?.stop();
      const states: RunState<S>[] = specs.map((spec) => ({ spec, phase: 'waiting', step: 0, totalSteps: 0, history: [], problem: null }));
      const knownTotals = new Map<number, number>();
      const stepsByRun = new Map<number, number>();
      const startedAt = performance.now();
      let runsDone = 0;
      const update = (index: number, change: Partial<RunState<S>>) => {
        states[index] = { ...states[index], ...change };
      };
      const publish = () => {
        setRuns([...states]);
        setProgress(queueProgress({ runsTotal: specs.length, knownTotals, stepsByRun, runsDone, elapsedMs: performance.now() - startedAt }));
      };
      setActive(true);
      setMessage('Starting a training worker for the comparison…');
      publish();
      onStartRef.current?.(stop);
      const queue = runQueue(() => createApiRef.current(), specs, (event) => {
        switch (event.type) {
          case 'run-started':
            update(event.index, { phase: 'running' });
            break;
          case 'run-progress':
            update(event.index, { step: event.step, totalSteps: event.totalSteps, history: event.history });
            knownTotals.set(event.index, event.totalSteps);
            stepsByRun.set(event.index, event.step);
            setMessage('');
            break;
          case 'run-finished':
            runsDone += 1;
            update(event.index, {
              phase: 'finished', step: event.step, totalSteps: event.totalSteps, history: event.history, problem: event.diverged,
            });
            break;
          case 'run-failed':
            runsDone += 1;
            update(event.index, { phase: 'failed', problem: event.message });
            stepsByRun.set(event.index, knownTotals.get(event.index) ?? 0);
            break;
          case 'status':
            setMessage(event.message);
            break;
          case 'done':
            for (const [i, s] of states.entries()) if (s.phase === 'running' || s.phase === 'waiting') update(i, { phase: 'stopped' });
            setActive(false);
            setMessage(event.stopped ? `Stopped: ${event.finished} of ${specs.length} runs finished and kept.` : '');
            if (handle.current === queue) handle.current = null;
            break;
        }
        publish();
      });
      handle.current = queue;
    },
    [stop, createApiRef, onStartRef],
  );

  useEffect(() => () => handle.current?.stop(), []);
  return { runs, active, message, progress, start, stop };
}
