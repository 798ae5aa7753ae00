/**
 * The lab as a user runs it, in this page: the real App (live panels) on the real training worker,
 * forced to one backend, prior on. Throughput comes from the step counter of the snapshots the
 * panels receive; long tasks from the browser's own records. The bare loop runs in the bench's
 * worker in the pauses between lab phases (measure/interleaved.ts says why).
 */
import { benchConfig } from '../measure/engineThroughput';
import { interleavedRatios, phaseRate } from '../measure/interleaved';
import { planPhases } from '../measure/phasePlan';
import type { ModelName } from '../types';
import { longTasksBetween, type LongTaskRecorder } from './longTasks';
import { mountLab, wait } from './mountedLab';

export interface LabRunResult {
  /** Lab examples/s per phase (null: too few snapshots in it), or why there are none. */
  lab: (number | null)[];
  /** Bare-loop examples/s per phase by its median step (one more phase than the lab), null where it failed. */
  bare: (number | null)[];
  /**
   * Bare-loop examples/s per phase by its throughput: all its timed steps over their summed time, as
   * the lab's phases are measured (absent in results from before it was recorded).
   */
  bareThroughput?: (number | null)[];
  /** Each lab phase over the mean of the bare phases' median steps around it. */
  ratios: number[];
  /** Each lab phase over the mean of the bare phases' throughputs around it: like with like, the rule's ratio. */
  throughputRatios?: number[];
  reason?: string;
  bareReason?: string;
  /** Which convolution the bare loop used. */
  bareConv?: string;
  /** Summed over the lab phases. */
  longTasks: { count: number; totalMs: number; longestMs: number; seconds: number } | null;
  backend: string | null;
  /** The phases after the first bare phase (measure/phasePlan.ts), and the step time they were sized from. */
  plan?: { rounds: number; phaseMs: number; stepMs: number };
}

/**
 * One bare-loop phase of about `ms`: examples/s by its median step (`rate`) and by its throughput
 * (its timed steps over their summed time), or why not.
 */
export type BarePhase = (ms: number) => Promise<{ rate: number; throughput?: number | null; conv?: string; steps?: number } | { reason: string }>;

/**
 * Training before the first phase, after the first step (which on WebGPU compiles the shaders). The
 * pause then lets the step in flight finish, so at least one whole step follows the first; and a
 * phase's rate starts at its first snapshot, so its own first step is never counted either.
 */
export const WARM_UP_MS = 1500;
/**
 * ...and, where steps are fast enough, past the first evaluation: its first run compiles the
 * programs for the evaluation's batch shape (seconds on a software GPU), once per session.
 */
export const FIRST_EVALUATION_WAIT_MS = 10_000;
/** After the pause has landed, let the page draw the last snapshot before the bare loop takes the machine. */
export const SETTLE_MS = 300;

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
  const started = performance.now();
  const lab = mountLab(config, backend, 'app');
  const { marks } = lab;
  const result: LabRunResult = { lab: [], bare: [], bareThroughput: [], ratios: [], throughputRatios: [], longTasks: null, backend: null };
  const elapsed = () => performance.now() - started;
  const overBudget = () => elapsed() > limitMs;
  const runBare = async (ms: number) => {
    const phase = await barePhase(ms);
    if ('reason' in phase) {
      result.bare.push(null);
      result.bareThroughput?.push(null);
      result.bareReason ??= phase.reason;
    } else {
      result.bare.push(phase.rate);
      result.bareThroughput?.push(phase.throughput ?? null);
      result.bareConv = phase.conv;
    }
  };
  const seconds = (ms: number) => `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
  try {
    while (!marks.some((m) => m.step >= 1) && lab.error() === null && !overBudget()) await wait(50);
    const firstStep = marks.find((m) => m.step >= 1);
    if (lab.error() !== null || !firstStep) {
      return { ...result, reason: lab.error() ?? 'no training step within the time budget', backend: lab.backend() };
    }
    await wait(WARM_UP_MS);
    const evaluationWaitEnds = performance.now() + FIRST_EVALUATION_WAIT_MS;
    while (!lab.evaluated() && lab.error() === null && performance.now() < evaluationWaitEnds) await wait(50);
    const warmedUp = await lab.pauseAndLand(Math.max(5000, 2 * (firstStep.t - started)));
    const labRate = phaseRate(marks, firstStep.t, warmedUp, 1); // steps/s after the first step
    await wait(SETTLE_MS);
    await runBare(phases.phaseMs);

    // The phases from here on hold several steps of the slower of the two, and as many rounds as fit.
    const bareRate = result.bare[0];
    const stepMs = Math.max(bareRate ? (batch * 1000) / bareRate : 0, labRate ? 1000 / labRate : 0);
    const left = limitMs - elapsed();
    const plan = planPhases(stepMs, phases, left, SETTLE_MS);
    result.plan = { rounds: plan.rounds, phaseMs: plan.phaseMs, stepMs };
    if (plan.rounds === 0) {
      result.backend = lab.backend();
      result.reason = `a step takes ${seconds(stepMs)}: one round of ${seconds(plan.phaseMs)} phases (up to ${seconds(plan.roundMs)}) does not fit the ${seconds(Math.max(left, 0))} left of the ${seconds(limitMs)} budget`;
      return result;
    }
    const long = { count: 0, totalMs: 0, longestMs: 0, seconds: 0 };
    for (let round = 0; round < plan.rounds && !overBudget(); round++) {
      lab.play();
      const from = performance.now();
      await wait(plan.phaseMs);
      const to = await lab.pauseAndLand(Math.max(5000, 2 * stepMs + 2000));
      result.lab.push(phaseRate(marks, from, to, batch));
      const tasks = longTasksBetween(recorder, from, to);
      long.count += tasks.count;
      long.totalMs += tasks.totalMs;
      long.longestMs = Math.max(long.longestMs, tasks.longestMs);
      long.seconds += tasks.seconds;
      await wait(SETTLE_MS);
      await runBare(plan.phaseMs);
    }
    result.ratios = interleavedRatios(result.lab, result.bare);
    result.throughputRatios = interleavedRatios(result.lab, result.bareThroughput ?? []);
    result.longTasks = long;
    result.backend = lab.backend();
    if (result.lab.length === 0) result.reason = 'the time budget ran out before the first lab phase';
    else if (result.lab.every((r) => r === null)) {
      result.reason = `no lab phase of ${seconds(plan.phaseMs)} (${result.lab.length} run, sized from a step of ${seconds(stepMs)}) held two snapshots with steps between them`;
    }
    return result;
  } finally {
    lab.dispose();
  }
}
