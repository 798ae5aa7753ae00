/**
 * The exported PyTorch script, run by Python (see src/node/torchPython.ts): under torchrun with two
 * processes, against the engine's losses step for step, and its APL and core network against the
 * engine's on the same gates. Its run file goes through the lab's import.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { computeApl } from '../engine/analysis/apl';
import { nonlinearMask } from '../engine/analysis/channelGraph';
import { extractCoreNetwork } from '../engine/analysis/coreNetwork';
import type { ExperimentConfig } from '../engine/config/types';
import { decodeConfig, encodeConfig } from '../engine/config/urlCodec';
import { epochOrder } from '../engine/data/batches';
import { loadDataset } from '../engine/data/loadDataset';
import { labInit, planOf } from '../engine/export/labInit';
import { torchScript } from '../engine/export/torchScript';
import { strongestEdges } from '../engine/model/edgeMagnitudes';
import { Network } from '../engine/model/network';
import { createRng } from '../engine/random';
import { Trainer } from '../engine/training/trainer';
import { parseRunsImport } from '../lab/export/runExport';
import { pythonWithTorch } from '../node/torchPython';
import { NODE_DATA_DIR, readDataFile } from './nodeData';

const MLP = 'v=2&data=mnist&hidden=16-16&res=1&train=256&bs=16&lambda=100&ton=2&ramp=3&eval=2';
const RESIDUAL_CNN = 'v=2&data=mnist&model=cnn&conv=4s2,4mp&res=1&train=256&bs=16&lambda=300&prior=proximal&opt=sgd&mom=0.9&lr=0.01&eval=2&snap=1';
const SPIRALS = 'v=2&data=spirals&classes=3&hidden=8-8&bs=16&lr=0.01&lambda=50&eval=1';

function configOf(link: string): ExperimentConfig {
  const { config, issues } = decodeConfig(link);
  expect(issues).toEqual([]);
  return config;
}

interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

function python(args: string[], cwd: string): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn(pythonWithTorch(), args, { cwd, env: { ...process.env, OMP_NUM_THREADS: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Writes the script for `link` into a fresh directory; returns the directory. */
function exported(link: string, withInit = false): string {
  const dir = mkdtempSync(join(tmpdir(), 'lab-torch-'));
  const config = configOf(link);
  writeFileSync(join(dir, 'run.py'), torchScript(config));
  if (withInit) writeFileSync(join(dir, 'init.json'), JSON.stringify(labInit(config)));
  return dir;
}

function jsonLines(stdout: string): Record<string, unknown>[] {
  return stdout.split('\n').filter((l) => l.startsWith('{"step"')).map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** Python's own start (importing torch) takes seconds of CPU; on a busy shared machine much longer. */
const PYTHON_TEST_TIMEOUT = 300_000;

/** torchrun on this node with 2 processes; its own free port, since --standalone always takes 29400. */
async function torchrun(): Promise<string[]> {
  const port = await new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port: free } = server.address() as AddressInfo;
      server.close(() => resolve(free));
    });
  });
  return ['-m', 'torch.distributed.run', '--nnodes=1', '--nproc_per_node=2', '--rdzv_backend=c10d', `--rdzv_endpoint=127.0.0.1:${port}`, '--rdzv_id=test'];
}
// Debian's torch 1.13 under Python 3.11 cannot parse torchrun's default "--redirects 0 --tee 0"
// (IntFlag no longer iterates its zero member); any other valid setting works.
const TORCHRUN_PY311 = ['--redirects', '2', '--tee', '2'];

describe('the exported PyTorch script', () => {
  it('trains an MLP and a residual CNN under torchrun with 2 processes, and its run file imports into the lab', async () => {
    const cases = [MLP, RESIDUAL_CNN].map((link) => ({ link, dir: exported(link) }));
    const single = exported(MLP);
    const common = ['run.py', '--data-dir', NODE_DATA_DIR, '--max-steps', '4', '--out', 'run.json', '--device', 'cpu'];
    const [mlp, cnn, alone] = await Promise.all([
      ...cases.map(async ({ dir }) => python([...(await torchrun()), ...TORCHRUN_PY311, ...common], dir)),
      python(common, single),
    ]);
    for (const [{ link, dir }, result] of [[cases[0], mlp], [cases[1], cnn]] as const) {
      expect(result.code, result.stderr.slice(-2000)).toBe(0);
      const output = result.stdout + result.stderr;
      expect(output).toContain('process 0 of 2 finished 4 steps');
      expect(output).toContain('process 1 of 2 finished 4 steps');

      const config = configOf(link);
      const { runs, problems } = parseRunsImport(readFileSync(join(dir, 'run.json'), 'utf8'));
      expect(problems).toEqual([]);
      expect(runs).toHaveLength(1);
      const run = runs[0];
      expect(encodeConfig(run.config)).toBe(encodeConfig(config));
      expect(run.backend).toBe('torch-cpu x2');
      expect(run.step).toBe(4);
      expect(run.finished).toBe(true);
      expect(run.history.map((p) => p.step)).toEqual([2, 4]);
      for (const p of run.history) {
        expect(p.testAccuracy).toBeGreaterThanOrEqual(0);
        expect(Number.isFinite(p.trainLoss)).toBe(true);
      }
      const plan = planOf(config);
      expect(run.gates?.map((g) => g.name)).toEqual(plan.layers.filter((l) => l.gate >= 0).map((l) => l.name));
      expect(run.gates?.map((g) => g.slopes.length)).toEqual(plan.gatedChannels);
    }
    // Two processes each take half of the lab's batch: the same training as one process.
    expect(alone.code, alone.stderr.slice(-2000)).toBe(0);
    const two = jsonLines(mlp.stdout);
    const one = jsonLines(alone.stdout);
    expect(two).toHaveLength(2);
    two.forEach((p, i) => {
      expect(p.trainLoss as number).toBeCloseTo(one[i].trainLoss as number, 5);
      expect(p.testLoss as number).toBeCloseTo(one[i].testLoss as number, 5);
    });
  }, PYTHON_TEST_TIMEOUT);

  it('takes CIFAR-10 through torchvision and stages wider than the lab allows; the lab imports the run and says what it changed', async () => {
    const dir = exported(MLP);
    // A stand-in for torchvision (not installed here, and CIFAR needs a download): the same
    // attributes the script reads from torchvision.datasets.CIFAR10, random 32x32 RGB images.
    mkdirSync(join(dir, 'torchvision'));
    writeFileSync(join(dir, 'torchvision', '__init__.py'), 'from . import datasets\n');
    writeFileSync(
      join(dir, 'torchvision', 'datasets.py'),
      [
        'import numpy as np',
        'class CIFAR10:',
        '    def __init__(self, root, train, download):',
        '        n = 64 if train else 32',
        '        rng = np.random.default_rng(0 if train else 1)',
        '        self.data = rng.integers(0, 256, size=(n, 32, 32, 3), dtype=np.uint8)',
        '        self.targets = [int(t) for t in rng.integers(0, 10, size=n)]',
        'CIFAR100 = CIFAR10',
      ].join('\n'),
    );
    const result = await python(['run.py', '--dataset', 'cifar10', '--conv', '130s2,8s2ap', '--max-steps', '2', '--eval-every', '1', '--out', 'run.json', '--device', 'cpu'], dir);
    expect(result.code, result.stderr.slice(-2000)).toBe(0);
    const { runs, problems } = parseRunsImport(readFileSync(join(dir, 'run.json'), 'utf8'));
    expect(runs).toHaveLength(1);
    expect(problems.join(' ')).toMatch(/dataset/);
    expect(problems.join(' ')).toMatch(/CNN stages/);
    const gates = runs[0].gates ?? [];
    expect(gates.map((g) => g.slopes.length)).toEqual([130, 130, 130, 8, 8, 8]);
    // The file's own path lengths and core network stand in for what the lab cannot recompute.
    expect(runs[0].analysis?.core?.effectiveWidth).toEqual([130, 130, 130, 8, 8, 8]);
    expect(runs[0].analysis?.apl?.normalized.histogram).toHaveLength(7);
  }, PYTHON_TEST_TIMEOUT);

  it.each([
    ['an MLP with residual blocks, prior in the loss, Adam, t_on and a ramp', MLP, true],
    ['a residual CNN with stride 2 and pooling, proximal prior, SGD with momentum, snap', RESIDUAL_CNN, true],
    ['an MLP on spirals, with its own init and data (no init file)', SPIRALS, false],
  ])('gives the lab engine\'s first 20 training losses to 1e-4: %s', async (_name, link, withInit) => {
    const config = configOf(link);
    const dir = exported(link, withInit);
    // Both sides evaluate (and snap) after every step, on a few test samples only: training is what is compared.
    const args = ['run.py', '--data-dir', NODE_DATA_DIR, '--max-steps', '20', '--eval-every', '1', '--eval-limit', '16', '--log-steps', '--device', 'cpu', '--out', 'run.json'];
    const script = python(withInit ? [...args, '--init-from', 'init.json'] : args, dir);

    const engineConfig = { ...config, evalEvery: 1 };
    const dataset = await loadDataset(engineConfig.dataset, engineConfig.training.seed, readDataFile);
    const fewTests = { ...dataset, test: { ...dataset.test, count: 16 } };
    const trainer = Trainer.create(engineConfig, fewTests, { name: 'cpu', reason: 'test', attempts: [] });
    const engineLosses: number[] = [];
    try {
      for (let step = 0; step < 20; step++) {
        trainer.trainStep();
        engineLosses.push((await trainer.evaluate()).trainLoss);
      }
    } finally {
      trainer.dispose();
    }

    const result = await script;
    expect(result.code, result.stderr.slice(-2000)).toBe(0);
    const scriptLosses = jsonLines(result.stdout).filter((l) => 'loss' in l).map((l) => l.loss as number);
    expect(scriptLosses).toHaveLength(20);
    const worst = Math.max(...scriptLosses.map((loss, i) => Math.abs(loss - engineLosses[i])));
    expect(worst).toBeLessThanOrEqual(1e-4);
  }, PYTHON_TEST_TIMEOUT);

  it("visits the samples in the lab's order: streamed (epoch 0 by parts of 10,000) and shuffled", async () => {
    const dir = exported('v=3&data=fashion-mnist&hidden=8');
    const cases: [number, number, 'streamed' | 'shuffled'][] = [[25_000, 77, 'streamed'], [25_000, 77, 'shuffled'], [25_000, 77, 'streamed'], [9_000, 3, 'streamed']];
    const epochs = [0, 0, 1, 0];
    const code = `import json, run\nfor (n, seed, order), epoch in zip(${JSON.stringify(cases)}, ${JSON.stringify(epochs)}):\n    print(json.dumps(run.epoch_order(n, seed, epoch, order)))`;
    const result = await python(['-c', code], dir);
    expect(result.code, result.stderr.slice(-2000)).toBe(0);
    const theirs = result.stdout.trim().split('\n').map((l) => JSON.parse(l) as number[]);
    cases.forEach(([n, seed, order], i) => expect(theirs[i]).toEqual([...epochOrder(n, seed, epochs[i], order)]));
    expect(theirs[0]).not.toEqual(theirs[1]);
  }, PYTHON_TEST_TIMEOUT);

  it('computes the APL and core network of the engine on random gate patterns', async () => {
    const links = [MLP, RESIDUAL_CNN, 'v=2&data=mnist&model=cnn&conv=6,5s2ap,3s2&res=1', 'v=2&data=xor&hidden=5-4-3-6'];
    const rng = createRng(16);
    const levels = [0, 0.3, 0.9985, 0.9995, 1];
    for (const link of links) {
      const config = configOf(link);
      const plan = planOf(config);
      const init = labInit(config);
      const patterns = [0, 0.25, 0.5, 0.8, 1, -1].map((linear) =>
        plan.gatedChannels.map((c) =>
          Array.from({ length: c }, () => (linear < 0 ? levels[Math.floor(rng() * levels.length)] : rng() < linear ? 1 : levels[Math.floor(rng() * 3)])),
        ),
      );
      const dir = exported(link);
      writeFileSync(join(dir, 'gates.json'), JSON.stringify(patterns.map((slopes) => ({ slopes, layers: init.layers }))));
      const result = await python(['run.py', '--analyze', 'gates.json'], dir);
      expect(result.code, result.stderr.slice(-2000)).toBe(0);
      const answers = result.stdout.trim().split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { apl: ReturnType<typeof computeApl>; core: ReturnType<typeof extractCoreNetwork> });
      expect(answers).toHaveLength(patterns.length);

      const network = Network.create(plan, config.training.seed);
      try {
        for (const [i, slopes] of patterns.entries()) {
          const eps = config.prior.eps;
          const apl = computeApl(network.graph, nonlinearMask(slopes, eps));
          const core = extractCoreNetwork({ graph: network.graph, slopes, eps, edgeMagnitudes: await strongestEdges(network, slopes, eps) });
          const theirs = answers[i];
          for (const variant of ['normalized', 'unnormalized'] as const) {
            expect(Math.abs(theirs.apl[variant].apl - apl[variant].apl)).toBeLessThanOrEqual(1e-12 * Math.max(1, apl[variant].apl));
            expect(theirs.apl[variant].histogram).toHaveLength(apl[variant].histogram.length);
            theirs.apl[variant].histogram.forEach((h, k) => expect(Math.abs(h - apl[variant].histogram[k])).toBeLessThanOrEqual(1e-12));
          }
          expect(theirs.core.layers).toEqual(core.layers);
          expect(theirs.core.effectiveDepth).toBe(core.effectiveDepth);
          expect(theirs.core.effectiveWidth).toEqual(core.effectiveWidth);
          expect(theirs.core.edges).toEqual(core.edges);
        }
      } finally {
        network.dispose();
      }
    }
  }, PYTHON_TEST_TIMEOUT);
});
