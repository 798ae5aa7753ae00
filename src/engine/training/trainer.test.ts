import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../tf';
import { defaultConfig } from '../config/defaults';
import type { ExperimentConfig } from '../config/types';
import { generatePlaneDataset } from '../data/synthetic';
import type { Dataset } from '../data/types';
import type { BackendInfo } from './snapshot';
import { Trainer } from './trainer';

const backend: BackendInfo = { name: 'cpu', reason: 'tests', attempts: [] };

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function planeConfig(edit: (c: ExperimentConfig) => void = () => {}): ExperimentConfig {
  const c = defaultConfig();
  c.dataset = { kind: 'spirals', trainSize: 0, points: 400, noise: 0.05, classes: 3, order: 'streamed' };
  c.model = { kind: 'mlp', hidden: [16, 16], conv: [], residual: false };
  c.optimizer = { kind: 'adam', learningRate: 0.01, momentum: 0.9 };
  c.training = { batchSize: 32, epochs: 100, seed: 3 };
  c.evalEvery = 50;
  edit(c);
  return c;
}

const spirals = (c: ExperimentConfig): Dataset => generatePlaneDataset(c.dataset, c.training.seed);
const flatten = (layers: Float32Array[]): number[] => layers.flatMap((l) => Array.from(l));

describe('Trainer and the prior', () => {
  it('proximal prior: drives every channel to exactly a = 1 within a few steps under strong lambda', async () => {
    // N = 32 gated channels, lr 0.01: lambda 1600 moves every slope by 0.5 per step.
    const config = planeConfig((c) => Object.assign(c.prior, { lambda: 1600, mode: 'proximal' }));
    const trainer = Trainer.create(config, spirals(config), backend);
    trainer.trainStep();
    expect(Math.max(...flatten(await trainer.readSlopes()))).toBeLessThan(1);
    for (let i = 0; i < 2; i++) trainer.trainStep();
    expect(flatten(await trainer.readSlopes()).every((a) => a === 1)).toBe(true);
    const snapshot = await trainer.snapshot();
    expect(snapshot.fractionNonlinear).toBe(0);
    expect(snapshot.apl.normalized.apl).toBe(0);
    expect(snapshot.core.effectiveDepth).toBe(0);
    trainer.dispose();
  });

  it('loss prior under plain SGD: each slope moves by lr * lambda / N more than under the task loss alone', async () => {
    // N = 32, lr 0.01, lambda 0.64: the prior's gradient is -0.02 per slope, so one step adds 2e-4.
    const config = planeConfig((c) => (c.optimizer = { kind: 'sgd', learningRate: 0.01, momentum: 0 }));
    const withPrior = Trainer.create(config, spirals(config), backend);
    const taskOnly = Trainer.create(config, spirals(config), backend);
    // From the first step on slopes start at 0, where the clip would hide a negative task step: take
    // task steps first (λ 0) so that slopes are interior, then compare one step with the prior dialled up.
    for (let i = 0; i < 20; i++) {
      withPrior.trainStep();
      taskOnly.trainStep();
    }
    const before = flatten(await withPrior.readSlopes());
    withPrior.applyChange({ prior: { lambda: 0.64 } });
    withPrior.trainStep();
    taskOnly.trainStep();
    const moved = flatten(await withPrior.readSlopes());
    const plain = flatten(await taskOnly.readSlopes());
    const interior = before.map((_, i) => i).filter((i) => plain[i] > 0 && plain[i] < 1 - 1e-3 && moved[i] < 1);
    expect(interior.length).toBeGreaterThan(5);
    for (const i of interior) expect(moved[i] - plain[i]).toBeCloseTo(0.01 * 0.64 / 32, 6);
    withPrior.dispose();
    taskOnly.dispose();
  });

  it('loss prior under Adam: slopes reach exactly 1 and stay there (the clip makes 1 sticky)', async () => {
    const config = planeConfig((c) => (c.prior.lambda = 50));
    const trainer = Trainer.create(config, spirals(config), backend);
    // Adam moves a slope by about lr = 0.01 a step when the prior's push dominates its gradient.
    for (let i = 0; i < 150; i++) trainer.trainStep();
    const slopes = flatten(await trainer.readSlopes());
    expect(slopes.every((a) => a === 1)).toBe(true);
    for (let i = 0; i < 20; i++) trainer.trainStep();
    expect(flatten(await trainer.readSlopes()).every((a) => a === 1)).toBe(true);
    trainer.dispose();
  });

  it('loss prior: a weak lambda leaves the channels the task needs nonlinear, a strong one linearizes them', async () => {
    const run = async (lambda: number) => {
      const config = planeConfig((c) => (c.prior.lambda = lambda));
      const trainer = Trainer.create(config, spirals(config), backend);
      for (let i = 0; i < 600; i++) trainer.trainStep();
      const { fractionNonlinear } = await trainer.evaluate();
      trainer.dispose();
      return fractionNonlinear;
    };
    const weak = await run(0.01);
    const strong = await run(100);
    expect(weak).toBeGreaterThan(0.5);
    expect(strong).toBe(0);
  });

  it('with lambda = 0 the prior does nothing: either form, or one scheduled to start later, trains exactly as no prior', async () => {
    const runs = [
      planeConfig(),
      planeConfig((c) => (c.prior.mode = 'proximal')),
      planeConfig((c) => Object.assign(c.prior, { lambda: 1600, start: 1000, startUnit: 'step' })),
    ].map((config) => Trainer.create(config, spirals(config), backend));
    for (let i = 0; i < 30; i++) runs.forEach((t) => t.trainStep());
    const [a, ...others] = await Promise.all(runs.map(async (t) => flatten(await t.readSlopes())));
    for (const b of others) expect(b).toEqual(a);
    // The task gradient did move some slopes (else the comparison would prove nothing), within [0, 1].
    expect(Math.max(...a)).toBeGreaterThan(0);
    expect(a.every((v) => v >= 0 && v <= 1)).toBe(true);
    const [first, ...rest] = await Promise.all(runs.map(async (t) => (await t.evaluate()).trainLoss));
    for (const loss of rest) expect(loss).toBe(first);
    runs.forEach((t) => t.dispose());
  });

  it('snap keeps outputs of channels already at 1, and frozen channels stay at 1 under the task gradient', async () => {
    const config = planeConfig((c) => Object.assign(c.prior, { lambda: 1600, mode: 'proximal' }));
    const data = spirals(config);
    const snapped = Trainer.create(config, data, backend);
    const free = Trainer.create(config, data, backend);
    for (let i = 0; i < 3; i++) {
      snapped.trainStep();
      free.trainStep();
    }
    const probe = Float32Array.from({ length: 40 }, (_, i) => Math.cos(i * 0.7));
    const before = await snapped.predictLogits(probe, 20);
    expect(await snapped.snap()).toBe(32);
    expect(await snapped.predictLogits(probe, 20)).toEqual(before);
    expect(await snapped.snap()).toBe(0); // every channel is frozen already
    for (const t of [snapped, free]) {
      t.applyChange({ prior: { lambda: 0 } });
      for (let i = 0; i < 20; i++) t.trainStep();
    }
    expect(flatten(await snapped.readSlopes()).every((a) => a === 1)).toBe(true);
    // Without the snap the task gradient pulls some channels back below 1.
    expect(Math.min(...flatten(await free.readSlopes()))).toBeLessThan(1);
    snapped.dispose();
    free.dispose();
  });

  it('snaps at every evaluation when prior.snap is set', async () => {
    const config = planeConfig((c) => Object.assign(c.prior, { lambda: 1600, mode: 'proximal', snap: true }));
    const trainer = Trainer.create(config, spirals(config), backend);
    for (let i = 0; i < 3; i++) trainer.trainStep();
    await trainer.evaluate();
    // Every channel was at 1 and the evaluation froze them all: a snap now finds none left to freeze.
    expect(flatten(await trainer.readSlopes()).every((a) => a === 1)).toBe(true);
    expect(await trainer.snap()).toBe(0);
    trainer.dispose();
  });

  it('applies the schedule: slopes untouched by the prior before t_on', async () => {
    const config = planeConfig((c) => {
      c.prior = { ...c.prior, lambda: 1600, mode: 'proximal', start: 5, startUnit: 'step' };
    });
    const trainer = Trainer.create(config, spirals(config), backend);
    for (let i = 0; i < 5; i++) trainer.trainStep();
    expect(trainer.lambda).toBe(1600);
    expect(Math.max(...flatten(await trainer.readSlopes()))).toBeLessThan(0.2);
    for (let i = 0; i < 3; i++) trainer.trainStep();
    expect(flatten(await trainer.readSlopes()).every((a) => a === 1)).toBe(true);
    expect((await trainer.snapshot()).priorStartStep).toBe(5);
    trainer.dispose();
  });
});

describe('Trainer bookkeeping', () => {
  async function lossCurve(config: ExperimentConfig): Promise<number[]> {
    const trainer = Trainer.create(config, spirals(config), backend);
    const losses: number[] = [];
    for (let i = 0; i < 50; i++) {
      trainer.trainStep();
      if (trainer.step % 5 === 0) {
        const point = await trainer.evaluate();
        losses.push(point.trainLoss, point.testLoss ?? NaN);
      }
    }
    trainer.dispose();
    return losses;
  }

  it('is deterministic: the same seed repeats the losses, another seed does not', async () => {
    const config = planeConfig((c) => (c.prior.lambda = 5));
    const first = await lossCurve(config);
    expect(first).toHaveLength(20);
    expect(first.every(Number.isFinite)).toBe(true);
    expect(await lossCurve(config)).toEqual(first);
    const other = await lossCurve(planeConfig((c) => {
      c.prior.lambda = 5;
      c.training.seed = 4;
    }));
    expect(other).not.toEqual(first);
  });

  it('learns the spirals task: test accuracy rises well above chance', async () => {
    const config = planeConfig((c) => (c.model.hidden = [32, 32]));
    const trainer = Trainer.create(config, spirals(config), backend);
    const start = await trainer.evaluate();
    for (let i = 0; i < 300; i++) trainer.trainStep();
    const end = await trainer.evaluate();
    expect(end.testLoss!).toBeLessThan(start.testLoss!);
    expect(end.testAccuracy!).toBeGreaterThan(0.6);
    expect(trainer.step).toBe(300);
    trainer.dispose();
  });

  it('counts steps and epochs and stops at the end', async () => {
    const config = planeConfig((c) => {
      c.training.epochs = 2;
      c.training.batchSize = 64;
    });
    const trainer = Trainer.create(config, spirals(config), backend);
    // 320 training points in batches of 64: 5 steps per epoch.
    expect(trainer.stepsPerEpoch).toBe(5);
    expect(trainer.totalSteps).toBe(10);
    for (let i = 0; i < 15; i++) trainer.trainStep();
    expect(trainer.step).toBe(10);
    expect(trainer.finished).toBe(true);
    const snapshot = await trainer.snapshot();
    expect(snapshot).toMatchObject({ step: 10, epoch: 2, totalSteps: 10, finished: true, diverged: null });
    trainer.dispose();
  });

  it('stops with a message when the loss diverges', async () => {
    const config = planeConfig((c) => {
      c.optimizer = { kind: 'sgd', learningRate: 1e6, momentum: 0.9 };
    });
    const trainer = Trainer.create(config, spirals(config), backend);
    for (let i = 0; i < 40 && !trainer.finished; i++) {
      trainer.trainStep();
      await trainer.flush();
    }
    expect(trainer.diverged).toMatch(/loss became (NaN|Infinity)/);
    expect(trainer.finished).toBe(true);
    const step = trainer.step;
    trainer.trainStep();
    expect(trainer.step).toBe(step);
    trainer.dispose();
  });

  it('goes back to its last good evaluation: same weights, optimizer state, step and history', async () => {
    const config = planeConfig((c) => {
      c.training.epochs = 4;
      c.training.batchSize = 64;
    });
    const trainer = Trainer.create(config, spirals(config), backend);
    for (let i = 0; i < 5; i++) trainer.trainStep();
    const atFive = await trainer.evaluate();
    const slopesAtFive = flatten(await trainer.readSlopes());
    for (let i = 0; i < 5; i++) trainer.trainStep();
    const firstTimeAtTen = await trainer.evaluate();
    expect(trainer.checkpointStep).toBe(10);

    // Back to step 10's checkpoint is a no-op for the numbers; make one at 5 and go on from there twice.
    const again = Trainer.create(config, spirals(config), backend);
    for (let i = 0; i < 5; i++) again.trainStep();
    expect((await again.evaluate()).trainLoss).toBe(atFive.trainLoss);
    for (let i = 0; i < 3; i++) again.trainStep();
    expect(again.rewind()).toBe(5);
    expect(again.step).toBe(5);
    expect(flatten(await again.readSlopes())).toEqual(slopesAtFive);
    expect((await again.snapshot()).step).toBe(5);
    for (let i = 0; i < 5; i++) again.trainStep();
    const secondTimeAtTen = await again.evaluate();
    // Adam's moments and bias corrections came back too, or these would differ.
    expect(secondTimeAtTen.trainLoss).toBe(firstTimeAtTen.trainLoss);
    expect(secondTimeAtTen.testLoss).toBe(firstTimeAtTen.testLoss);
    trainer.dispose();
    again.dispose();
  });

  it('marks a run diverged at an evaluation that is not finite, and can rewind past it', async () => {
    const config = planeConfig((c) => {
      c.optimizer = { kind: 'sgd', learningRate: 1e6, momentum: 0.9 };
    });
    const trainer = Trainer.create(config, spirals(config), backend);
    trainer.trainStep();
    await trainer.evaluate();
    const good = trainer.checkpointStep;
    for (let i = 0; i < 40 && !trainer.finished; i++) {
      trainer.trainStep();
      await trainer.evaluate();
    }
    expect(trainer.diverged).toMatch(/(loss|weights) became/);
    expect(good).toBe(1);
    const tensorsBefore = tf.memory().numTensors;
    expect(trainer.rewind()).toBe(1);
    expect(trainer.diverged).toBeNull();
    expect(trainer.finished).toBe(false);
    // Nothing leaks (the frozen masks' cached concatenation is dropped, to be rebuilt at the next step).
    expect(tf.memory().numTensors).toBeLessThanOrEqual(tensorsBefore);
    trainer.trainStep();
    await trainer.flush();
    expect(trainer.step).toBe(2);
    trainer.dispose();
  });

  it('keeps the last preview when asked to, and computes a new one otherwise', async () => {
    const config = planeConfig();
    const trainer = Trainer.create(config, spirals(config), backend);
    const first = await trainer.snapshot({ preview: false }); // none yet: computed anyway
    expect(first.preview?.kind).toBe('plane');
    expect(trainer.previewMs).toBeGreaterThan(0);
    for (let i = 0; i < 30; i++) trainer.trainStep();
    const kept = await trainer.snapshot({ preview: false });
    const fresh = await trainer.snapshot();
    expect(kept.step).toBe(30);
    expect(kept.preview).toEqual(first.preview);
    // 30 Adam steps at lr 0.01 move the network's confidence everywhere on the plane.
    const confidence = (s: typeof fresh) => (s.preview?.kind === 'plane' ? s.preview.confidence : []);
    expect(confidence(fresh)).not.toEqual(confidence(first));
    trainer.dispose();
  });

  it('snapshots a 2-D task with its decision boundary, gates, APL and core network', async () => {
    const config = planeConfig();
    const trainer = Trainer.create(config, spirals(config), backend);
    for (let i = 0; i < 10; i++) trainer.trainStep();
    await trainer.evaluate();
    const s = await trainer.snapshot();
    expect(s.preview?.kind).toBe('plane');
    if (s.preview?.kind === 'plane') {
      expect(s.preview.predicted).toHaveLength(1600);
      expect(s.preview.confidence.every((p) => p >= 1 / 3 - 1e-6 && p <= 1)).toBe(true);
      expect(s.preview.points).toHaveLength(80);
    }
    expect(s.gates.map((g) => [g.name, g.slopes.length])).toEqual([
      ['dense1', 16],
      ['dense2', 16],
    ]);
    // Every slope is below 1 - eps after 10 Adam steps at lr 0.01: all nonlinear, APL = 2 layers.
    expect(s.fractionNonlinear).toBe(1);
    expect(s.apl.normalized.apl).toBeCloseTo(2, 10);
    expect(s.aplAllNonlinear.normalized.apl).toBeCloseTo(2, 10);
    expect(s.core.effectiveWidth).toEqual([16, 16]);
    expect(s.examplesPerSecond).toBeGreaterThan(0);
    expect(s.dataset).toEqual({ kind: 'spirals', classNames: expect.any(Array), trainCount: 320, testCount: 80, dropped: 0 });
    expect(s.backend).toBe(backend);
    expect(() => structuredClone(s)).not.toThrow();
    trainer.dispose();
  });

  it('changes the learning rate live', async () => {
    const config = planeConfig((c) => (c.prior.lambda = 32));
    const trainer = Trainer.create(config, spirals(config), backend);
    // Slope step per prior update: lr * 32 / 32 = lr. With lr 0 nothing moves at all.
    trainer.applyChange({ optimizer: { learningRate: 0 } });
    const before = await trainer.predictLogits(Float32Array.of(0.3, -0.2), 1);
    trainer.trainStep();
    expect(await trainer.predictLogits(Float32Array.of(0.3, -0.2), 1)).toEqual(before);
    expect(flatten(await trainer.readSlopes()).every((a) => a === 0)).toBe(true);
    trainer.applyChange({ optimizer: { learningRate: 0.01 } });
    trainer.trainStep();
    expect(await trainer.predictLogits(Float32Array.of(0.3, -0.2), 1)).not.toEqual(before);
    trainer.dispose();
  });
});

describe('Trainer memory', () => {
  for (const optimizer of [
    { kind: 'adam', learningRate: 0.01, momentum: 0.9 },
    { kind: 'sgd', learningRate: 0.05, momentum: 0.9 },
  ] as const) {
    it(`keeps the tensor count flat over 300 steps and frees everything on dispose (${optimizer.kind})`, async () => {
      const config = planeConfig((c) => {
        c.optimizer = { ...optimizer };
        c.model = { kind: 'mlp', hidden: [8], conv: [], residual: true };
        c.prior = { ...c.prior, lambda: 2, snap: true };
      });
      const data = spirals(config);
      const beforeCreate = tf.memory().numTensors;
      const trainer = Trainer.create(config, data, backend);
      let afterTen = -1;
      for (let i = 1; i <= 300; i++) {
        trainer.trainStep();
        if (i % 50 === 0 || i === 10) {
          await trainer.evaluate();
          await trainer.snapshot();
          await trainer.snap();
        }
        if (i === 10) afterTen = tf.memory().numTensors;
      }
      await trainer.flush();
      expect(trainer.step).toBe(300);
      expect(tf.memory().numTensors).toBe(afterTen);
      trainer.dispose();
      expect(tf.memory().numTensors).toBe(beforeCreate);
      // Reset is dispose + create: the same count again after a fresh start.
      const again = Trainer.create(config, data, backend);
      again.trainStep();
      await again.evaluate();
      again.dispose();
      expect(tf.memory().numTensors).toBe(beforeCreate);
    });
  }
});
