import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../tf';
import { addBias } from './biasAdd';
import { sumOverLeadingAxes } from './leadingAxesSum';

beforeAll(async () => {
  await tf.setBackend('wasm');
});
afterAll(async () => {
  await tf.setBackend('cpu');
});

const leadingAxes = (t: tf.Tensor) => t.shape.slice(0, -1).map((_, axis) => axis);

describe('sumOverLeadingAxes', () => {
  it('adds [[1, 2], [3, 4], [5, 6]] to [9, 12]', async () => {
    expect(Array.from(await sumOverLeadingAxes(tf.tensor2d([1, 2, 3, 4, 5, 6], [3, 2])).data())).toEqual([9, 12]);
  });

  // A feature map of the default CNN's size too: 50,176 rows per channel, where a different order of additions would show.
  for (const shape of [[8, 6], [4, 5, 5, 6], [64, 28, 28, 16], [1, 3]]) {
    it(`gives tf.sum's bits on WASM for ${shape.join(' x ')}`, async () => {
      const t = tf.randomNormal(shape, 0.3, 1, 'float32', shape.length);
      const [ours, theirs] = [sumOverLeadingAxes(t), tf.sum(t, leadingAxes(t))];
      expect(ours.shape).toEqual([shape[shape.length - 1]]);
      expect(Array.from(await ours.data())).toEqual(Array.from(await theirs.data()));
      tf.dispose([t, ours, theirs]);
    });
  }

  it('is tf.sum on the CPU backend', async () => {
    await tf.setBackend('cpu');
    try {
      const t = tf.randomNormal([3, 4, 5], 0, 1, 'float32', 2);
      expect(Array.from(await sumOverLeadingAxes(t).data())).toEqual(Array.from(await tf.sum(t, [0, 1]).data()));
    } finally {
      await tf.setBackend('wasm');
    }
  });
});

describe('addBias', () => {
  for (const shape of [[16, 10], [8, 14, 14, 32]]) {
    it(`gives tf.add's value and gradients bit for bit on WASM for ${shape.join(' x ')}, and leaves no tensor behind`, async () => {
      const channels = shape[shape.length - 1];
      const x = tf.randomNormal(shape, 0, 1, 'float32', 1);
      const bias = tf.randomNormal<tf.Rank.R1>([channels], 0, 1, 'float32', 2);
      const readout = tf.randomNormal(shape, 0, 1, 'float32', 3);
      const objective = (add: (a: tf.Tensor, b: tf.Tensor1D) => tf.Tensor) => (a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(add(a, b as tf.Tensor1D), readout));
      const ours = [addBias(x, bias), ...tf.grads(objective(addBias))([x, bias])];
      const theirs = [tf.add(x, bias), ...tf.grads(objective((a, b) => tf.add(a, b)))([x, bias])];
      for (let i = 0; i < 3; i++) {
        expect(ours[i].shape).toEqual(theirs[i].shape);
        expect(Array.from(await ours[i].data()), ['value', 'dx', 'dbias'][i]).toEqual(Array.from(await theirs[i].data()));
      }
      const before = tf.memory().numTensors;
      for (let i = 0; i < 5; i++) tf.dispose(tf.grads(objective(addBias))([x, bias]));
      expect(tf.memory().numTensors).toBe(before);
      tf.dispose([x, bias, readout, ...ours, ...theirs]);
    });
  }
});
