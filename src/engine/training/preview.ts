/** The preview panel's view models: the decision boundary for 2-D tasks, a strip of predictions for images. */

import { gatherBatch } from '../data/batches';
import { PLANE_DOMAIN } from '../data/synthetic';
import type { Dataset } from '../data/types';
import type { Network } from '../model/network';
import { predictClasses } from './predict';
import type { DecisionBoundaryView, ImagePredictionsView } from './snapshot';

export const PREVIEW_RESOLUTION = 40;
export const PREVIEW_IMAGE_COUNT = 10;
/** Test points drawn over the decision boundary, at most. */
export const PREVIEW_MAX_POINTS = 500;

export async function planePreview(network: Network, dataset: Dataset): Promise<DecisionBoundaryView> {
  const [lo, hi] = PLANE_DOMAIN;
  const n = PREVIEW_RESOLUTION;
  const cell = (hi - lo) / n;
  const grid = new Float32Array(n * n * 2);
  for (let row = 0; row < n; row++) {
    for (let col = 0; col < n; col++) {
      const i = row * n + col;
      grid[2 * i] = lo + (col + 0.5) * cell;
      grid[2 * i + 1] = hi - (row + 0.5) * cell;
    }
  }
  const { predicted, confidence } = await predictClasses(network, grid, n * n);
  const test = dataset.test;
  const points: DecisionBoundaryView['points'] = [];
  for (let i = 0; i < Math.min(test.count, PREVIEW_MAX_POINTS); i++) {
    points.push({ x: test.features[2 * i] * dataset.featureScale, y: test.features[2 * i + 1] * dataset.featureScale, label: test.labels[i] });
  }
  return {
    kind: 'plane',
    numClasses: dataset.numClasses,
    xDomain: [lo, hi],
    yDomain: [lo, hi],
    resolution: n,
    predicted: Array.from(predicted),
    confidence: Array.from(confidence),
    points,
  };
}

/** Fixed test images for the strip: the first of each class, then the next ones in order, up to PREVIEW_IMAGE_COUNT. */
export function previewImageIndices(dataset: Dataset): number[] {
  const { test } = dataset;
  const chosen: number[] = [];
  const seen = new Set<number>();
  for (let i = 0; i < test.count && chosen.length < PREVIEW_IMAGE_COUNT; i++) {
    if (!seen.has(test.labels[i])) {
      seen.add(test.labels[i]);
      chosen.push(i);
    }
  }
  for (let i = 0; i < test.count && chosen.length < PREVIEW_IMAGE_COUNT; i++) {
    if (!chosen.includes(i)) chosen.push(i);
  }
  return chosen.sort((a, b) => a - b);
}

/** `pixels` are network inputs (stored values times featureScale: 0..1 for images), row-major. */
export async function imagePreview(network: Network, dataset: Dataset, indices: number[]): Promise<ImagePredictionsView> {
  const [height, width] = dataset.inputShape;
  const view: ImagePredictionsView = { kind: 'images', width, height, classNames: dataset.classNames, images: [] };
  if (indices.length === 0) return view;
  const batch = gatherBatch(dataset, dataset.test, indices);
  const { predicted, confidence } = await predictClasses(network, batch.x, indices.length);
  const size = batch.x.length / indices.length;
  indices.forEach((_, k) => {
    view.images.push({
      pixels: Array.from(batch.x.subarray(k * size, (k + 1) * size)),
      label: batch.y[k],
      predicted: predicted[k],
      confidence: confidence[k],
    });
  });
  return view;
}
