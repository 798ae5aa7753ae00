/**
 * 2-D classification tasks generated in code from a seed.
 *
 * Before noise every task lies in [-1, 1]^2; Gaussian noise (DatasetConfig.noise is its standard
 * deviation, per coordinate) can push points a little further out. PLANE_DOMAIN is the square the
 * decision-boundary view draws: it holds the points for any sensible noise level.
 *
 * Labels cycle 0, 1, ..., k-1 through each split, so every class has the same number of points
 * (to within one) in train and in test. 80% of DatasetConfig.points are train, the rest test.
 */
import type { DatasetConfig, PlaneDatasetKind } from '../config/types';
import { createNormal, createRng, deriveSeed } from '../random';
import type { Dataset, Split } from './types';

/** [min, max] of both axes of the plane the 2-D tasks live in. */
export const PLANE_DOMAIN: readonly [number, number] = [-1.5, 1.5];
export const PLANE_TEST_FRACTION = 0.2;
/** Standard deviation of a blob's own spread, before DatasetConfig.noise is added. */
export const BLOB_SPREAD = 0.12;
const MIN_POINTS = 10;

type PointSampler = (label: number, rng: () => number, normal: () => number) => [number, number];

function spiralSampler(arms: number): PointSampler {
  return (label, rng) => {
    const t = rng();
    const radius = 0.08 + 0.92 * t;
    const angle = (2 * Math.PI * label) / arms + t * 1.75 * Math.PI;
    return [radius * Math.cos(angle), radius * Math.sin(angle)];
  };
}

const circlesSampler: PointSampler = (label, rng) => {
  const radius = label === 0 ? 0.45 : 0.95;
  const angle = 2 * Math.PI * rng();
  return [radius * Math.cos(angle), radius * Math.sin(angle)];
};

/** Class 0: x and y share a sign (quadrants I and III); class 1: they differ. Kept off the axes. */
const xorSampler: PointSampler = (label, rng) => {
  const x = (rng() < 0.5 ? -1 : 1) * (0.1 + 0.9 * rng());
  const y = (label === 0 ? Math.sign(x) : -Math.sign(x)) * (0.1 + 0.9 * rng());
  return [x, y];
};

function blobsSampler(clusters: number): PointSampler {
  return (label, _rng, normal) => {
    const angle = (2 * Math.PI * label) / clusters;
    return [0.65 * Math.cos(angle) + BLOB_SPREAD * normal(), 0.65 * Math.sin(angle) + BLOB_SPREAD * normal()];
  };
}

function taskShape(kind: PlaneDatasetKind, classes: number): { sampler: PointSampler; classNames: string[] } {
  const numbered = (word: string) => Array.from({ length: classes }, (_, i) => `${word} ${i + 1}`);
  switch (kind) {
    case 'spirals':
      return { sampler: spiralSampler(classes), classNames: numbered('arm') };
    case 'blobs':
      return { sampler: blobsSampler(classes), classNames: numbered('cluster') };
    case 'circles':
      return { sampler: circlesSampler, classNames: ['inner', 'outer'] };
    case 'xor':
      return { sampler: xorSampler, classNames: ['same sign', 'opposite signs'] };
  }
}

export function generatePlaneDataset(config: DatasetConfig, seed: number): Dataset {
  const kind = config.kind as PlaneDatasetKind;
  const variableClasses = kind === 'spirals' || kind === 'blobs';
  if (!['spirals', 'circles', 'xor', 'blobs'].includes(kind)) throw new Error(`${config.kind} is not a 2-D task`);
  if (variableClasses && (!Number.isInteger(config.classes) || config.classes < 2)) {
    throw new RangeError(`${kind} needs a whole number of classes >= 2, got ${config.classes}`);
  }
  if (!Number.isInteger(config.points) || config.points < MIN_POINTS) {
    throw new RangeError(`points must be a whole number >= ${MIN_POINTS}, got ${config.points}`);
  }
  if (!(config.noise >= 0) || !Number.isFinite(config.noise)) {
    throw new RangeError(`noise must be a finite number >= 0, got ${config.noise}`);
  }
  const numClasses = variableClasses ? config.classes : 2;
  const { sampler, classNames } = taskShape(kind, numClasses);
  const rng = createRng(deriveSeed(seed, `data:${kind}`));
  const normal = createNormal(rng);
  const testCount = Math.round(config.points * PLANE_TEST_FRACTION);
  const makeSplit = (count: number): Split => {
    const features = new Float32Array(count * 2);
    const labels = new Uint8Array(count);
    for (let i = 0; i < count; i++) {
      const label = i % numClasses;
      const [x, y] = sampler(label, rng, normal);
      features[2 * i] = x + config.noise * normal();
      features[2 * i + 1] = y + config.noise * normal();
      labels[i] = label;
    }
    return { features, labels, count };
  };
  const train = makeSplit(config.points - testCount);
  const test = makeSplit(testCount);
  return { kind, inputShape: [2], numClasses, classNames, featureScale: 1, train, test, dropped: 0 };
}
