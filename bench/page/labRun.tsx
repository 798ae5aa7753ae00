/**
 * The lab as a user runs it, in this page: the real App (live panels) on the real training worker,
 * forced to one backend, prior on. Throughput comes from the step counter of the snapshots the
 * panels receive; long tasks from the browser's own records. The bare loop runs in the bench's
 * worker in the pauses between lab phases (measure/interleaved.ts says why).
 */
import { createRoot } from 'react-dom/client';
import { App } from '../../src/ui/App';
import { createLabClient } from '../../src/worker/labClient';
import { benchConfig } from '../measure/engineThroughput';
import { interleavedRatios, phaseRate, type StepMark } from '../measure/interleaved';
import type { ModelName } from '../types';
import { longTasksBetween, type LongTaskRecorder } from './longTasks';

export interface LabRunResult {
  /** Lab examples/s per phase (null: too few snapshots in it), or why there are none. */
  lab: (number | null)[];
  /** Bare-loop examples/s per phase (one more phase than the lab), null where it failed. */
  bare: (number | null)[];
  /** Each lab phase over the mean of the bare phases around it. */
  ratios: number[];
  reason?: string;
  bareReason?: string;
  /** Which convolution the bare loop used. */
  bareConv?: string;
  /** Summed over the lab phases. */
  longTasks: { count: number; totalMs: number; longestMs: number; seconds: number } | null;
  backend: string | null;
}

/** One bare-loop phase of about `ms`: examples/s, or why not. */
export type BarePhase = (ms: number) => Promise<{ rate: number; conv?: string } | { reason: string }>;

const WARM_UP_MS = 1500;

export async function runLab(
  model: ModelName,
  batch: number,
  backend: string,
  phases: { rounds: number; phaseMs: number },
  limitMs: number,
  recorder: LongTaskRecorder,
  barePhase: BarePhase,
): Promise<LabRunResult> {
  const config = benchConfig(model, batch);
  config.dataset.trainSize = 10_000;
  const api = createLabClient({ backend });
  const marks: StepMark[] = [];
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
  const result: LabRunResult = { lab: [], bare: [], ratios: [], longTasks: null, backend: null };
  const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  const overBudget = () => performance.now() - started > limitMs;
  const runBare = async () => {
    const phase = await barePhase(phases.phaseMs);
    if ('reason' in phase) {
      result.bare.push(null);
      result.bareReason ??= phase.reason;
    } else {
      result.bare.push(phase.rate);
      result.bareConv = phase.conv;
    }
  };
  try {
    root.render(<App api={api} autoPlay initialConfig={config} />);
    while (!marks.some((m) => m.step >= 1) && error === null && !overBudget()) await wait(50);
    if (error !== null || !marks.some((m) => m.step >= 1)) {
      return { ...result, reason: error ?? 'no training step within the time budget', backend: usedBackend };
    }
    await wait(WARM_UP_MS);
    api.pause();
    const long = { count: 0, totalMs: 0, longestMs: 0, seconds: 0 };
    await runBare();
    for (let round = 0; round < phases.rounds && !overBudget(); round++) {
      api.play();
      const from = performance.now();
      await wait(phases.phaseMs);
      const to = performance.now();
      api.pause();
      result.lab.push(phaseRate(marks, from, to, batch));
      const tasks = longTasksBetween(recorder, from, to);
      long.count += tasks.count;
      long.totalMs += tasks.totalMs;
      long.longestMs = Math.max(long.longestMs, tasks.longestMs);
      long.seconds += tasks.seconds;
      await wait(300); // let the pause land before the bare loop takes the machine
      await runBare();
    }
    result.ratios = interleavedRatios(result.lab, result.bare);
    result.longTasks = long;
    result.backend = usedBackend;
    if (result.lab.every((r) => r === null)) result.reason = 'fewer than two snapshots in every lab phase within the budget';
    return result;
  } finally {
    root.unmount();
    container.remove();
    api.dispose();
  }
}
