import type { ImageDatasetKind } from '../config/types';
import { IMAGE_DATASETS } from './imageDatasets';
import { decodeImageDataset, DatasetFormatError, type ImageDatasetFile } from './imageFormat';
import type { Dataset } from './types';

export interface LoadImageOptions {
  /** 0 = the whole training split; otherwise its first trainSize samples (clamped to what exists). */
  trainSize?: number;
}

/** Turns an NLDS file (gzipped or raw) into a Dataset; pixels stay uint8 and are scaled per batch. */
export async function loadImageDataset(
  bytes: Uint8Array,
  kind: ImageDatasetKind,
  options: LoadImageOptions = {},
): Promise<Dataset> {
  return datasetFromFile(await decodeImageDataset(bytes), kind, options);
}

/**
 * The Dataset of a decoded file (or of one still arriving: the views then fill as it does). Checks
 * that the file holds the task's images.
 */
export function datasetFromFile(file: ImageDatasetFile, kind: ImageDatasetKind, options: LoadImageOptions = {}): Dataset {
  const info = IMAGE_DATASETS[kind];
  if (file.rows !== info.rows || file.cols !== info.cols || file.numClasses !== info.classNames.length) {
    throw new DatasetFormatError(
      `${info.fileName} holds ${file.rows}x${file.cols} images in ${file.numClasses} classes; ` +
        `${kind} needs ${info.rows}x${info.cols} in ${info.classNames.length}`,
    );
  }
  const trainCount = trainCountOf(file.count - file.testCount, options.trainSize ?? 0);
  const size = file.rows * file.cols;
  return {
    kind,
    inputShape: [file.rows, file.cols, 1],
    numClasses: file.numClasses,
    classNames: [...info.classNames],
    featureScale: 1 / 255,
    train: {
      features: file.train.pixels.subarray(0, trainCount * size),
      labels: file.train.labels.subarray(0, trainCount),
      count: trainCount,
    },
    test: { features: file.test.pixels, labels: file.test.labels, count: file.testCount },
    dropped: file.dropped,
  };
}

/** The training samples a run uses: the first trainSize of the split, or all of it for 0. */
export function trainCountOf(fullTrain: number, trainSize: number): number {
  if (!Number.isInteger(trainSize) || trainSize < 0) {
    throw new RangeError(`trainSize must be a whole number >= 0, got ${trainSize}`);
  }
  return trainSize === 0 ? fullTrain : Math.min(trainSize, fullTrain);
}
