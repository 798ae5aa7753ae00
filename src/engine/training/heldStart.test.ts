import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../tf';
import { defaultConfig } from '../config/defaults';
import type { ExperimentConfig } from '../config/types';
import { generatePlaneDataset } from '../data/synthetic';
import type { Dataset } from '../data/types';
import type { BackendInfo, EvalPoint } from './snapshot';
import { Trainer } from './trainer';

/**
 * Trainer.holdStart / evaluateHeldStart: the step-0 evaluation taken after the first steps (the lab's
 * first step comes sooner) must give the point, the checkpoint and the run an evaluation before the
 * first step gives, bit for bit.
 */
const backend: BackendInfo = { name: 'cpu', reason: 'tests', attempts: [] };

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function config(edit: (c: ExperimentConfig) => void = () => {}): ExperimentConfig {
  const c = defaultConfig();
  c.dataset = { kind: 'spirals', trainSize: 0, points: 400, noise: 0.05, classes: 3, order: 'streamed' };
  c.model = { kind: 'mlp', hidden: [16, 16], conv: [], residual: false };
  c.optimizer = { kind: 'adam', learningRate: 0.01, momentum: 0.9 };
  c.training = { batchSize: 32, epochs: 100, seed: 5 };
  c.prior = { ...c.prior, lambda: 0.5 };
  c.evalEvery = 10;
  edit(c);
  return c;
}

const data = (c: ExperimentConfig): Dataset => generatePlaneDataset(c.dataset, c.training.seed);

/** Every variable's values (weights, slopes, frozen masks, the optimizer's state), in order. */
function state(trainer: Trainer): number[][] {
  const inner = trainer as unknown as { network: { trainableVariables(): tf.Variable[]; frozen: tf.Variable[] }; optimizer: { stateVariables(): tf.Variable[] } };
  return [...inner.network.trainableVariables(), ...inner.network.frozen, ...inner.optimizer.stateVariables()].map((v) => Array.from(v.dataSync()));
}

/** Steps the trainer `count` times and reads the losses back (as the worker's slices do). */
async function train(trainer: Trainer, count: number): Promise<void> {
  for (let i = 0; i < count; i++) trainer.trainStep();
  await trainer.flush();
}

describe('The step-0 evaluation held past the first steps', () => {
  it('gives the same step-0 point (kernel at init included), the same later points and the same weights', async () => {
    const c = config();
    const before = Trainer.create(c, data(c), backend);
    const held = Trainer.create(c, data(c), backend);

    const atZero = await before.evaluate();
    await train(before, 3);

    expect(held.holdStart()).toBe(true);
    expect(held.startHeld).toBe(true);
    await train(held, 3);
    // λ changed live before the held evaluation: the step-0 point keeps the settings of step 0.
    held.applyChange({ prior: { lambda: 2 } });
    before.applyChange({ prior: { lambda: 2 } });
    const heldZero = (await held.evaluateHeldStart()) as EvalPoint;
    expect(held.startHeld).toBe(false);
    expect(heldZero).toEqual(atZero);
    expect(heldZero.ntkDistance).toBeLessThan(1e-12); // the kernel at init was measured, from the step-0 copies
    expect(held.step).toBe(3);
    expect(held.checkpointStep).toBe(0);
    expect(state(held)).toEqual(state(before));

    await train(before, 7);
    await train(held, 7);
    const [a, b] = [await before.evaluate(), await held.evaluate()];
    expect(b).toEqual(a); // the kernel's distance from init and velocity too
    expect(state(held)).toEqual(state(before));
    before.dispose();
    held.dispose();
  });

  it('keeps the step-0 checkpoint: a rewind goes back to the state at step 0 and trains the same again', async () => {
    const c = config();
    const before = Trainer.create(c, data(c), backend);
    const held = Trainer.create(c, data(c), backend);
    const initial = state(before);
    await before.evaluate();
    held.holdStart();
    await train(before, 2);
    await train(held, 2);
    await held.evaluateHeldStart();
    expect(held.rewind()).toBe(0);
    expect(before.rewind()).toBe(0);
    expect(state(held)).toEqual(state(before));
    expect(state(held).slice(0, initial.length)).toEqual(initial);
    await train(before, 4);
    await train(held, 4);
    expect(await held.evaluate()).toEqual(await before.evaluate());
    before.dispose();
    held.dispose();
  });

  it('leaves no tensor behind, and refuses what would lose the step-0 point', async () => {
    const c = config();
    const start = tf.memory().numTensors;
    const trainer = Trainer.create(c, data(c), backend);
    expect(await trainer.evaluateHeldStart()).toBeNull(); // nothing held
    expect(trainer.holdStart()).toBe(true);
    await train(trainer, 1);
    await expect(trainer.evaluate()).rejects.toThrow(/held step-0 evaluation comes first/);
    await trainer.evaluateHeldStart();
    await train(trainer, 9);
    await trainer.evaluate(); // step 10: its checkpoint replaces step 0's
    const held = tf.memory().numTensors;

    const plain = Trainer.create(c, data(c), backend);
    await plain.evaluate();
    await train(plain, 10);
    await plain.evaluate();
    expect(tf.memory().numTensors - held).toBe(held - start); // the held copies are gone
    // Not after an evaluation, nor once stepped.
    expect(plain.holdStart()).toBe(false);
    const stepped = Trainer.create(c, data(c), backend);
    await train(stepped, 1);
    expect(stepped.holdStart()).toBe(false);
    trainer.dispose();
    plain.dispose();
    stepped.dispose();
    expect(tf.memory().numTensors).toBe(start);
  });

  it('evaluated at step 0 after all (no step taken), a hold is simply dropped', async () => {
    const c = config();
    const trainer = Trainer.create(c, data(c), backend);
    const plain = Trainer.create(c, data(c), backend);
    trainer.holdStart();
    expect(await trainer.evaluate()).toEqual(await plain.evaluate());
    expect(trainer.startHeld).toBe(false);
    trainer.dispose();
    plain.dispose();
  });
});
