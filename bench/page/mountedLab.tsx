/**
 * The lab mounted in the bench page on the real training worker, forced to one backend, with what a
 * measurement needs from it: the step and time of every snapshot the panels receive, and a pause that
 * waits until the worker has stopped (only one of lab and bare loop may compute at a time).
 *
 *   'app'     the App with its live panels (bench/page/labRun.tsx)
 *   'shared'  the lab as index.html opens it (SharedLab: the App, the runs panel, export), recording
 *             every run in IndexedDB with its evaluation log (bench/page/lateLabRun.tsx)
 */
import { createRoot } from 'react-dom/client';
import type { ExperimentConfig } from '../../src/engine/config/types';
import { ConfigStore } from '../../src/lab/configStore';
import { openEvaluationLog } from '../../src/lab/history/evaluationLog';
import { openRunStore } from '../../src/lab/history/openRunStore';
import { RunRecorder } from '../../src/lab/history/runRecorder';
import { App } from '../../src/ui/App';
import { SharedLab } from '../../src/ui/share/SharedLab';
import { createLabClient } from '../../src/worker/labClient';
import type { StepMark } from '../measure/interleaved';

export interface MountedLab {
  /** Every snapshot the page received: when, and at which step. */
  readonly marks: StepMark[];
  /** The first error the worker reported, or null. */
  error(): string | null;
  /** The backend the worker trains on, once a snapshot said. */
  backend(): string | null;
  /** A snapshot's history held an evaluation after step 0. */
  evaluated(): boolean;
  /** The step of the latest snapshot (-1 before the first). */
  step(): number;
  /** Evaluations in the charts' history of the latest snapshot. */
  chartPoints(): number;
  /** Evaluations in the run's record ('shared' only; null otherwise or before it starts). */
  recordPoints(): number | null;
  play(): void;
  /**
   * Pauses and waits (at most capMs) until the worker says it stopped: a pause lands after the step
   * in flight. Returns when it landed; its snapshot is then in `marks`.
   */
  pauseAndLand(capMs: number): Promise<number>;
  dispose(): void;
}

export const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function mountLab(config: ExperimentConfig, backend: string, kind: 'app' | 'shared'): MountedLab {
  const api = createLabClient({ backend });
  const marks: StepMark[] = [];
  let error: string | null = null;
  let usedBackend: string | null = null;
  let evaluated = false;
  let chartPoints = 0;
  let recorder: RunRecorder | null = null;
  /** Statuses that end a run of training: a pause has landed when one arrives after it was sent. */
  let stops = 0;
  const unsubscribe = api.subscribe((event) => {
    if (event.type === 'snapshot') {
      marks.push({ t: performance.now(), step: event.snapshot.step });
      usedBackend = event.snapshot.backend.name;
      evaluated ||= event.snapshot.history.some((point) => point.step > 0);
      chartPoints = event.snapshot.history.length;
    } else if (event.type === 'error') error ??= event.message;
    else if (event.type === 'status' && (event.status === 'paused' || event.status === 'finished' || event.status === 'error')) stops++;
  });
  const container = document.createElement('div');
  document.getElementById('root')?.append(container);
  const root = createRoot(container);
  if (kind === 'app') {
    root.render(<App store={new ConfigStore({ api, initialConfig: config })} autoPlay />);
  } else {
    const runs = openRunStore();
    recorder = new RunRecorder({ store: runs.store, evaluations: openEvaluationLog() });
    const store = new ConfigStore({ api, initialConfig: config, recorder });
    root.render(<SharedLab store={store} recorder={recorder} storageReady={runs.ready} linkIssues={[]} hidden={new Set()} origin={null} />);
  }
  return {
    marks,
    error: () => error,
    backend: () => usedBackend,
    evaluated: () => evaluated,
    step: () => marks[marks.length - 1]?.step ?? -1,
    chartPoints: () => chartPoints,
    recordPoints: () => recorder?.currentRun()?.history.length ?? null,
    play: () => api.play(),
    pauseAndLand: async (capMs) => {
      const seen = stops;
      api.pause();
      const until = performance.now() + capMs;
      while (stops === seen && error === null && performance.now() < until) await wait(20);
      return performance.now();
    },
    dispose: () => {
      unsubscribe();
      root.unmount();
      container.remove();
      api.dispose();
    },
  };
}
