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
  /**
   * Present while the training split is still arriving (a streamed download): the test split is
   * complete, the training split only up to `arrival.trainArrived`. Absent: everything is in memory.
   */
  arrival?: DataArrival;
}

/** How much of a training split that is still being downloaded is in memory. */
export interface DataArrival {
  /** Training samples in so far: always a prefix of the split (samples 0 .. trainArrived - 1). */
  readonly trainArrived: number;
  /** Bytes of the file received so far and in all (uncompressed). */
  readonly bytesArrived: number;
  readonly bytesTotal: number;
  /** Why the download stopped before the end, or null. What arrived stays usable. */
  readonly failure: Error | null;
  /** Resolves once at least `count` training samples are in; rejects if the download fails first. */
  whenArrived(count: number): Promise<void>;
  /** After a failure: downloads again, keeping what is in (no-op otherwise). */
  retry(): void;
}

export function featureSize(dataset: Pick<Dataset, 'inputShape'>): number {
  return dataset.inputShape.reduce((a, b) => a * b, 1);
}
