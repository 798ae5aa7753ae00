import type { ImageDatasetKind } from '../config/types';
import { IMAGE_DATASETS } from './imageDatasets';
import { decodeImageDataset, DatasetFormatError } from './imageFormat';
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
  const info = IMAGE_DATASETS[kind];
  const file = await decodeImageDataset(bytes);
  if (file.rows !== info.rows || file.cols !== info.cols || file.numClasses !== info.classNames.length) {
    throw new DatasetFormatError(
      `${info.fileName} holds ${file.rows}x${file.cols} images in ${file.numClasses} classes; ` +
        `${kind} needs ${info.rows}x${info.cols} in ${info.classNames.length}`,
    );
  }
  const trainSize = options.trainSize ?? 0;
  if (!Number.isInteger(trainSize) || trainSize < 0) {
    throw new RangeError(`trainSize must be a whole number >= 0, got ${trainSize}`);
  }
  const size = file.rows * file.cols;
  const fullTrain = file.count - file.testCount;
  const trainCount = trainSize === 0 ? fullTrain : Math.min(trainSize, fullTrain);
  return {
    kind,
    inputShape: [file.rows, file.cols, 1],
    numClasses: file.numClasses,
    classNames: [...info.classNames],
    featureScale: 1 / 255,
    train: {
      features: file.pixels.subarray(0, trainCount * size),
      labels: file.labels.subarray(0, trainCount),
      count: trainCount,
    },
    test: {
      features: file.pixels.subarray(fullTrain * size),
      labels: file.labels.subarray(fullTrain),
      count: file.testCount,
    },
    dropped: file.dropped,
  };
}
