/**
 * `[BACKEND=cpu] npx tsx bench/labShare.ts [mlp|cnn] [steps] [rounds]`: where the training worker's time goes beyond the
 * engine's steps. The real TrainingSession (src/worker/trainingSession.ts) drives the real Trainer
 * on WASM (or the CPU backend) in Node, as the worker wires it (the page's side replaced by a post that only counts, and a
 * 'snapshotDrawn' of 0 ms after each snapshot), with the bench's config (bench/page/labRun.tsx: the
 * default model, batch 64, prior on, 10,000 training images, an evaluation every 90 steps). Each part
 * of a slice is timed where the session calls it; the bare loop (bench/measure/bareLoop.ts) is timed
 * in alternation with it (the same number of steps: 2,000 for the MLP and 300 for the CNN unless
 * given), by CPU time (user + system) of this process, which other jobs on a shared
 * machine move far less than wall time. The page's drawing is not in it (it runs on another thread).
 */
import { setNodeBackend } from '../src/node/tfNode';
import { Trainer } from '../src/engine/training/trainer';
import { KernelTracker } from '../src/engine/ntk/kernelTracker';
import { TrainingSession, type TrainerControls } from '../src/worker/trainingSession';
import type { WorkerEvent } from '../src/worker/protocol';
import { createEventLoopYield } from '../src/worker/yieldToEvents';
import { benchConfig } from './measure/engineThroughput';
import { timeBareSteps } from './measure/bareLoop';
import { randomImageDataset } from './measure/randomDataset';
import type { ModelName } from './types';

const cpuMs = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
};

class Parts {
  readonly ms = new Map<string, number>();
  readonly calls = new Map<string, number>();
  add(name: string, ms: number): void {
    this.ms.set(name, (this.ms.get(name) ?? 0) + ms);
    this.calls.set(name, (this.calls.get(name) ?? 0) + 1);
  }
  time<T>(name: string, work: () => T): T {
    const t0 = performance.now();
    const result = work();
    if (result instanceof Promise) return result.finally(() => this.add(name, performance.now() - t0)) as T;
    this.add(name, performance.now() - t0);
    return result;
  }
}

/** Times the Trainer's own parts the session does not see (evaluation and snapshot pieces). */
function instrumentTrainerInternals(parts: Parts): void {
  const proto = Trainer.prototype as unknown as Record<string, (...args: unknown[]) => unknown>;
  for (const name of ['readSlopes', 'keepIfGood', 'refreshPreview']) {
    const original = proto[name];
    proto[name] = function (this: unknown, ...args: unknown[]) {
      return parts.time(`  trainer.${name}`, () => original.apply(this, args));
    };
  }
  const kernel = KernelTracker.prototype as unknown as Record<string, (...args: unknown[]) => unknown>;
  const measure = kernel.measure;
  kernel.measure = function (this: unknown, ...args: unknown[]) {
    return parts.time('  kernel.measure', () => measure.apply(this, args));
  };
}

function instrument(trainer: Trainer, parts: Parts): TrainerControls {
  return {
    get totalSteps() {
      return trainer.totalSteps;
    },
    get step() {
      return trainer.step;
    },
    get finished() {
      return trainer.finished;
    },
    get nextStepNeeds() {
      return trainer.nextStepNeeds;
    },
    get previewMs() {
      return trainer.previewMs;
    },
    trainStep: () => parts.time('trainStep (dispatch)', () => trainer.trainStep()),
    flush: () => parts.time('flush (losses read back)', () => trainer.flush()),
    evaluate: () => parts.time('evaluate', () => trainer.evaluate()),
    snapshot: (options) => parts.time('snapshot', () => trainer.snapshot(options)),
    applyChange: (change) => trainer.applyChange(change),
    snap: () => trainer.snap(),
    rewind: () => trainer.rewind(),
    extend: (epochs) => trainer.extend(epochs),
    dispose: () => trainer.dispose(),
  };
}

async function labPhase(model: ModelName, steps: number, dataset: ReturnType<typeof randomImageDataset>, inner: Parts, backend: string) {
  const config = benchConfig(model, 64);
  config.dataset.trainSize = 10_000;
  const parts = new Parts();
  let snapshots = 0;
  let bytes = 0;
  let step = 0;
  /** Pause once a snapshot shows this step (a timer would wait: Node lets its timers in only every ~1,000 of the loop's yields). */
  let pauseAt = 100;
  let pausing: (() => void) | null = null;

  const yieldOnce = createEventLoopYield();
  const session: TrainingSession = new TrainingSession({
    post: (event: WorkerEvent) => {
      if (event.type !== 'snapshot') return;
      snapshots++;
      step = event.snapshot.step;
      bytes += JSON.stringify(event.snapshot).length;
      if (process.env.SIZES && snapshots === 20) console.log(Object.entries(event.snapshot).map(([k, v]) => `${k} ${JSON.stringify(v)?.length ?? 0}`).join(', '));
      queueMicrotask(() => session.enqueue({ type: 'snapshotDrawn', ms: 0 }));
      if (step >= pauseAt && pausing) {
        const done = pausing;
        pausing = null;
        queueMicrotask(done);
      }
    },
    loadDataset: () => Promise.resolve(dataset),
    selectBackend: () => Promise.resolve({ name: backend, reason: 'bench', attempts: [] }),
    createTrainer: (c, d, b) => instrument(Trainer.create(c, d, b), parts),
    now: () => performance.now(),
    yieldToEvents: () => parts.time('yield', yieldOnce),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  });
  const loop = session.run();
  const idle = session.whenIdle();
  session.enqueue({ type: 'load', config, backend, linearizeAt: null });
  await idle;
  // Warm up past the first evaluation (its first run builds the evaluation's shapes), then measure.
  await playUntil(100);
  const warm = await pauseAndWait(session);
  for (const p of [parts, inner]) {
    p.ms.clear();
    p.calls.clear();
  }
  snapshots = 0;
  bytes = 0;
  const fromStep = warm;
  const cpu0 = process.cpuUsage();
  const wall0 = performance.now();
  await playUntil(warm + steps);
  const toStep = await pauseAndWait(session);
  const cpu = cpuMs(cpu0);
  const wall = performance.now() - wall0;
  session.close();
  await loop;
  return { steps: toStep - fromStep, cpu, wall, parts, snapshots, bytes };

  function playUntil(target: number): Promise<void> {
    pauseAt = target;
    const reached = new Promise<void>((resolve) => (pausing = resolve));
    session.enqueue({ type: 'play' });
    return reached;
  }

  async function pauseAndWait(s: TrainingSession): Promise<number> {
    const idleNow = s.whenIdle();
    s.enqueue({ type: 'pause' });
    await idleNow;
    return step;
  }
}

async function barePhase(model: ModelName, steps: number, dataset: ReturnType<typeof randomImageDataset>) {
  const cpu0 = process.cpuUsage();
  const times = await timeBareSteps(model, 64, dataset, { warmUp: 2, maxSteps: steps - 2, maxMs: Number.POSITIVE_INFINITY });
  const cpu = cpuMs(cpu0);
  return { steps: times.length + 2, cpu };
}

async function main(): Promise<void> {
  const backend = (process.env.BACKEND ?? 'wasm') as 'wasm' | 'cpu';
  await setNodeBackend(backend);
  const model = (process.argv[2] ?? 'mlp') as ModelName;
  const steps = Number(process.argv[3] ?? (model === 'cnn' ? 300 : 2000));
  const rounds = Number(process.argv[4] ?? 2);
  const dataset = randomImageDataset(10_000);
  // The session's yields go through an unref'd port (yieldToEvents.ts): keep the process alive meanwhile.
  const alive = setInterval(() => undefined, 1000);
  const probe = new Parts();
  instrumentTrainerInternals(probe);
  for (let round = 0; round < rounds; round++) {
    const bare = await barePhase(model, steps, dataset);
    const lab = await labPhase(model, steps, dataset, probe, backend);
    const bareMs = bare.cpu / bare.steps;
    const labMs = lab.cpu / lab.steps;
    console.log(`\n${model} round ${round + 1}: bare ${bareMs.toFixed(2)} CPU ms/step (${bare.steps} steps); lab ${labMs.toFixed(2)} CPU ms/step (${lab.steps} steps, ${lab.snapshots} snapshots, ${(lab.bytes / Math.max(1, lab.snapshots) / 1000).toFixed(1)} kB JSON each); bare/lab ${(bareMs / labMs).toFixed(2)}; wall ${(lab.wall / lab.steps).toFixed(2)} ms/step`);
    const rows = [...lab.parts.ms.entries(), ...probe.ms.entries()];
    for (const [name, ms] of rows) {
      const calls = lab.parts.calls.get(name) ?? probe.calls.get(name) ?? 0;
      console.log(`  ${name.padEnd(28)} ${(ms / lab.steps).toFixed(3).padStart(8)} ms/step  ${String(calls).padStart(6)} calls  ${(ms / calls).toFixed(2).padStart(8)} ms/call  ${((100 * ms) / lab.wall).toFixed(1).padStart(5)} % of wall`);
    }
  }
  clearInterval(alive);
}

void main();
