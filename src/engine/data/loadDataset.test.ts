import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { DatasetConfig } from '../config/types';
import { encodeImageDataset } from './imageFormat';
import { loadDataset } from './loadDataset';
import { generatePlaneDataset } from './synthetic';

const base: DatasetConfig = { kind: 'mnist', trainSize: 2, points: 200, noise: 0.1, classes: 3, order: 'streamed' };

function tinyImageFile(): Uint8Array {
  return gzipSync(
    encodeImageDataset({
      count: 4,
      testCount: 1,
      rows: 28,
      cols: 28,
      numClasses: 10,
      dropped: 0,
      source: 'test',
      labels: new Uint8Array([9, 8, 7, 6]),
      pixels: new Uint8Array(4 * 784),
    }),
  );
}

describe('loadDataset', () => {
  it('reads image tasks from their file and applies trainSize', async () => {
    const asked: string[] = [];
    const read = (name: string) => {
      asked.push(name);
      return Promise.resolve(tinyImageFile());
    };
    const mnist = await loadDataset(base, 1, read);
    expect(mnist.kind).toBe('mnist');
    expect(mnist.train.count).toBe(2);
    expect([...mnist.test.labels]).toEqual([6]);
    const fashion = await loadDataset({ ...base, kind: 'fashion-mnist', trainSize: 0 }, 1, read);
    expect(fashion.classNames[1]).toBe('Trouser');
    expect(fashion.train.count).toBe(3);
    expect(asked).toEqual(['mnist.nlds', 'fashion-mnist.nlds']);
  });

  it('generates 2-D tasks from the seed without reading any file', async () => {
    const read = (name: string): Promise<Uint8Array> => Promise.reject(new Error(`unexpected read of ${name}`));
    const config: DatasetConfig = { ...base, kind: 'spirals' };
    const dataset = await loadDataset(config, 4, read);
    expect(dataset.train.features).toEqual(generatePlaneDataset(config, 4).train.features);
    expect(dataset.train.count).toBe(160);
  });

  it('names the missing file when reading fails', async () => {
    const read = (): Promise<Uint8Array> => Promise.reject(new Error('404 Not Found'));
    await expect(loadDataset({ ...base, kind: 'fashion-mnist' }, 1, read)).rejects.toThrow(
      /Could not read fashion-mnist\.nlds.*404 Not Found/,
    );
  });
});
