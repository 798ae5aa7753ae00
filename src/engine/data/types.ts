/** In-memory datasets. Image pixels stay uint8 (scaled per batch) so Fashion-MNIST fits comfortably. */

export interface Split {
  /** count x featureSize values, row-major. */
  features: Uint8Array | Float32Array;
  labels: Uint8Array;
  count: number;
}

export interface Dataset {
  kind: string;
  /** [28, 28, 1] for images, [2] for points in the plane. */
  inputShape: number[];
  numClasses: number;
  classNames: string[];
  /** Multiply stored features by this to get network inputs (1/255 for uint8 pixels). */
  featureScale: number;
  train: Split;
  test: Split;
  /** Malformed samples dropped while loading, reported to the user. */
  dropped: number;
}

export function featureSize(dataset: Pick<Dataset, 'inputShape'>): number {
  return dataset.inputShape.reduce((a, b) => a * b, 1);
}
