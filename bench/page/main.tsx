/**
 * The benchmark page: everything measured on one backend, in order of importance, within a time
 * budget. bench/run.ts opens it once per backend (?backend=wasm&budget=120) and reads
 * window.__bench when `done` (or whatever is there when the budget is gone).
 */
import '../../src/ui/styles.css';
import type { ModelName } from '../types';
import type { StepBudget } from '../measure/stepBudget';
import { runLab, type BarePhase, type LabRunResult } from './labRun';
import { runLateLab } from './lateLabRun';
import { phaseThroughput, throughputOf } from '../stats';
import type { BenchReply, BenchTask, PageResult, StepsOutcome } from './protocol';
import { recordLongTasks } from './longTasks';
import { WorkerRunner } from './workerRunner';

declare global {
  interface Window {
    __bench?: PageResult;
    /** ?drive=1: bench/run.ts asks for one measurement at a time (interleaved with PyTorch's). */
    __benchDrive?: (task: BenchTask, limitMs: number) => Promise<BenchReply>;
  }
}

const params = new URLSearchParams(location.search);
const backend = params.get('backend') ?? 'wasm';
const budgetMs = Number(params.get('budget') ?? '120') * 1000;
const labSeconds = Number(params.get('labSeconds') ?? '10');
const slow = params.get('slow') === '1';
/** ?models=mlp measures one model only (for quick comparisons by hand); the full run measures both. */
const models = (params.get('models') ?? 'mlp,cnn').split(',').filter((m): m is ModelName => m === 'mlp' || m === 'cnn');
const deadline = performance.now() + budgetMs;
const recorder = recordLongTasks();
const result: PageResult = { backend, started: false, detail: '', engine: [], lab: [], analysis: null, done: false };
window.__bench = result;

const log = (line: string) => {
  const el = document.getElementById('bench-log');
  if (el) el.textContent += `${Math.round(performance.now())} ms  ${line}\n`;
};
const remaining = () => deadline - performance.now();
/** Slow (software GPU, plain JS) backends get fewer steps; every task gets at most this share of what is left. */
const steps: StepBudget = slow ? { warmUp: 1, maxSteps: 5, maxMs: 4000 } : { warmUp: 2, warmUpMs: 1000, maxSteps: 12, maxMs: 4000 };
const taskLimit = () => Math.min(remaining(), slow ? 45_000 : 30_000);
/** The lab's seconds split into alternating phases with the bare loop (one more bare phase than lab phases). */
const labPhases = { rounds: slow ? 3 : 4, phaseMs: (labSeconds * 1000) / (slow ? 3 : 4) };
/**
 * The most one lab measurement may take. Where a step takes seconds, its phases grow to hold several
 * steps and fewer rounds fit (measure/phasePlan.ts); bench/run.ts gives those backends more here.
 */
const labBudgetMs = Number(params.get('labBudget') ?? (slow ? '45' : '40')) * 1000;

/** Starts the bench worker on the page's backend and records whether it started; null if it did not. */
async function startRunner(timeoutMs: number, threads?: boolean, label = ''): Promise<WorkerRunner | null> {
  const runner = new WorkerRunner();
  const init = await runner.init(backend, timeoutMs, threads);
  result.started = init.ok;
  result.detail = init.ok ? (init.kind === 'init' ? init.detail : '') : init.reason;
  log(`${backend}${label}: ${result.detail}`);
  return init.ok ? runner : null;
}

async function main(): Promise<void> {
  const runner = await startRunner(Math.min(remaining(), 30_000));
  if (!runner) return;

  const measureSteps = async (model: ModelName, batch: number) => {
    const outcome: StepsOutcome = { model, batch, stepMs: [] };
    if (remaining() <= 0) outcome.reason = 'time budget used up before this measurement';
    else {
      const reply = await runner.run({ kind: 'engine', model, batch, budget: steps }, taskLimit());
      if (!reply.ok) outcome.reason = reply.reason;
      else if (reply.kind === 'engine') outcome.stepMs = reply.stepMs;
    }
    result.engine.push(outcome);
    log(`engine ${model} ${batch}: ${outcome.reason ?? outcome.stepMs.map((t) => t.toFixed(0)).join(' ')} ms`);
  };
  const measureLab = async (model: ModelName, batch: number) => {
    const lab: LabRunResult =
      remaining() <= 0
        ? { lab: [], bare: [], bareThroughput: [], ratios: [], throughputRatios: [], reason: 'time budget used up before this measurement', longTasks: null, backend: null }
        : await runLab(model, batch, backend, labPhases, Math.min(remaining(), labBudgetMs), recorder, barePhase(runner, model, batch));
    result.lab.push({ ...lab, model, batch });
    const rates = (xs: (number | null)[]) => xs.map((r) => (r === null ? '-' : r.toFixed(0))).join(' ');
    const plan = lab.plan ? `${lab.plan.rounds} × ${(lab.plan.phaseMs / 1000).toFixed(1)} s phases (step ${(lab.plan.stepMs / 1000).toFixed(2)} s)` : 'no plan';
    log(`lab ${model} ${batch}: ${plan}; ${lab.reason ?? `lab ${rates(lab.lab)}, bare ${rates(lab.bare)} (median step), ${rates(lab.bareThroughput ?? [])} (throughput) ex/s`}, long tasks ${JSON.stringify(lab.longTasks)}`);
  };

  for (const model of models) {
    await measureSteps(model, 64);
    await measureLab(model, 64);
  }
  for (const model of models) await measureSteps(model, 256);
  if (params.get('analysis') === '1') {
    const reply = await runner.run({ kind: 'analysis' }, Math.max(taskLimit(), 20_000));
    if (reply.ok && reply.kind === 'analysis') result.analysis = reply.samples;
    else result.analysisReason = reply.ok ? 'unexpected reply' : reply.reason;
    log(`analysis: ${JSON.stringify(result.analysis ?? result.analysisReason)}`);
  }
  runner.dispose();
}

/**
 * The bench worker runs the bare loop only while the lab is paused: one of them computes at a time.
 * A phase gives two figures: its median step (`rate`, the figure the bench has always printed) and its
 * throughput (all timed steps over their summed time), which is how a lab phase is measured.
 */
const barePhase = (runner: WorkerRunner, model: ModelName, batch: number): BarePhase => async (ms) => {
  const reply = await runner.run({ kind: 'bare', model, batch, budget: { warmUp: 1, maxSteps: 100_000, maxMs: ms } }, ms + taskLimit());
  if (!reply.ok) return { reason: reply.reason };
  if (reply.kind !== 'bare') return { reason: 'unexpected reply' };
  const rate = throughputOf(reply.stepMs, batch)?.median;
  // Its steps: the timed ones and the one warm-up step.
  return rate ? { rate, throughput: phaseThroughput(reply.stepMs, batch), conv: reply.conv, steps: reply.stepMs.length + 1 } : { reason: 'no timed step' };
};

/**
 * ?mode=late: the lab against the bare loop early and late in one run (lateLabRun.tsx), the MLP at
 * batch 64; ?earlyStart and ?lateOffset (steps), ?lateRounds and ?latePhase (seconds) size it, ?budget bounds it.
 */
async function late(): Promise<void> {
  const runner = await startRunner(Math.min(remaining(), 30_000));
  if (!runner) return;
  const plan = {
    rounds: Number(params.get('lateRounds') ?? '6'),
    phaseMs: Number(params.get('latePhase') ?? '1.5') * 1000,
    earlyStart: Number(params.get('earlyStart') ?? '350'),
    lateOffset: Number(params.get('lateOffset') ?? '19500'),
    limitMs: remaining(),
  };
  const late = await runLateLab('mlp', 64, backend, plan, recorder, barePhase(runner, 'mlp', 64));
  result.late = late;
  const rates = (xs: (number | null)[]) => xs.map((r) => (r === null ? '-' : r.toFixed(0))).join(' ');
  for (const [name, block] of [['early', late.early], ['late', late.late]] as const) {
    if (block) log(`${name}: steps ${block.steps?.first ?? '?'}–${block.steps?.last ?? '?'}, lab ${rates(block.lab)}, bare ${rates(block.bare)} ex/s, ${block.snapshotsPerSecond?.toFixed(1) ?? '?'} snapshots/s, ${block.chartPoints} chart points, long tasks ${JSON.stringify(block.longTasks)}`);
  }
  log(`between: ${JSON.stringify(late.between)}${late.reason ? `; ${late.reason}` : ''}`);
  runner.dispose();
}

/** Driven mode: the worker started on the backend, then whatever bench/run.ts sends, one task at a time. */
async function drive(): Promise<void> {
  const runner = await startRunner(30_000, params.get('threads') === '1', ' (driven)');
  if (runner) window.__benchDrive = (task, limitMs) => runner.run(task, limitMs);
}

/** ?mode=draw: the page's cost of drawing recorded snapshots, driven by bench/drawCost.ts (drawCost.tsx). */
async function draw(): Promise<void> {
  const { installDrawCost } = await import('./drawCost');
  installDrawCost();
}

(params.get('drive') === '1' ? drive() : params.get('mode') === 'late' ? late() : params.get('mode') === 'draw' ? draw() : main())
  .catch((error: unknown) => log(`failed: ${error instanceof Error ? error.message : String(error)}`))
  .finally(() => {
    result.done = true;
    log('done');
  });
