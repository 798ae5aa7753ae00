import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../tf';
import { flattenAll, unflatten, wasmFlatCopiesActive } from './wasmFlatCopies';

// src/node/tfNode.ts (the test setup) registers the kernels, as the worker does.
beforeAll(async () => {
  await tf.setBackend('wasm');
});
afterAll(async () => {
  await tf.setBackend('cpu');
});

const ramp = (size: number, start: number) => Float32Array.from({ length: size }, (_, i) => start + i * 0.25);

describe('LabFlatten and LabUnflatten on WASM (the flat optimizer\'s copies)', () => {
  const shapes = [[3, 4], [4], [2, 3, 2], [1], [5]];

  it('runs on WASM only', async () => {
    expect(wasmFlatCopiesActive()).toBe(true);
    await tf.setBackend('cpu');
    expect(wasmFlatCopiesActive()).toBe(false);
    await tf.setBackend('wasm');
  });

  it('lays tensors of any shape one after the other, as tf.concat of their reshapes does, in one kernel', async () => {
    const tensors = shapes.map((s, i) => tf.tensor(ramp(tf.util.sizeFromShape(s), 100 * i), s));
    const expected = tf.concat(tensors.map((t) => t.reshape([-1])));
    const profile = await tf.profile(() => flattenAll(tensors));
    expect(profile.kernels.map((k) => k.name)).toEqual(['LabFlatten']);
    const flat = flattenAll(tensors);
    expect(flat.shape).toEqual([34]);
    expect(Array.from(await flat.data())).toEqual(Array.from(await expected.data()));
    tf.dispose([...tensors, expected, flat, profile.result]);
  });

  it('cuts a vector back into consecutive tensors of the given shapes, as slices and reshapes do', async () => {
    const flat = tf.tensor1d(ramp(34, -3));
    const parts = unflatten(flat, shapes);
    expect(parts.map((p) => p.shape)).toEqual(shapes);
    let offset = 0;
    for (const part of parts) {
      const expected = tf.slice(flat, offset, part.size).reshape(part.shape);
      expect(Array.from(await part.data())).toEqual(Array.from(await expected.data()));
      offset += part.size;
      expected.dispose();
    }
    const one = unflatten(flat, [[34]]);
    expect(one).toHaveLength(1);
    expect(Array.from(await one[0].data())).toEqual(Array.from(ramp(34, -3)));
    expect(() => unflatten(flat, [[3, 4]])).toThrow('shapes of 12 values for a vector of 34');
    tf.dispose([flat, ...parts, ...one]);
  });

  it('leaves no tensor behind and is right when its output grows the WASM heap', async () => {
    const before = tf.memory().numTensors;
    const n = 3_000_000; // 12 MB per part
    const big = [tf.range(0, n, 1, 'float32'), tf.range(n, 2 * n, 1, 'float32')];
    const flat = flattenAll(big);
    const back = unflatten(flat, [[n], [n]]);
    const [a, b] = [await back[0].data(), await back[1].data()];
    expect([a[0], a[n - 1], b[0], b[n - 1]]).toEqual([0, n - 1, n, 2 * n - 1]);
    tf.dispose([...big, flat, ...back]);
    expect(tf.memory().numTensors).toBe(before);
  });
});
