import { describe, expect, it } from 'vitest';
import * as tf from '../engine/tf';
import { setNodeBackend } from './tfNode';

describe('tfjs in Node', () => {
  it('has gradients for the ops the gates use, on cpu and wasm', async () => {
    for (const backend of ['wasm', 'cpu'] as const) {
      await setNodeBackend(backend);
      const g = tf.grad((x: tf.Tensor) => tf.sum(tf.add(tf.relu(x), tf.mul(0.3, tf.minimum(x, 0)))));
      expect(Array.from(await g(tf.tensor1d([2, -1])).data())).toEqual([1, expect.closeTo(0.3, 6)]);
    }
  });
});
