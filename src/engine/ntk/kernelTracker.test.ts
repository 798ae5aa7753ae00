import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../tf';
import { defaultConfig } from '../config/defaults';
import type { ExperimentConfig } from '../config/types';
import { gatherBatch } from '../data/batches';
import { generatePlaneDataset } from '../data/synthetic';
import { planArchitecture } from '../model/architecture';
import { Network } from '../model/network';
import { createRng } from '../random';
import type { BackendInfo } from '../training/snapshot';
import { Trainer } from '../training/trainer';
import { empiricalKernel } from './empiricalKernel';
import { kernelDistance, kernelLabelAlignment } from './kernelMetrics';
import { KernelTracker } from './kernelTracker';
import { logitProjection, probeIndices } from './probes';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const dataset = generatePlaneDataset({ kind: 'spirals', trainSize: 0, points: 300, noise: 0.05, classes: 3, order: 'streamed' }, 2);
const model = { ...defaultConfig().model, kind: 'mlp' as const, hidden: [12, 12] };

/** The kernel on the tracker's probes, computed on its own. */
function kernelNow(network: Network, seed: number, count: number): Float32Array {
  const batch = gatherBatch(dataset, dataset.test, probeIndices(dataset, seed, count));
  return tf.tidy(() => {
    const k = empiricalKernel(network, tf.tensor2d(batch.x, [batch.y.length, 2]), tf.tensor1d(logitProjection(3, seed)));
    return Float32Array.from(k.dataSync());
  });
}

function nudgeWeights(network: Network, size: number): void {
  const rng = createRng(21);
  tf.tidy(() => {
    for (const v of network.trainableVariables()) {
      v.assign(tf.add(v, tf.tensor(Array.from({ length: v.size }, () => size * (rng() - 0.5)), v.shape)));
    }
  });
}

/** A small spirals run on the CPU backend that the trainer tests share. */
function spiralRun(): { config: ExperimentConfig; backend: BackendInfo } {
  const config = defaultConfig();
  config.dataset = { kind: 'spirals', trainSize: 0, points: 300, noise: 0.05, classes: 3, order: 'streamed' };
  config.model = model;
  config.optimizer = { kind: 'adam', learningRate: 0.02, momentum: 0.9 };
  config.training = { batchSize: 32, epochs: 50, seed: 4 };
  return { config, backend: { name: 'cpu', reason: 'tests', attempts: [] } };
}

describe('KernelTracker', () => {
  it('reads 0 from init and no velocity at the first measurement, which is the kernel at init', async () => {
    const network = Network.create(planArchitecture(model, [2], 3), 4);
    const k0 = kernelNow(network, 4, 16);
    const tracker = KernelTracker.create(dataset, 4, 16);
    expect(tracker.hasInitial).toBe(false);
    const first = await tracker.measure(network, 0);
    expect(tracker.hasInitial).toBe(true);
    expect(first.ntkDistance).toBe(0);
    expect(first.ntkVelocity).toBeNull();
    expect(first.ntkAlignment).toBeCloseTo(kernelLabelAlignment(k0, gatherBatch(dataset, dataset.test, probeIndices(dataset, 4, 16)).y), 6);
    // Later readings are measured from it.
    nudgeWeights(network, 0.6);
    const at100 = await tracker.measure(network, 100);
    expect(at100.ntkDistance).toBeCloseTo(kernelDistance(k0, kernelNow(network, 4, 16)), 6);
    tracker.dispose();
    network.dispose();
  });

  it('measures distance from init, velocity per 100 steps and label alignment of the current kernel', async () => {
    const network = Network.create(planArchitecture(model, [2], 3), 4);
    const k0 = kernelNow(network, 4, 16);
    const tracker = KernelTracker.create(dataset, 4, 16);
    tracker.takeInitial(network); // before the network changes, as the trainer does at its first step
    tracker.takeInitial(network); // taken once: a second call keeps it
    nudgeWeights(network, 0.6);
    const k1 = kernelNow(network, 4, 16);
    const at50 = await tracker.measure(network, 50);
    expect(at50.ntkDistance).toBeGreaterThan(1e-3);
    expect(at50.ntkDistance).toBeCloseTo(kernelDistance(k0, k1), 6);
    // The first measurement after init: velocity from the init kernel, 50 steps ago.
    expect(at50.ntkVelocity).toBeCloseTo(kernelDistance(k0, k1) * 2, 6);
    const labels = gatherBatch(dataset, dataset.test, probeIndices(dataset, 4, 16)).y;
    expect(at50.ntkAlignment).toBeCloseTo(kernelLabelAlignment(k1, labels), 6);

    nudgeWeights(network, 0.6);
    const k2 = kernelNow(network, 4, 16);
    const at250 = await tracker.measure(network, 250);
    expect(at250.ntkDistance).toBeCloseTo(kernelDistance(k0, k2), 6);
    // 200 steps since the last measurement: the distance between them counts half per 100 steps.
    expect(at250.ntkVelocity).toBeCloseTo(kernelDistance(k1, k2) / 2, 6);

    const still = await tracker.measure(network, 350);
    expect(still.ntkVelocity).toBeCloseTo(0, 6);
    expect(still.ntkDistance).toBeCloseTo(at250.ntkDistance, 6);
    tracker.dispose();
    network.dispose();
  });

  it('gives every evaluation of a training run its kernel readings, tensors flat', async () => {
    const { config, backend } = spiralRun();
    const before = tf.memory().numTensors;
    const trainer = Trainer.create(config, generatePlaneDataset(config.dataset, 4), backend, { kernelProbes: 16 });
    const points = [await trainer.evaluate()];
    let afterFirstSteps = 0; // the optimizer makes its slots at the first step
    for (let i = 0; i < 3; i++) {
      for (let s = 0; s < 100; s++) trainer.trainStep();
      points.push(await trainer.evaluate());
      if (i === 0) afterFirstSteps = tf.memory().numTensors;
    }
    expect(tf.memory().numTensors).toBe(afterFirstSteps);
    expect(points[0].ntkDistance).toBeCloseTo(0, 6);
    expect(points[0].ntkVelocity).toBeNull();
    for (const p of points.slice(1)) {
      expect(p.ntkDistance).toBeGreaterThan(0);
      expect(p.ntkVelocity).toBeGreaterThan(0);
      expect(Number.isFinite(p.ntkAlignment)).toBe(true);
    }
    // Evaluating more often than every 100 steps does not measure the kernel more often.
    trainer.trainStep();
    expect(await trainer.evaluate()).not.toHaveProperty('ntkDistance');
    trainer.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('measures from the kernel at init when the first evaluation comes after the first steps', async () => {
    const { config, backend } = spiralRun();
    const before = tf.memory().numTensors;
    // The same run twice: with an evaluation at step 0, and without one (the first at step 100).
    const evaluatedAtZero = Trainer.create(config, generatePlaneDataset(config.dataset, 4), backend, { kernelProbes: 16 });
    const notAtZero = Trainer.create(config, generatePlaneDataset(config.dataset, 4), backend, { kernelProbes: 16 });
    await evaluatedAtZero.evaluate();
    for (let s = 0; s < 100; s++) {
      evaluatedAtZero.trainStep();
      notAtZero.trainStep();
    }
    const [a, b] = [await evaluatedAtZero.evaluate(), await notAtZero.evaluate()];
    expect(b.ntkDistance).toBeGreaterThan(0);
    expect(b.ntkDistance).toBe(a.ntkDistance);
    expect(b.ntkVelocity).toBe(a.ntkVelocity);
    evaluatedAtZero.dispose();
    notAtZero.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('does not measure the kernel again within 100 steps of the last measurement', async () => {
    const config = defaultConfig();
    config.dataset = { kind: 'spirals', trainSize: 0, points: 300, noise: 0.05, classes: 3, order: 'streamed' };
    config.model = model;
    config.training = { batchSize: 32, epochs: 50, seed: 4 };
    const before = tf.memory().numTensors;
    const trainer = Trainer.create(config, generatePlaneDataset(config.dataset, 4), { name: 'cpu', reason: 'tests', attempts: [] }, { kernelProbes: 16 });
    await trainer.evaluate();
    trainer.trainStep();
    expect(await trainer.evaluate()).not.toHaveProperty('ntkDistance');
    trainer.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
