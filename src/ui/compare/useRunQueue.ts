import { useCallback, useEffect, useRef, useState } from 'react';
import type { EvalPoint, GateLayerView } from '../../engine/training/snapshot';
import type { LabApi } from '../../lab/labApi';
import { queueProgress, type QueueProgress } from '../../lab/runner/progress';
import { runQueue, type RunnerEvent, type RunQueueHandle, type RunSpec } from '../../lab/runner/runQueue';
import type { QueueClaim } from '../../lab/runner/queueJournal';
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
  /** Its latest gates and backend: a finished run's end state, drawn without training it again. */
  gates: GateLayerView[] | null;
  backend: string | null;
}

export interface RunQueueState<S extends RunSpec> {
  runs: RunState<S>[];
  active: boolean;
  /** The worker's own words while it loads data or picks a backend. */
  message: string;
  progress: QueueProgress | null;
  /** Trains the specs; with `resume`, only the runs it lists, the others shown as they finished before. */
  start: (specs: S[], resume?: QueueResume<S>) => void;
  stop: () => void;
  /** Show runs kept from before (a reload), of a queue of `runsTotal`: only if no queue started here. */
  restore: (runs: RunState<S>[], runsTotal: number, message: string) => void;
  /**
   * Show a kept group the user asked for (Runs' "Open in Compare") in place of what the section
   * shows; false, and nothing changed, while a queue trains here.
   */
  show: (runs: RunState<S>[], runsTotal: number, message: string) => boolean;
}

/** A queue cut short (a reload) that trains on: what the runs that finished left, and what is left to train. */
export interface QueueResume<S extends RunSpec> {
  /** By the specs' order: a run that finished before, as it ended; null for a run to train. */
  done: (RunState<S> | null)[];
  /** The runs to train, in order. */
  todo: number[];
  /** Handed to the recorder: the group to join and the records to replace (lab/runner/savedQueue.ts). */
  keep: ResumeKeep;
}

export interface ResumeKeep {
  groupId: string;
  name: string;
  replace: (string | null)[];
  /** The queue's lock in the journal, held by this tab while it trains (lab/runner/queueJournal.ts). */
  claim?: QueueClaim;
}

/** Keeps a queue's runs (lab/history/groupRecorder.ts): given the specs, a listener for the queue's events. */
export type QueueRecorder<S extends RunSpec> = (specs: S[], resume?: ResumeKeep) => (event: RunnerEvent) => void;

/** A queue of runs on its own worker, as React state; stopping keeps finished runs. */
export function useRunQueue<S extends RunSpec>(createApi: () => LabApi, onStart?: (stop: () => void) => void, record?: QueueRecorder<S>): RunQueueState<S> {
  const [runs, setRuns] = useState<RunState<S>[]>([]);
  const [active, setActive] = useState(false);
  const [message, setMessage] = useState('');
  const [progress, setProgress] = useState<QueueProgress | null>(null);
  const handle = useRef<RunQueueHandle | null>(null);
  const startedRef = useRef(false);
  const createApiRef = useLatest(createApi);
  const onStartRef = useLatest(onStart);
  const recordRef = useLatest(record);

  const stop = useCallback(() => handle.current?.stop(), []);

  const start = useCallback(
    (specs: S[], resume?: QueueResume<S>) => {
      handle.current?.stop();
      startedRef.current = true;
      const states: RunState<S>[] = specs.map(
        (spec, i) => resume?.done[i] ?? { spec, phase: 'waiting', step: 0, totalSteps: 0, history: [], problem: null, gates: null, backend: null },
      );
      const knownTotals = new Map<number, number>();
      const stepsByRun = new Map<number, number>();
      for (const [i, s] of states.entries()) {
        if (s.phase !== 'finished') continue;
        knownTotals.set(i, s.totalSteps);
        stepsByRun.set(i, s.step);
      }
      const finishedBefore = stepsByRun.size;
      const stepsBefore = [...stepsByRun.values()].reduce((sum, steps) => sum + steps, 0);
      const startedAt = performance.now();
      let runsDone = finishedBefore;
      const update = (index: number, change: Partial<RunState<S>>) => {
        states[index] = { ...states[index], ...change };
      };
      const publish = () => {
        setRuns([...states]);
        setProgress(queueProgress({ runsTotal: specs.length, knownTotals, stepsByRun, runsDone, elapsedMs: performance.now() - startedAt, stepsBefore }));
      };
      setActive(true);
      setMessage(resume ? `Resuming: ${finishedBefore} of ${specs.length} runs finished before; training the other ${specs.length - finishedBefore}…` : 'Starting a training worker for the comparison…');
      publish();
      onStartRef.current?.(stop);
      const keep = recordRef.current?.(specs, resume?.keep);
      const queue = runQueue(() => createApiRef.current(), specs, (event) => {
        keep?.(event);
        switch (event.type) {
          case 'run-started':
            update(event.index, { phase: 'running' });
            break;
          case 'run-progress':
            update(event.index, { step: event.step, totalSteps: event.totalSteps, history: event.history, gates: event.gates, backend: event.backend });
            knownTotals.set(event.index, event.totalSteps);
            stepsByRun.set(event.index, event.step);
            setMessage('');
            break;
          case 'run-finished':
            runsDone += 1;
            update(event.index, {
              phase: 'finished', step: event.step, totalSteps: event.totalSteps, history: event.history, problem: event.diverged, gates: event.gates, backend: event.backend,
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
            setMessage(event.stopped ? `Stopped: ${finishedBefore + event.finished} of ${specs.length} runs finished and kept.` : '');
            if (handle.current === queue) handle.current = null;
            break;
        }
        publish();
      }, resume?.todo);
      handle.current = queue;
    },
    [stop, createApiRef, onStartRef, recordRef],
  );

  const showKept = useCallback((kept: RunState<S>[], runsTotal: number, note: string) => {
    const knownTotals = new Map(kept.map((r, i) => [i, r.totalSteps]));
    const stepsByRun = new Map(kept.map((r, i) => [i, r.step]));
    const runsDone = kept.filter((r) => r.phase === 'finished').length;
    setRuns(kept);
    setMessage(note);
    setProgress(queueProgress({ runsTotal: Math.max(runsTotal, kept.length), knownTotals, stepsByRun, runsDone, elapsedMs: 0 }));
  }, []);
  const restore = useCallback(
    (kept: RunState<S>[], runsTotal: number, note: string) => {
      // Runs started (or asked for) here since the page opened win over runs kept from before.
      if (!startedRef.current) showKept(kept, runsTotal, note);
    },
    [showKept],
  );
  const show = useCallback(
    (kept: RunState<S>[], runsTotal: number, note: string) => {
      if (handle.current) return false;
      startedRef.current = true;
      showKept(kept, runsTotal, note);
      return true;
    },
    [showKept],
  );

  useEffect(() => () => handle.current?.stop(), []);
  return { runs, active, message, progress, start, stop, restore, show };
}
