import { afterEach, describe, expect, it } from 'vitest';
import * as tf from '../tf';
import type { OptimizerConfig } from '../config/types';
import { createNormal, createRng } from '../random';
import { LARGE_VARIABLE, createOptimizer, updateGroups, updateLayoutFor, type UpdateLayout } from './optimizer';

// The first is large enough to be updated on its own in the 'largeApart' layout.
const SHAPES = [[70, 64], [4], [2, 3, 2], [1]];

function values(shape: number[], seed: number): Float32Array {
  const normal = createNormal(createRng(seed));
  return Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => normal());
}

function variables(): tf.Variable[] {
  return SHAPES.map((shape, i) => tf.variable(tf.tensor(values(shape, 100 + i), shape)));
}

function gradientsAt(step: number): tf.Tensor[] {
  return SHAPES.map((shape, i) => tf.tensor(values(shape, 1000 * step + i), shape));
}

/** tfjs's own optimizer for the same config, with its learning rate changeable the way the lab changes ours. */
function tfjsOptimizer(config: OptimizerConfig): { optimizer: tf.Optimizer; setLearningRate(lr: number): void } {
  if (config.kind === 'adam') {
    const optimizer = tf.train.adam(config.learningRate);
    return { optimizer, setLearningRate: (lr) => ((optimizer as unknown as { learningRate: number }).learningRate = lr) };
  }
  const optimizer = config.momentum > 0 ? tf.train.momentum(config.learningRate, config.momentum) : tf.train.sgd(config.learningRate);
  return { optimizer, setLearningRate: (lr) => optimizer.setLearningRate(lr) };
}

const LAYOUTS: UpdateLayout[] = ['flat', 'largeApart'];

const CONFIGS: OptimizerConfig[] = [
  { kind: 'adam', learningRate: 0.01, momentum: 0 },
  { kind: 'sgd', learningRate: 0.05, momentum: 0.9 },
  { kind: 'sgd', learningRate: 0.05, momentum: 0 },
];

afterEach(async () => {
  await tf.setBackend('cpu');
});

describe('updateGroups', () => {
  const big = LARGE_VARIABLE + 1;
  it('puts every variable in one group for the flat layout', () => {
    expect(updateGroups([big, 10, big, 10, 5, 5], 2, 'flat')).toEqual([[0, 1, 2, 3, 4, 5]]);
  });

  it('updates large variables alone and the rest together, the constrained tail at the end of that group', () => {
    // An MLP: two weight matrices, two biases, two slope vectors (the tail).
    expect(updateGroups([big, 10, big, 10, 5, 5], 2, 'largeApart')).toEqual([[0], [2], [1, 3, 4, 5]]);
    // A tail variable is never set apart, however large.
    expect(updateGroups([big, 10, big], 1, 'largeApart')).toEqual([[0], [1, 2]]);
    expect(updateGroups([LARGE_VARIABLE, big], 0, 'largeApart')).toEqual([[1], [0]]);
    expect(updateGroups([big, big], 0, 'largeApart')).toEqual([[0], [1]]);
  });

  it('sets weight matrices apart on the GPU backends only', () => {
    expect(['webgl', 'webgpu', 'wasm', 'cpu'].map(updateLayoutFor)).toEqual(['largeApart', 'largeApart', 'flat', 'flat']);
  });
});

describe('createOptimizer (all variables updated as one flat vector)', () => {
  for (const backend of ['cpu', 'wasm']) {
    for (const config of CONFIGS) {
      it.each(LAYOUTS)(`gives exactly tfjs's ${config.kind} (momentum ${config.momentum}) updates on ${backend}, learning-rate change included (%s)`, async (layout) => {
        await tf.setBackend(backend);
        const ours = variables();
        const theirs = variables();
        const optimizer = createOptimizer(config, layout);
        const reference = tfjsOptimizer(config);
        for (let step = 0; step < 6; step++) {
          if (step === 3) {
            optimizer.setLearningRate(config.learningRate / 4);
            reference.setLearningRate(config.learningRate / 4);
          }
          const gradients = gradientsAt(step);
          optimizer.apply(ours, gradients);
          reference.optimizer.applyGradients(theirs.map((v, i) => ({ name: v.name, tensor: gradients[i] })));
          tf.dispose(gradients);
        }
        for (let i = 0; i < SHAPES.length; i++) {
          expect(ours[i].shape).toEqual(SHAPES[i]);
          expect(Array.from(await ours[i].data())).toEqual(Array.from(await theirs[i].data()));
        }
        expect(Array.from(await ours[0].data())).not.toEqual(Array.from(values(SHAPES[0], 100))); // it did move
        optimizer.dispose();
        reference.optimizer.dispose();
        tf.dispose([...ours, ...theirs]);
      });
    }
  }

  it.each(LAYOUTS)('writes the trailing variables through a tail constraint: the same values as projecting them after the update (%s)', async (layout) => {
    const clip = (t: tf.Tensor) => tf.clipByValue(tf.add(t, 0.25), -0.5, 0.5);
    for (const config of CONFIGS) {
      const ours = variables();
      const theirs = variables();
      const constrained = createOptimizer(config, layout);
      const plain = createOptimizer(config);
      for (let step = 0; step < 4; step++) {
        const gradients = gradientsAt(step);
        constrained.apply(ours, gradients, { variables: 2, project: (updated) => clip(updated) });
        plain.apply(theirs, gradients);
        tf.tidy(() => theirs.slice(2).forEach((v) => v.assign(clip(v))));
        tf.dispose(gradients);
      }
      for (let i = 0; i < SHAPES.length; i++) {
        expect(ours[i].shape).toEqual(SHAPES[i]);
        expect(Array.from(await ours[i].data())).toEqual(Array.from(await theirs[i].data()));
      }
      // The clip did bite, and only on the last two variables.
      expect(Array.from(await ours[2].data())).toContain(0.5);
      expect(Math.max(...(await ours[0].data()))).toBeGreaterThan(0.75);
      constrained.dispose();
      plain.dispose();
      tf.dispose([...ours, ...theirs]);
    }
  });

  it.each(LAYOUTS)('keeps the tensor count flat over many updates and frees its state on dispose (%s)', (layout) => {
    for (const config of CONFIGS) {
      const vars = variables();
      const before = tf.memory().numTensors;
      const optimizer = createOptimizer(config, layout);
      const gradients = gradientsAt(0);
      optimizer.apply(vars, gradients);
      const afterFirst = tf.memory().numTensors;
      for (let i = 0; i < 100; i++) optimizer.apply(vars, gradients);
      expect(tf.memory().numTensors).toBe(afterFirst);
      tf.dispose(gradients);
      optimizer.dispose();
      expect(tf.memory().numTensors).toBe(before);
      tf.dispose(vars);
    }
  });

  it.each(LAYOUTS)('refuses a variable list of another size than the one it started with (%s)', (layout) => {
    const vars = variables();
    const optimizer = createOptimizer(CONFIGS[0], layout);
    const gradients = gradientsAt(0);
    optimizer.apply(vars, gradients);
    expect(() => optimizer.apply(vars.slice(1), gradients.slice(1))).toThrow('built for 4497 parameters (4480, 4, 12, 1), not 17 parameters (4, 12, 1)');
    optimizer.dispose();
    tf.dispose([...vars, ...gradients]);
  });
});
