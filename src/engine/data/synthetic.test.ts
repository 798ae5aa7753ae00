import { describe, expect, it } from 'vitest';
import type { DatasetConfig, PlaneDatasetKind } from '../config/types';
import type { Split } from './types';
import { BLOB_SPREAD, generatePlaneDataset, PLANE_DOMAIN } from './synthetic';

const config = (kind: PlaneDatasetKind, extra: Partial<DatasetConfig> = {}): DatasetConfig => ({
  kind,
  trainSize: 0,
  points: 1000,
  noise: 0.1,
  classes: 3,
  order: 'streamed',
  ...extra,
});

function classCounts(split: Split, numClasses: number): number[] {
  const counts = new Array<number>(numClasses).fill(0);
  for (const label of split.labels) counts[label]++;
  return counts;
}

function points(split: Split): [number, number][] {
  return Array.from({ length: split.count }, (_, i) => [split.features[2 * i], split.features[2 * i + 1]]);
}

const kinds: PlaneDatasetKind[] = ['spirals', 'circles', 'xor', 'blobs'];

describe('generatePlaneDataset', () => {
  it.each(kinds)('%s: the same seed gives the same points, another seed different ones', (kind) => {
    const a = generatePlaneDataset(config(kind), 7);
    const b = generatePlaneDataset(config(kind), 7);
    const c = generatePlaneDataset(config(kind), 8);
    expect(a.train.features).toEqual(b.train.features);
    expect(a.test.features).toEqual(b.test.features);
    expect(a.train.features).not.toEqual(c.train.features);
    expect(a.train.features).toBeInstanceOf(Float32Array);
    expect(a.inputShape).toEqual([2]);
    expect(a.featureScale).toBe(1);
    expect(a.dropped).toBe(0);
  });

  it.each(kinds)('%s: 80/20 split with balanced classes, all inside the plotted domain', (kind) => {
    const dataset = generatePlaneDataset(config(kind), 1);
    expect(dataset.train.count).toBe(800);
    expect(dataset.test.count).toBe(200);
    expect(dataset.train.features.length).toBe(1600);
    const k = dataset.numClasses;
    expect(dataset.classNames).toHaveLength(k);
    for (const [split, size] of [[dataset.train, 800], [dataset.test, 200]] as const) {
      const counts = classCounts(split, k);
      expect(counts.reduce((s, n) => s + n, 0)).toBe(size);
      expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
    }
    for (const [x, y] of points(dataset.train)) {
      expect(Math.abs(x)).toBeLessThan(PLANE_DOMAIN[1]);
      expect(Math.abs(y)).toBeLessThan(PLANE_DOMAIN[1]);
    }
  });

  it('spirals have as many arms as classes asked for: 3 gives 267/267/266 train points', () => {
    const three = generatePlaneDataset(config('spirals', { classes: 3 }), 1);
    expect(three.numClasses).toBe(3);
    expect(classCounts(three.train, 3)).toEqual([267, 267, 266]);
    expect(classCounts(three.test, 3)).toEqual([67, 67, 66]);
    const five = generatePlaneDataset(config('spirals', { classes: 5 }), 1);
    expect(five.numClasses).toBe(5);
    expect(five.classNames).toEqual(['arm 1', 'arm 2', 'arm 3', 'arm 4', 'arm 5']);
    expect(classCounts(five.train, 5)).toEqual([160, 160, 160, 160, 160]);
  });

  it('without noise, points lie exactly on their shapes', () => {
    const circles = generatePlaneDataset(config('circles', { noise: 0 }), 3);
    points(circles.train).forEach(([x, y], i) => {
      expect(Math.hypot(x, y)).toBeCloseTo(circles.train.labels[i] === 0 ? 0.45 : 0.95, 5);
    });
    const xor = generatePlaneDataset(config('xor', { noise: 0 }), 3);
    points(xor.train).forEach(([x, y], i) => {
      expect(x * y > 0 ? 0 : 1).toBe(xor.train.labels[i]);
      expect(Math.min(Math.abs(x), Math.abs(y))).toBeGreaterThanOrEqual(0.1 - 1e-6);
      expect(Math.max(Math.abs(x), Math.abs(y))).toBeLessThanOrEqual(1 + 1e-6);
    });
    const spirals = generatePlaneDataset(config('spirals', { noise: 0, classes: 4 }), 3);
    for (const [x, y] of points(spirals.train)) {
      const r = Math.hypot(x, y);
      expect(r).toBeGreaterThanOrEqual(0.08 - 1e-6);
      expect(r).toBeLessThanOrEqual(1 + 1e-6);
    }
  });

  it('blobs sit around k centres on a circle of radius 0.65', () => {
    const blobs = generatePlaneDataset(config('blobs', { classes: 4, noise: 0, points: 4000 }), 5);
    const sums = [0, 1, 2, 3].map(() => ({ x: 0, y: 0, n: 0 }));
    points(blobs.train).forEach(([x, y], i) => {
      const s = sums[blobs.train.labels[i]];
      s.x += x;
      s.y += y;
      s.n++;
    });
    const expected = [[0.65, 0], [0, 0.65], [-0.65, 0], [0, -0.65]];
    sums.forEach((s, c) => {
      // 800 points of spread 0.12: the mean is within 4 standard errors (0.017) of the centre.
      expect(Math.abs(s.x / s.n - expected[c][0])).toBeLessThan(4 * BLOB_SPREAD / Math.sqrt(s.n));
      expect(Math.abs(s.y / s.n - expected[c][1])).toBeLessThan(4 * BLOB_SPREAD / Math.sqrt(s.n));
    });
  });

  it('noise is a per-coordinate standard deviation', () => {
    const noisy = generatePlaneDataset(config('circles', { noise: 0.2, points: 5000 }), 2);
    // The radial error of a noisy point is the noise projected on the radius: rms close to 0.2.
    const errors = points(noisy.train).map(([x, y], i) => Math.hypot(x, y) - (noisy.train.labels[i] === 0 ? 0.45 : 0.95));
    const rms = Math.sqrt(errors.reduce((s, e) => s + e * e, 0) / errors.length);
    expect(rms).toBeGreaterThan(0.17);
    expect(rms).toBeLessThan(0.23);
  });

  it('circles and xor always have two classes; bad settings are refused', () => {
    expect(generatePlaneDataset(config('circles', { classes: 7 }), 1).numClasses).toBe(2);
    expect(generatePlaneDataset(config('xor', { classes: 7 }), 1).numClasses).toBe(2);
    expect(() => generatePlaneDataset(config('spirals', { classes: 1 }), 1)).toThrow(/classes/);
    expect(() => generatePlaneDataset(config('blobs', { points: 5 }), 1)).toThrow(/points/);
    expect(() => generatePlaneDataset(config('xor', { noise: -1 }), 1)).toThrow(/noise/);
    expect(() => generatePlaneDataset(config('mnist' as PlaneDatasetKind), 1)).toThrow(/not a 2-D task/);
  });

  it('rounds the 20% test share: 101 points give 81 train and 20 test', () => {
    const dataset = generatePlaneDataset(config('xor', { points: 101 }), 1);
    expect([dataset.train.count, dataset.test.count]).toEqual([81, 20]);
  });
});
