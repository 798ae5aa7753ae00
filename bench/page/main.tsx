/**
 * The benchmark page: everything measured on one backend, in order of importance, within a time
 * budget. bench/run.ts opens it once per backend (?backend=wasm&budget=120) and reads
 * window.__bench when `done` (or whatever is there when the budget is gone).
 */
import '../../src/ui/styles.css';
import type { ModelName } from '../types';
import type { StepBudget } from '../measure/stepBudget';
import { runLab } from './labRun';
import type { PageResult, StepsOutcome } from './protocol';
import { recordLongTasks } from './longTasks';
import { WorkerRunner } from './workerRunner';

declare global {
  interface Window {
    __bench?: PageResult;
  }
}

const params = new URLSearchParams(location.search);
const backend = params.get('backend') ?? 'wasm';
const budgetMs = Number(params.get('budget') ?? '120') * 1000;
const labSeconds = Number(params.get('labSeconds') ?? '10');
const slow = params.get('slow') === '1';
const deadline = performance.now() + budgetMs;
const recorder = recordLongTasks();
const result: PageResult = { backend, started: false, detail: '', engine: [], bare: [], lab: [], analysis: null, done: false };
window.__bench = result;

const log = (line: string) => {
  const el = document.getElementById('bench-log');
  if (el) el.textContent += `${Math.round(performance.now())} ms  ${line}\n`;
};
const remaining = () => deadline - performance.now();
/** Slow (software GPU, plain JS) backends get fewer steps; every task gets at most this share of what is left. */
const steps: StepBudget = slow ? { warmUp: 1, maxSteps: 5, maxMs: 4000 } : { warmUp: 2, maxSteps: 12, maxMs: 4000 };
const taskLimit = () => Math.min(remaining(), slow ? 45_000 : 30_000);

async function main(): Promise<void> {
  const runner = new WorkerRunner();
  const init = await runner.init(backend, Math.min(remaining(), 30_000));
  result.started = init.ok;
  result.detail = init.ok ? (init.kind === 'init' ? init.detail : '') : init.reason;
  log(`${backend}: ${result.detail}`);
  if (!init.ok) return;

  const measureSteps = async (kind: 'engine' | 'bare', model: ModelName, batch: number) => {
    const outcome: StepsOutcome = { model, batch, stepMs: [] };
    if (remaining() <= 0) outcome.reason = 'time budget used up before this measurement';
    else {
      const reply = await runner.run({ kind, model, batch, budget: steps }, taskLimit());
      if (!reply.ok) outcome.reason = reply.reason;
      else if (reply.kind === 'engine' || reply.kind === 'bare') {
        outcome.stepMs = reply.stepMs;
        outcome.conv = reply.conv;
      }
    }
    (kind === 'engine' ? result.engine : result.bare).push(outcome);
    log(`${kind} ${model} ${batch}: ${outcome.reason ?? outcome.stepMs.map((t) => t.toFixed(0)).join(' ')} ms`);
  };
  const measureLab = async (model: ModelName, batch: number) => {
    runner.dispose(); // nothing else computes while the lab trains
    const lab =
      remaining() <= 0
        ? { windows: [], reason: 'time budget used up before this measurement', longTasks: null, backend: null }
        : await runLab(model, batch, backend, labSeconds, taskLimit(), recorder);
    result.lab.push({ ...lab, model, batch });
    log(`lab ${model} ${batch}: ${lab.reason ?? lab.windows.map((r) => r.toFixed(0)).join(' ')} ex/s, long tasks ${JSON.stringify(lab.longTasks)}`);
  };

  await measureSteps('engine', 'mlp', 64);
  await measureSteps('bare', 'mlp', 64);
  await measureLab('mlp', 64);
  await measureSteps('engine', 'cnn', 64);
  await measureSteps('bare', 'cnn', 64);
  await measureLab('cnn', 64);
  await measureSteps('engine', 'mlp', 256);
  await measureSteps('engine', 'cnn', 256);
  if (params.get('analysis') === '1') {
    const reply = await runner.run({ kind: 'analysis' }, Math.max(taskLimit(), 20_000));
    if (reply.ok && reply.kind === 'analysis') result.analysis = reply.samples;
    else result.analysisReason = reply.ok ? 'unexpected reply' : reply.reason;
    log(`analysis: ${JSON.stringify(result.analysis ?? result.analysisReason)}`);
  }
  runner.dispose();
}

main()
  .catch((error: unknown) => log(`failed: ${error instanceof Error ? error.message : String(error)}`))
  .finally(() => {
    result.done = true;
    log('done');
  });
