import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../tf';

// src/node/tfNode.ts (the test setup) registers the fast kernel, as the worker does.
beforeAll(async () => {
  await tf.setBackend('wasm');
});
afterAll(async () => {
  await tf.setBackend('cpu');
});

const ramp = (size: number) => Float32Array.from({ length: size }, (_, i) => i * 0.5 - 7);

async function sliceOn(backend: string, size: number[], begin: number[], extent: number[]): Promise<number[]> {
  await tf.setBackend(backend);
  const x = tf.tensor(ramp(size.reduce((a, b) => a * b, 1)), size);
  const part = tf.slice(x, begin, extent);
  const out = Array.from(await part.data());
  tf.dispose([x, part]);
  return out;
}

describe('the WASM Slice kernel (copies only the slice, in contiguous runs)', () => {
  const cases: [string, number[], number[], number[]][] = [
    ['parts of a vector', [29], [12], [6]],
    ['whole rows of a matrix', [5, 4], [1, 0], [3, 4]],
    ['a block of a matrix (row by row)', [5, 4], [1, 1], [3, 2]],
    ['a single column of a matrix', [5, 4], [0, 3], [5, 1]],
    ['a 3x3 window tap of a padded image batch', [2, 6, 6, 3], [0, 2, 1, 0], [2, 4, 4, 3]],
    ['one phase of every other row (a stride-2 tap)', [2, 3, 2, 8], [0, 1, 1, 0], [2, 2, 1, 8]],
    ['a whole tensor', [2, 3, 4], [0, 0, 0], [2, 3, 4]],
    ['a scalar-sized corner', [2, 3, 4], [1, 2, 3], [1, 1, 1]],
    ['inner slices of a rank-3 tensor', [3, 4, 5], [1, 2, 0], [1, 2, 5]],
    ['a strided block of a rank-4 tensor', [2, 3, 4, 5], [0, 1, 1, 2], [2, 2, 3, 3]],
  ];
  for (const [name, size, begin, extent] of cases) {
    it(`gives the CPU backend's values for ${name}`, async () => {
      const expected = await sliceOn('cpu', size, begin, extent);
      expect(await sliceOn('wasm', size, begin, extent)).toEqual(expected);
      expect(expected.length).toBe(extent.reduce((a, b) => a * b, 1));
    });
  }

  it('is still right when making the output grows the WASM heap', async () => {
    const n = 6_000_000; // 24 MB in, 24 MB out
    const x = tf.range(0, n, 1, 'float32');
    const part = tf.slice(x, 1, n - 1);
    const values = await part.data();
    expect([values[0], values[1000], values[n - 2]]).toEqual([1, 1001, n - 1]);
    tf.dispose([x, part]);
  });
});
