/**
 * `npx tsx bench/engineStepsVersus.ts <git revision> [cnn64,rescnn256,...]`: ./engineSteps.ts's
 * measurement as a paired comparison of this checkout's engine with the engine of an earlier
 * revision, in one process: the two trainers take steps alternately (which goes first alternates
 * too), each step timed by the process's CPU time. On a shared machine the load moves the CPU time
 * per step by ±30% between runs a minute apart; consecutive steps see the same load, so the median
 * of the per-pair ratios says which engine is faster where two separate runs cannot.
 * The revision's src/ is extracted once into node_modules/.cache/engine-versus/<commit>/ (where
 * tests, lint and tsc do not look), so both engines share one tfjs (the repository's node_modules).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { setNodeBackend } from '../src/node/tfNode';
import { Trainer } from '../src/engine/training/trainer';
import { randomImageDataset } from './measure/randomDataset';
import { torchCases } from './measure/torchCases';

const PAIRS = 100;
/** Warm-up steps alternate for at least this long: a new trainer's first few dozen steps are slow (BENCHMARKS.md, the MLP's kernels, fourth round). */
const WARM_UP_MS = 1500;
const MAX_MS_PER_CASE = 12_000;

type StepTrainer = Pick<Trainer, 'trainStep' | 'flush' | 'dispose'>;
type TrainerClass = Pick<typeof Trainer, 'create'>;

export async function earlierTrainer(revision: string): Promise<{ commit: string; Trainer: TrainerClass }> {
  const root = join(import.meta.dirname, '..');
  const commit = execFileSync('git', ['rev-parse', '--short', `${revision}^{commit}`], { cwd: root, encoding: 'utf8' }).trim();
  const dir = join(root, 'node_modules', '.cache', 'engine-versus', commit);
  if (!existsSync(join(dir, 'src'))) {
    mkdirSync(dir, { recursive: true });
    const archive = execFileSync('git', ['archive', commit, 'src'], { cwd: root, maxBuffer: 1 << 28 });
    execFileSync('tar', ['-x', '-C', dir], { input: archive });
  }
  const module = (await import(pathToFileURL(join(dir, 'src/engine/training/trainer.ts')).href)) as { Trainer: TrainerClass };
  return { commit, Trainer: module.Trainer };
}

async function timedStep(trainer: StepTrainer): Promise<number> {
  const before = process.cpuUsage();
  trainer.trainStep();
  await trainer.flush();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1];

async function main(): Promise<void> {
  const revision = process.argv[2];
  if (!revision) throw new Error('usage: npx tsx bench/engineStepsVersus.ts <git revision> [cnn64,rescnn256,...]');
  await setNodeBackend('wasm');
  const earlier = await earlierTrainer(revision);
  const only = process.argv[3]?.split(',');
  const dataset = randomImageDataset(2048);
  const backend = { name: 'wasm', reason: 'benchmark', attempts: [] };
  console.log(`examples per CPU second, this checkout against ${earlier.commit} (median of paired steps)`);
  for (const c of torchCases()) {
    if (only && !only.includes(`${c.id}${c.batch}`)) continue;
    const now = Trainer.create(c.config, dataset, backend, { kernelProbes: 0 });
    const then = earlier.Trainer.create(c.config, dataset, backend, { kernelProbes: 0 });
    try {
      const warming = performance.now();
      for (let i = 0; i < 3 || performance.now() - warming < WARM_UP_MS; i++) for (const t of [now, then]) await timedStep(t);
      const nowMs: number[] = [];
      const thenMs: number[] = [];
      const start = performance.now();
      while (nowMs.length < PAIRS && performance.now() - start < MAX_MS_PER_CASE) {
        const nowFirst = nowMs.length % 2 === 0;
        const first = await timedStep(nowFirst ? now : then);
        const second = await timedStep(nowFirst ? then : now);
        nowMs.push(nowFirst ? first : second);
        thenMs.push(nowFirst ? second : first);
      }
      const rate = (ms: number) => Math.round((c.batch * 1000) / ms);
      const speedups = nowMs.map((ms, i) => thenMs[i] / ms);
      console.log(
        `${c.id}${c.batch}: ${rate(median(thenMs))} -> ${rate(median(nowMs))} (x${median(speedups).toFixed(2)} per pair, ` +
          `quartiles ${[...speedups].sort((a, b) => a - b).filter((_, i, all) => i === all.length >> 2 || i === (3 * all.length) >> 2).map((r) => r.toFixed(2)).join('-')}; ${nowMs.length} pairs)`,
      );
    } finally {
      now.dispose();
      then.dispose();
    }
  }
}

// Run only as a script (./engineSameBits.ts imports earlierTrainer).
if (process.argv[1]?.endsWith('engineStepsVersus.ts')) void main();
