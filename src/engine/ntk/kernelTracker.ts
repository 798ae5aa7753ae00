/**
 * Follows a run's empirical tangent kernel over its evaluations: each measure() compares the
 * current kernel with the kernel at initialization and with the previous measurement
 * (docs/method.md, "The tangent kernel"). The kernel at initialization is taken once: by the first
 * measure() when the network is still as it was made (the step-0 evaluation), or by takeInitial(),
 * which the trainer calls before it first changes the network. Taking it when the tracker was made
 * and again at the step-0 evaluation computed the same kernel twice (for the default CNN, about a
 * second each before the first step).
 */

import * as tf from '../tf';
import { gatherBatch } from '../data/batches';
import type { Dataset } from '../data/types';
import type { Network } from '../model/network';
import { empiricalKernel } from './empiricalKernel';
import { kernelDistance, kernelLabelAlignment } from './kernelMetrics';
import { DEFAULT_PROBE_COUNT, logitProjection, probeIndices } from './probes';

export interface KernelReading {
  /** d(K_0, K_t): how far the kernel has moved from initialization, in [0, 2]. */
  ntkDistance: number;
  /**
   * d(K_prev, K_t) per 100 steps since the previous measurement (or since initialization, for the
   * first one after it); null when no step was taken since.
   */
  ntkVelocity: number | null;
  /** Centered alignment of K_t with the probes' label kernel, in [-1, 1]. */
  ntkAlignment: number;
}

/** Steps that one unit of velocity refers to. */
export const VELOCITY_STEPS = 100;

export class KernelTracker {
  private initialValues: Float32Array | null = null;
  /** Taken by takeInitial() and not read back yet (measure() reads it). */
  private initial: tf.Tensor2D | null = null;
  private previous: { step: number; values: Float32Array } | null = null;

  private constructor(
    private readonly probes: tf.Tensor2D,
    private readonly projection: tf.Tensor1D,
    private readonly labels: Int32Array,
  ) {}

  /** Picks the probes and projection from the seed; the kernel at init is taken later (see above). */
  static create(dataset: Dataset, seed: number, probeCount = DEFAULT_PROBE_COUNT): KernelTracker {
    const batch = gatherBatch(dataset, dataset.test, probeIndices(dataset, seed, probeCount));
    const count = batch.y.length;
    const probes = tf.tensor2d(batch.x, [count, batch.x.length / Math.max(count, 1)]);
    const projection = tf.tensor1d(logitProjection(dataset.numClasses, seed));
    return new KernelTracker(probes, projection, batch.y);
  }

  /** Whether the kernel at initialization is taken (by takeInitial or a first measure). */
  get hasInitial(): boolean {
    return this.initial !== null || this.initialValues !== null;
  }

  /** Takes the kernel of `network` as the one at initialization, unless one is taken already: call it before the network first changes. */
  takeInitial(network: Network): void {
    if (!this.hasInitial) this.initial = empiricalKernel(network, this.probes, this.projection);
  }

  get probeCount(): number {
    return this.labels.length;
  }

  /** The kernel now; the first measurement without an initial kernel taken is the initial kernel (the network unchanged since it was made). */
  async measure(network: Network, step: number): Promise<KernelReading> {
    const current = empiricalKernel(network, this.probes, this.projection);
    let values: Float32Array;
    try {
      values = Float32Array.from(await current.data());
      if (!this.hasInitial) this.initialValues = values;
      if (this.initial) {
        this.initialValues = Float32Array.from(await this.initial.data());
        this.initial.dispose();
        this.initial = null;
      }
    } finally {
      current.dispose();
    }
    const previous = this.previous ?? { step: 0, values: this.initialValues as Float32Array };
    const elapsed = step - previous.step;
    const reading: KernelReading = {
      ntkDistance: kernelDistance(this.initialValues as Float32Array, values),
      ntkVelocity: elapsed > 0 ? (kernelDistance(previous.values, values) * VELOCITY_STEPS) / elapsed : null,
      ntkAlignment: kernelLabelAlignment(values, this.labels),
    };
    this.previous = { step, values };
    return reading;
  }

  dispose(): void {
    this.probes.dispose();
    this.projection.dispose();
    this.initial?.dispose();
    this.initial = null;
  }
}
