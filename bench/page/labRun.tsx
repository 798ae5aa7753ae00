/**
 * The lab as a user runs it, in this page: the real App (live panels) on the real training worker,
 * forced to one backend, prior on. Throughput comes from the step counter of the snapshots the
 * panels receive, per window of at least a second; long tasks from the browser's own records.
 */
import { createRoot } from 'react-dom/client';
import { App } from '../../src/ui/App';
import { createLabClient } from '../../src/worker/labClient';
import { benchConfig } from '../measure/engineThroughput';
import type { ModelName } from '../types';
import { longTasksBetween, type LongTaskRecorder } from './longTasks';

export interface LabRunResult {
  /** examples/s per window, or why there are none. */
  windows: number[];
  reason?: string;
  longTasks: { count: number; totalMs: number; longestMs: number; seconds: number } | null;
  backend: string | null;
}

const WARM_UP_MS = 1500;
const WINDOW_MS = 1000;

export async function runLab(model: ModelName, batch: number, backend: string, seconds: number, limitMs: number, recorder: LongTaskRecorder): Promise<LabRunResult> {
  const config = benchConfig(model, batch);
  config.dataset.trainSize = 10_000;
  const api = createLabClient({ backend });
  const marks: { t: number; step: number }[] = [];
  let error: string | null = null;
  let usedBackend: string | null = null;
  api.subscribe((event) => {
    if (event.type === 'snapshot') {
      marks.push({ t: performance.now(), step: event.snapshot.step });
      usedBackend = event.snapshot.backend.name;
    } else if (event.type === 'error') error ??= event.message;
  });
  const container = document.createElement('div');
  document.getElementById('root')?.append(container);
  const root = createRoot(container);
  const started = performance.now();
  const until = (done: () => boolean, ms: number) =>
    new Promise<boolean>((resolve) => {
      const poll = () => (done() ? resolve(true) : performance.now() - started > limitMs || performance.now() > ms ? resolve(false) : setTimeout(poll, 50));
      poll();
    });
  try {
    root.render(<App api={api} autoPlay initialConfig={config} />);
    const firstStep = () => marks.find((m) => m.step >= 1);
    if (!(await until(() => firstStep() !== undefined || error !== null, Infinity)) || error) {
      return { windows: [], reason: error ?? 'no training step within the time budget', longTasks: null, backend: usedBackend };
    }
    const from = (firstStep() as { t: number }).t + WARM_UP_MS;
    await until(() => false, from + seconds * 1000);
    const end = performance.now();
    const windows = windowRates(marks.filter((m) => m.t >= from), batch);
    const longTasks = longTasksBetween(recorder, (firstStep() as { t: number }).t, end);
    if (windows.length === 0) return { windows, reason: 'fewer than two snapshots after warm-up within the budget', longTasks, backend: usedBackend };
    return { windows, longTasks, backend: usedBackend };
  } finally {
    root.unmount();
    container.remove();
    api.dispose();
  }
}

/** examples/s between snapshots at least WINDOW_MS apart. */
export function windowRates(marks: { t: number; step: number }[], batch: number): number[] {
  const rates: number[] = [];
  let start = marks[0];
  for (const m of marks.slice(1)) {
    if (m.t - start.t >= WINDOW_MS && m.step > start.step) {
      rates.push(((m.step - start.step) * batch * 1000) / (m.t - start.t));
      start = m;
    }
  }
  if (rates.length === 0 && marks.length >= 2) {
    const last = marks[marks.length - 1];
    if (last.step > marks[0].step && last.t > marks[0].t) rates.push(((last.step - marks[0].step) * batch * 1000) / (last.t - marks[0].t));
  }
  return rates;
}
