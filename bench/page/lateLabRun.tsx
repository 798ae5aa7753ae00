/**
 * The lab against the bare loop early and late in one run: the lab as index.html opens it (SharedLab:
 * live panels, chart history, the runs panel, every run recorded in IndexedDB with its evaluation
 * log) trains one run; a block of alternating phases (bare, lab, bare, …, as in labRun.tsx) is
 * measured early in the run, then the lab trains on alone, every panel live, until the run is
 * `lateOffset` steps further, and the same block is measured again. The bare loop is the same fresh
 * loop in both blocks, so late / early of the ratio says whether the lab slows down as its run grows.
 */
import type { ExperimentConfig } from '../../src/engine/config/types';
import { benchConfig } from '../measure/engineThroughput';
import { interleavedRatios, playedRate } from '../measure/interleaved';
import { snapshotsInside, snapshotsPerSecond, stepRange, type PhaseWindow } from '../measure/phaseWindows';
import type { ModelName } from '../types';
import { FIRST_EVALUATION_WAIT_MS, SETTLE_MS, WARM_UP_MS, type BarePhase } from './labRun';
import { longTasksBetween, type LongTaskRecorder } from './longTasks';
import { mountLab, wait, type MountedLab } from './mountedLab';

export interface LateBlock {
  /** Lab examples/s per phase, from its play to its landed pause (measure/interleaved.ts playedRate; null: no step). */
  lab: (number | null)[];
  /** Bare-loop examples/s per phase (one more than the lab's), null where it failed. */
  bare: (number | null)[];
  /** Each lab phase over the mean of the bare phases around it. */
  ratios: number[];
  bareReason?: string;
  /** The run's steps at the first and last snapshot inside the lab phases. */
  steps: { first: number; last: number } | null;
  /** Snapshots the page received in the lab phases, and per second of them. */
  snapshots: number;
  snapshotsPerSecond: number | null;
  /** Evaluations in the charts and in the run's record at the block's end. */
  chartPoints: number;
  recordPoints: number | null;
  /**
   * The page's main thread during the lab phases, summed (Chromium's Performance.getMetrics through
   * bench/lateRatio.ts; null where the page was opened without it): CPU time of the thread, and the
   * time its tasks, scripts and style/layout took.
   */
  mainThread: PageWork | null;
  /**
   * CPU per step, unmoved by how much of the machine other jobs take: the renderer process's CPU
   * time (ProcessTime) over the steps trained, in the lab phases (page, panels and training worker;
   * the bench worker idle) and in the bare phases (the bench worker; the lab paused). null without the metrics.
   */
  cpuPerStep: { lab: number; bare: number } | null;
  /** Main-thread long tasks (> 50 ms) during the lab phases. */
  longTasks: { count: number; totalMs: number; longestMs: number; seconds: number };
  /** From the first pause to the last bare phase's end. */
  seconds: number;
}

export interface PageWork {
  /** CPU time of the whole renderer process: the page, the training worker, the bench worker. */
  processMs: number;
  cpuMs: number;
  taskMs: number;
  scriptMs: number;
  layoutMs: number;
}

declare global {
  interface Window {
    /** Set by bench/lateRatio.ts: the page's Performance.getMetrics (values in seconds). */
    __benchPageMetrics?: () => Promise<Record<string, number>>;
  }
}

/** The page's main-thread work so far, or null without the metrics. */
async function pageWork(): Promise<PageWork | null> {
  const m = await window.__benchPageMetrics?.().catch(() => null);
  if (!m) return null;
  return { processMs: 1000 * (m.ProcessTime ?? 0), cpuMs: 1000 * (m.ThreadTime ?? 0), taskMs: 1000 * (m.TaskDuration ?? 0), scriptMs: 1000 * (m.ScriptDuration ?? 0), layoutMs: 1000 * ((m.LayoutDuration ?? 0) + (m.RecalcStyleDuration ?? 0)) };
}

export interface LateLabResult {
  model: ModelName;
  batch: number;
  /** The run, in words: dataset, model, batch, evaluations, prior. */
  run: string;
  backend: string | null;
  rounds: number;
  phaseMs: number;
  /** The step the early block waits for, and the steps from the early block's first to where the late block starts. */
  earlyStart: number;
  lateOffset: number;
  early: LateBlock | null;
  late: LateBlock | null;
  /** The lab alone between the blocks: steps trained and seconds. */
  between: { steps: number; seconds: number } | null;
  reason?: string;
}

export interface LatePlan {
  rounds: number;
  phaseMs: number;
  earlyStart: number;
  lateOffset: number;
  limitMs: number;
}

export async function runLateLab(model: ModelName, batch: number, backend: string, plan: LatePlan, recorder: LongTaskRecorder, barePhase: BarePhase): Promise<LateLabResult> {
  const config = benchConfig(model, batch);
  config.dataset.trainSize = 10_000;
  const started = performance.now();
  const deadline = started + plan.limitMs;
  const result: LateLabResult = { model, batch, run: describeRun(config), backend: null, rounds: plan.rounds, phaseMs: plan.phaseMs, earlyStart: plan.earlyStart, lateOffset: plan.lateOffset, early: null, late: null, between: null };
  const lab = mountLab(config, backend, 'shared');
  try {
    while (lab.step() < 1 && lab.error() === null && performance.now() < deadline) await wait(50);
    if (lab.error() !== null || lab.step() < 1) return { ...result, reason: lab.error() ?? 'no training step within the time budget' };
    await wait(WARM_UP_MS);
    const evaluationWaitEnds = performance.now() + FIRST_EVALUATION_WAIT_MS;
    while (!lab.evaluated() && lab.error() === null && performance.now() < evaluationWaitEnds) await wait(50);
    while (lab.step() < plan.earlyStart && lab.error() === null && performance.now() < deadline) await wait(50);

    result.early = await measureBlock(lab, plan, batch, recorder, barePhase);
    result.backend = lab.backend();
    const target = (result.early.steps?.first ?? lab.step()) + plan.lateOffset;
    // Leave the late block as long as the early one took, with room to spare.
    const trainUntil = deadline - 1.5 * result.early.seconds * 1000;
    const from = { t: performance.now(), step: lab.step() };
    lab.play();
    while (lab.step() < target && lab.error() === null && performance.now() < trainUntil) await wait(200);
    if (lab.error() !== null) return { ...result, reason: lab.error() ?? '' };
    result.between = { steps: lab.step() - from.step, seconds: (performance.now() - from.t) / 1000 };
    if (lab.step() < target) result.reason = `the lab reached step ${lab.step().toLocaleString('en-US')}, not ${target.toLocaleString('en-US')}, within the time budget`;
    result.late = await measureBlock(lab, plan, batch, recorder, barePhase);
    return result;
  } finally {
    lab.dispose();
  }
}

/** bare, lab, bare, …, bare: `plan.rounds` lab phases, each held to the bare phases around it. */
async function measureBlock(lab: MountedLab, plan: LatePlan, batch: number, recorder: LongTaskRecorder, barePhase: BarePhase): Promise<LateBlock> {
  const block: LateBlock = { lab: [], bare: [], ratios: [], steps: null, snapshots: 0, snapshotsPerSecond: null, chartPoints: 0, recordPoints: null, mainThread: null, cpuPerStep: null, longTasks: { count: 0, totalMs: 0, longestMs: 0, seconds: 0 }, seconds: 0 };
  const cpu = { lab: 0, labSteps: 0, bare: 0, bareSteps: 0, measured: true };
  const runBare = async () => {
    const before = await pageWork();
    const phase = await barePhase(plan.phaseMs);
    const after = await pageWork();
    if ('reason' in phase) {
      block.bare.push(null);
      block.bareReason ??= phase.reason;
    } else {
      block.bare.push(phase.rate);
      if (before && after && phase.steps) {
        cpu.bare += after.processMs - before.processMs;
        cpu.bareSteps += phase.steps;
      } else cpu.measured = false;
    }
  };
  const windows: PhaseWindow[] = [];
  const begun = await lab.pauseAndLand(5000);
  await wait(SETTLE_MS);
  await runBare();
  for (let round = 0; round < plan.rounds && lab.error() === null; round++) {
    const workBefore = await pageWork();
    const played = { t: performance.now(), step: lab.step() };
    lab.play();
    const from = played.t;
    await wait(plan.phaseMs);
    const to = await lab.pauseAndLand(5000);
    windows.push({ from, to });
    const workAfter = await pageWork();
    if (workBefore && workAfter) {
      const sum = block.mainThread ?? { processMs: 0, cpuMs: 0, taskMs: 0, scriptMs: 0, layoutMs: 0 };
      for (const key of ['processMs', 'cpuMs', 'taskMs', 'scriptMs', 'layoutMs'] as const) sum[key] += workAfter[key] - workBefore[key];
      block.mainThread = sum;
      cpu.lab += workAfter.processMs - workBefore.processMs;
      cpu.labSteps += lab.step() - played.step;
    } else cpu.measured = false;
    block.lab.push(playedRate(lab.marks, played, to, batch));
    const tasks = longTasksBetween(recorder, from, to);
    block.longTasks.count += tasks.count;
    block.longTasks.totalMs += tasks.totalMs;
    block.longTasks.longestMs = Math.max(block.longTasks.longestMs, tasks.longestMs);
    block.longTasks.seconds += tasks.seconds;
    await wait(SETTLE_MS);
    await runBare();
  }
  block.ratios = interleavedRatios(block.lab, block.bare);
  if (cpu.measured && cpu.labSteps > 0 && cpu.bareSteps > 0) block.cpuPerStep = { lab: cpu.lab / cpu.labSteps, bare: cpu.bare / cpu.bareSteps };
  block.steps = stepRange(lab.marks, windows);
  block.snapshots = snapshotsInside(lab.marks, windows);
  block.snapshotsPerSecond = snapshotsPerSecond(lab.marks, windows);
  block.chartPoints = lab.chartPoints();
  block.recordPoints = lab.recordPoints();
  block.seconds = (performance.now() - begun) / 1000;
  return block;
}

function describeRun(config: ExperimentConfig): string {
  const model = config.model.kind === 'mlp' ? `MLP 784-${config.model.hidden.join('-')}-10` : `CNN ${config.model.conv.map((c) => c.channels).join('-')}`;
  return `${config.dataset.kind}, ${model}, batch ${config.training.batchSize}, ${config.optimizer.kind} ${config.optimizer.learningRate}, prior λ = ${config.prior.lambda}, an evaluation every ${config.evalEvery} steps`;
}
