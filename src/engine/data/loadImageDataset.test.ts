import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { encodeImageDataset } from './imageFormat';
import { loadImageDataset } from './loadImageDataset';

// Five 28x28 images whose pixels all equal 10 * (sample index); the last two are the test split.
function fiveImageFile(rows = 28) {
  const size = rows * 28;
  const pixels = new Uint8Array(5 * size);
  for (let i = 0; i < 5; i++) pixels.fill(10 * i, i * size, (i + 1) * size);
  return gzipSync(
    encodeImageDataset({
      count: 5,
      testCount: 2,
      rows,
      cols: 28,
      numClasses: 10,
      dropped: 1,
      source: 'test',
      labels: new Uint8Array([3, 1, 4, 1, 5]),
      pixels,
    }),
  );
}

describe('loadImageDataset', () => {
  it('splits the file into the first count - testCount train samples and the rest test', async () => {
    const dataset = await loadImageDataset(fiveImageFile(), 'fashion-mnist');
    expect(dataset.kind).toBe('fashion-mnist');
    expect(dataset.inputShape).toEqual([28, 28, 1]);
    expect(dataset.featureScale).toBe(1 / 255);
    expect(dataset.classNames[0]).toBe('T-shirt/top');
    expect(dataset.classNames[9]).toBe('Ankle boot');
    expect(dataset.dropped).toBe(1);
    expect(dataset.train.count).toBe(3);
    expect([...dataset.train.labels]).toEqual([3, 1, 4]);
    expect(dataset.train.features.length).toBe(3 * 784);
    expect(dataset.train.features[2 * 784 + 100]).toBe(20);
    expect(dataset.test.count).toBe(2);
    expect([...dataset.test.labels]).toEqual([1, 5]);
    expect(dataset.test.features[0]).toBe(30);
    expect(dataset.test.features[2 * 784 - 1]).toBe(40);
  });

  it('keeps the first trainSize training samples, and all of them for 0 or too many', async () => {
    const two = await loadImageDataset(fiveImageFile(), 'mnist', { trainSize: 2 });
    expect(two.train.count).toBe(2);
    expect([...two.train.labels]).toEqual([3, 1]);
    expect(two.train.features.length).toBe(2 * 784);
    expect(two.test.count).toBe(2);
    expect(two.classNames).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    expect((await loadImageDataset(fiveImageFile(), 'mnist', { trainSize: 0 })).train.count).toBe(3);
    expect((await loadImageDataset(fiveImageFile(), 'mnist', { trainSize: 50 })).train.count).toBe(3);
    await expect(loadImageDataset(fiveImageFile(), 'mnist', { trainSize: -1 })).rejects.toThrow(/trainSize/);
  });

  it('refuses a file whose image size does not fit the task', async () => {
    await expect(loadImageDataset(fiveImageFile(27), 'mnist')).rejects.toThrow(/27x28/);
  });
});
