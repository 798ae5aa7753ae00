import '@tensorflow/tfjs-backend-cpu';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../tf';
import { defaultConfig } from '../config/defaults';
import type { DataOrder, ExperimentConfig } from '../config/types';
import { Trainer } from '../training/trainer';
import { STREAM_PART_SIZE } from './batches';
import { encodeImageDataset } from './imageFormat';
import { loadImageDataset } from './loadImageDataset';
import { decompressed, openStreamedImageDataset, type OpenDataStream } from './streamedImageDataset';
import type { Dataset } from './types';

// A Fashion-MNIST-shaped file: 21,000 training images (two full parts and a tenth) and 300 test images.
const TRAIN = 21_000;
const TEST = 300;
const SIZE = 784;

function fileContent() {
  const count = TRAIN + TEST;
  const labels = new Uint8Array(count);
  const pixels = new Uint8Array(count * SIZE);
  for (let i = 0; i < count; i++) {
    labels[i] = (i * 7) % 10;
  }
  // Sparse noise (a quarter of the pixels lit), so gzip keeps the file large enough to arrive in
  // many chunks, and a misplaced byte changes what the network learns.
  let state = 12345;
  for (let p = 0; p < pixels.length; p++) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    pixels[p] = state >>> 30 === 0 ? (state >>> 16) & 0xff : 0;
  }
  return { count, testCount: TEST, rows: 28, cols: 28, numClasses: 10, dropped: 0, source: 'unit', labels, pixels };
}

const GZ = new Uint8Array(gzipSync(encodeImageDataset(fileContent())));
const CHUNK = 64 * 1024;

/**
 * Serves GZ in chunks, the next one once `release()` is called (or all at once when `free`), and
 * counts what was taken; `failAfter` chunks it throws like a dropped connection.
 */
function throttledSource(options: { free?: boolean; failAfter?: number; bytes?: Uint8Array } = {}) {
  const bytes = options.bytes ?? GZ;
  let allowance = options.free ? Number.POSITIVE_INFINITY : 0;
  let wake: (() => void) | null = null;
  const state = { served: 0 };
  const open: OpenDataStream = () =>
    Promise.resolve(
      (async function* () {
        for (let offset = 0, n = 0; offset < bytes.length; offset += CHUNK, n++) {
          while (allowance <= 0) await new Promise<void>((resolve) => (wake = resolve));
          if (options.failAfter !== undefined && n >= options.failAfter) throw new Error('network connection lost');
          allowance--;
          state.served = Math.min(bytes.length, offset + CHUNK);
          yield bytes.slice(offset, offset + CHUNK);
        }
      })(),
    );
  // At most one chunk is ever granted ahead, however often this is called.
  const release = () => {
    allowance = Math.max(allowance, 1);
    wake?.();
  };
  return { open, release, state };
}

const options = (trainSize = 0) => ({
  trainSize,
  name: 'Fashion-MNIST',
  startWith: (count: number) => Math.min(STREAM_PART_SIZE, count),
});

/** Releases chunks one by one until the promise settles. */
async function pump<T>(promise: Promise<T>, release: () => void): Promise<T> {
  let settled = false;
  const watched = promise.finally(() => (settled = true));
  while (!settled) {
    release();
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  return watched;
}

function config(order: DataOrder): ExperimentConfig {
  const c = defaultConfig();
  c.dataset = { kind: 'fashion-mnist', trainSize: 0, points: 1000, noise: 0.1, classes: 3, order };
  c.model = { kind: 'mlp', hidden: [8], conv: [], residual: false };
  c.training = { batchSize: 500, epochs: 2, seed: 5 };
  return c;
}

const backend = { name: 'cpu', reason: 'tests', attempts: [] };

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('openStreamedImageDataset', () => {
  it('hands out the dataset once the test split and the first part are in, long before the whole file', async () => {
    const source = throttledSource();
    const dataset = await pump(openStreamedImageDataset('fashion-mnist', options(), source.open), source.release);
    const arrival = dataset.arrival!;
    expect(arrival.trainArrived).toBeGreaterThanOrEqual(STREAM_PART_SIZE);
    expect(arrival.trainArrived).toBeLessThan(STREAM_PART_SIZE + 1_000);
    expect(source.state.served).toBeLessThan(GZ.length * 0.6);
    expect(dataset.train.count).toBe(TRAIN);
    expect(dataset.test.count).toBe(TEST);
    const full = await loadImageDataset(GZ, 'fashion-mnist');
    expect(Buffer.from(dataset.test.features).equals(full.test.features as Uint8Array)).toBe(true);
    await pump(arrival.whenArrived(TRAIN), source.release);
    expect(arrival.bytesArrived).toBe(arrival.bytesTotal);
    expect(Buffer.from(dataset.train.features).equals(full.train.features as Uint8Array)).toBe(true);
    expect(Buffer.from(dataset.train.labels).equals(full.train.labels)).toBe(true);
  });

  it('trains a streamed run exactly as one loaded whole, each step asking only for samples that are in', async () => {
    const source = throttledSource();
    const streamed = await pump(openStreamedImageDataset('fashion-mnist', options(), source.open), source.release);
    const arrival = streamed.arrival!;
    const full = await loadImageDataset(GZ, 'fashion-mnist');
    const a = Trainer.create(config('streamed'), streamed, backend, { kernelProbes: 0 });
    const b = Trainer.create(config('streamed'), full, backend, { kernelProbes: 0 });
    const stepsBeforeAllArrived: number[] = [];
    let waits = 0;
    // Two epochs of 42 steps: epoch 0 through the three parts as they arrive, epoch 1 over the whole split.
    while (!a.finished) {
      if (a.nextStepNeeds > arrival.trainArrived) {
        waits++;
        await pump(arrival.whenArrived(a.nextStepNeeds), source.release);
      }
      expect(a.nextStepNeeds).toBeLessThanOrEqual(arrival.trainArrived);
      if (arrival.trainArrived < TRAIN) stepsBeforeAllArrived.push(a.step);
      a.trainStep();
      b.trainStep();
      if (a.step % 14 === 0) expect(await a.evaluate()).toEqual(await b.evaluate());
    }
    expect(a.step).toBe(84);
    expect(waits).toBeGreaterThanOrEqual(2);
    // Steps trained while the file was still arriving (the first part's 20 steps at least).
    expect(stepsBeforeAllArrived.length).toBeGreaterThanOrEqual(20);
    expect(await a.readSlopes()).toEqual(await b.readSlopes());
    a.dispose();
    b.dispose();
  });

  it('in the shuffled order the first step already needs samples from the far end of the file', () => {
    const trainer = Trainer.create(config('shuffled'), fakeDataset(), backend, { kernelProbes: 0 });
    expect(trainer.nextStepNeeds).toBeGreaterThan(2 * STREAM_PART_SIZE);
    trainer.dispose();
  });

  it('hands out a smaller training set whole once its images are in, and reads the file to its end (for the HTTP cache)', async () => {
    const source = throttledSource();
    const dataset = await pump(openStreamedImageDataset('fashion-mnist', options(2_000), source.open), source.release);
    expect(dataset.train.count).toBe(2_000);
    expect(dataset.arrival!.trainArrived).toBe(2_000);
    expect(source.state.served).toBeLessThan(GZ.length * 0.6);
    // The rest of the file is read in the background: bounded by the test's timeout, not a count of
    // ticks (a loaded machine gives the reader fewer of them).
    while (source.state.served < GZ.length) await pump(new Promise((resolve) => setTimeout(resolve, 1)), source.release);
    expect(source.state.served).toBe(GZ.length);
  }, 60_000);

  it('keeps what arrived when the download fails, says how far it got, and goes on after retry()', async () => {
    const failing = throttledSource({ free: true, failAfter: 75 });
    let second: ReturnType<typeof throttledSource> | null = null;
    let attempts = 0;
    const open: OpenDataStream = () => {
      attempts++;
      if (attempts === 1) return failing.open();
      second = throttledSource({ free: true });
      return second.open();
    };
    const dataset = await openStreamedImageDataset('fashion-mnist', options(), open);
    const arrival = dataset.arrival!;
    await expect(arrival.whenArrived(TRAIN)).rejects.toThrow(/^The Fashion-MNIST download stopped after \d+\.\d of 16\.7 MB: network connection lost$/);
    const kept = arrival.trainArrived;
    expect(kept).toBeGreaterThanOrEqual(STREAM_PART_SIZE);
    expect(arrival.failure?.message).toMatch(/network connection lost/);
    arrival.retry();
    await arrival.whenArrived(TRAIN);
    expect(attempts).toBe(2);
    expect(arrival.failure).toBeNull();
    const full = await loadImageDataset(GZ, 'fashion-mnist');
    expect(Buffer.from(dataset.train.features).equals(full.train.features as Uint8Array)).toBe(true);
  });

  it('explains a truncated file, corrupt gzip data and a bad label', async () => {
    const cut = throttledSource({ free: true, bytes: GZ.subarray(0, GZ.length - 5_000) });
    const truncated = await openStreamedImageDataset('fashion-mnist', options(), cut.open);
    await expect(truncated.arrival!.whenArrived(TRAIN)).rejects.toThrow(/gzip data is truncated or corrupt/);

    // Corrupt gzip data late in the file fails the run's wait; early, the opening itself.
    for (const at of [GZ.length - 100_000, 2_000_000]) {
      const scrambled = GZ.slice();
      for (let i = at; i < at + 100; i++) scrambled[i] ^= 0x5a;
      const opened = openStreamedImageDataset('fashion-mnist', options(), throttledSource({ free: true, bytes: scrambled }).open);
      const waited = opened.then((d) => d.arrival!.whenArrived(TRAIN));
      await expect(waited).rejects.toThrow(/gzip data is truncated or corrupt/);
    }

    const raw = encodeImageDataset(fileContent());
    const rawCut = throttledSource({ free: true, bytes: raw.subarray(0, raw.length - 784 * 3 - 5) });
    const short = await openStreamedImageDataset('fashion-mnist', options(), rawCut.open);
    await expect(short.arrival!.whenArrived(TRAIN)).rejects.toThrow(/Invalid dataset file: truncated \(\d+ bytes, header promises \d+\)/);

    // All training labels come before the training images, so a bad one is found before training starts.
    const badLabel = raw.slice();
    const trainLabels = 36 + 'unit'.length + TEST + TEST * SIZE;
    badLabel[trainLabels + 15_000] = 12;
    const bad = openStreamedImageDataset('fashion-mnist', options(), throttledSource({ free: true, bytes: badLabel }).open);
    await expect(bad).rejects.toThrow(/label 12 of train sample 15000 is not below the class count 10/);

    await expect(openStreamedImageDataset('mnist', options(), throttledSource({ free: true, bytes: new Uint8Array(50).fill(7) }).open)).rejects.toThrow(/not an NLDS file/);
  });
});

describe('decompressed', () => {
  it('passes raw bytes through and gunzips gzip, whatever the chunking', async () => {
    const raw = encodeImageDataset(fileContent()).subarray(0, 100_000);
    const collect = async (bytes: Uint8Array, size: number) => {
      const chunks: Uint8Array[] = [];
      const source = (async function* () {
        for (let i = 0; i < bytes.length; i += size) {
          await Promise.resolve(); // as a network stream, one chunk per turn
          yield bytes.slice(i, i + size);
        }
      })();
      for await (const chunk of decompressed(source)) chunks.push(chunk);
      return Buffer.concat(chunks);
    };
    expect((await collect(raw, 999)).equals(raw)).toBe(true);
    expect((await collect(new Uint8Array(gzipSync(raw)), 7)).equals(raw)).toBe(true);
  });
});

function fakeDataset(): Dataset {
  return {
    kind: 'fashion-mnist',
    inputShape: [28, 28, 1],
    numClasses: 10,
    classNames: [],
    featureScale: 1 / 255,
    train: { features: new Uint8Array(TRAIN * SIZE), labels: new Uint8Array(TRAIN), count: TRAIN },
    test: { features: new Uint8Array(10 * SIZE), labels: new Uint8Array(10), count: 10 },
    dropped: 0,
  };
}
