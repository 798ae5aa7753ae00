import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../tf';
import { defaultConfig } from '../config/defaults';
import type { ExperimentConfig } from '../config/types';
import { generatePlaneDataset } from '../data/synthetic';
import { planArchitecture } from '../model/architecture';
import { Network } from '../model/network';
import { createRng } from '../random';
import type { BackendInfo } from '../training/snapshot';
import { Trainer } from '../training/trainer';
import { LinearizedNetwork } from './linearizedNetwork';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function nudge(network: Network, size: number, seed: number): void {
  const rng = createRng(seed);
  tf.tidy(() => network.trainableVariables().forEach((v) => v.assign(tf.add(v, tf.tensor(Array.from({ length: v.size }, () => size * (rng() - 0.5)), v.shape)))));
}

describe('LinearizedNetwork', () => {
  it('is f at θ_t, linear in θ − θ_t, and close to f for a small step', () => {
    const model = { ...defaultConfig().model, kind: 'mlp' as const, hidden: [8, 8] };
    const live = Network.create(planArchitecture(model, [2], 3), 3);
    tf.tidy(() => live.slopes.forEach((a) => a.assign(tf.fill([a.shape[0]], 0.4))));
    const x = tf.tensor2d([0.3, -0.2, 1, 0.5, -0.7, 0.1], [3, 2]);
    const linear = LinearizedNetwork.around(live, 3);
    const f0 = live.forward(x);
    expect(Array.from(linear.forward(x).dataSync())).toEqual(Array.from(f0.dataSync()));

    const saved = live.trainableVariables().map((v) => v.clone());
    nudge(live, 1e-3, 8);
    const small = tf.sub(linear.forward(x), f0);
    const real = tf.sub(live.forward(x), f0);
    // First-order agreement: the remainder is second order in the step.
    const gap = tf.max(tf.abs(tf.sub(small, real))).dataSync()[0];
    expect(gap).toBeLessThan(0.05 * tf.max(tf.abs(real)).dataSync()[0]);

    // Twice the step, twice the change: exactly linear in θ.
    tf.tidy(() => live.trainableVariables().forEach((v, k) => v.assign(tf.add(saved[k], tf.mul(tf.sub(v, saved[k]), 2)))));
    const double = tf.sub(linear.forward(x), f0);
    const doubled = double.dataSync();
    small.dataSync().forEach((v, i) => expect(doubled[i]).toBeCloseTo(2 * v, 5));
    tf.dispose([x, f0, small, real, double, ...saved]);
    linear.dispose();
    live.dispose();
  });
});

describe('Trainer.linearize', () => {
  const backend: BackendInfo = { name: 'cpu', reason: 'tests', attempts: [] };
  const config = (): ExperimentConfig => {
    const c = defaultConfig();
    c.dataset = { kind: 'spirals', trainSize: 0, points: 300, noise: 0.05, classes: 3, order: 'streamed' };
    c.model = { ...c.model, kind: 'mlp', hidden: [16, 16] };
    c.optimizer = { kind: 'adam', learningRate: 0.01, momentum: 0.9 };
    c.training = { batchSize: 32, epochs: 20, seed: 6 };
    c.prior.lambda = 5;
    return c;
  };

  it('keeps the accuracy of the moment it linearizes, then trains f_lin with tensors flat', async () => {
    const c = config();
    const trainer = Trainer.create(c, generatePlaneDataset(c.dataset, 6), backend, { kernelProbes: 16 });
    for (let i = 0; i < 40; i++) trainer.trainStep();
    const before = await trainer.evaluate();
    trainer.linearize();
    expect(trainer.linearizedAt).toBe(40);
    const same = await trainer.evaluate();
    expect(same.testAccuracy).toBeCloseTo(before.testAccuracy as number, 6);
    expect(same.testLoss).toBeCloseTo(before.testLoss as number, 5);
    // No tangent kernel of f_lin: it is the kernel of step 40 for good.
    expect(same).not.toHaveProperty('ntkDistance');

    for (let i = 0; i < 5; i++) trainer.trainStep();
    await trainer.evaluate();
    const tensors = tf.memory().numTensors;
    for (let i = 0; i < 60; i++) trainer.trainStep();
    const after = await trainer.evaluate();
    expect(tf.memory().numTensors).toBe(tensors);
    expect(after.trainLoss).toBeLessThan(before.trainLoss);
    expect(Number.isFinite(after.testAccuracy)).toBe(true);
    trainer.dispose();
  });

  it('follows the real run exactly while θ has not moved, and departs from it once it has', async () => {
    const c = config();
    const data = generatePlaneDataset(c.dataset, 6);
    const real = Trainer.create(c, data, backend, { kernelProbes: 0 });
    const linear = Trainer.create(c, data, backend, { kernelProbes: 0 });
    for (let i = 0; i < 30; i++) {
      real.trainStep();
      linear.trainStep();
    }
    linear.linearize();
    // The first linearized step sees the same gradient as the real one: J at θ_t is the real J.
    real.trainStep();
    linear.trainStep();
    const slopesReal = (await real.readSlopes()).flatMap((l) => Array.from(l));
    const slopesLinear = (await linear.readSlopes()).flatMap((l) => Array.from(l));
    slopesLinear.forEach((a, i) => expect(a).toBeCloseTo(slopesReal[i], 5));
    for (let i = 0; i < 80; i++) {
      real.trainStep();
      linear.trainStep();
    }
    const [r, l] = [await real.evaluate(), await linear.evaluate()];
    expect(Math.abs((r.testLoss as number) - (l.testLoss as number))).toBeGreaterThan(1e-4);
    real.dispose();
    linear.dispose();
  });
});
