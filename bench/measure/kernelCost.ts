/**
 * What the tangent-kernel measurement costs against training: ms per kernel at the default probe
 * size and ms per training step, for the lab's default MLP and CNN at batch 64. The trainer takes the
 * kernel at the first evaluation of every block of KERNEL_SPACING_STEPS (100) steps, however often
 * it evaluates, so its share of training time is kernel / (100 * step + kernel).
 */
import * as tf from '../../src/engine/tf';
import type { Dataset } from '../../src/engine/data/types';
import { planArchitecture } from '../../src/engine/model/architecture';
import { Network } from '../../src/engine/model/network';
import { empiricalKernel } from '../../src/engine/ntk/empiricalKernel';
import { DEFAULT_PROBE_COUNT, logitProjection } from '../../src/engine/ntk/probes';
import { KERNEL_SPACING_STEPS, Trainer } from '../../src/engine/training/trainer';
import { summarize, type Spread } from '../stats';
import type { ModelName } from '../types';
import { benchConfig } from './engineThroughput';

export interface KernelCost {
  model: ModelName;
  backend: string;
  probes: number;
  kernelMs: Spread | null;
  stepMs: Spread | null;
  /** Training steps per kernel measurement (the trainer's spacing). */
  evalEvery: number;
  /** Median kernel / (evalEvery * median step + median kernel). */
  share: number | null;
}

export async function timeKernelCost(model: ModelName, dataset: Dataset, repeats = 5): Promise<KernelCost> {
  const config = benchConfig(model, 64);
  const trainer = Trainer.create(config, dataset, { name: tf.getBackend(), reason: 'benchmark', attempts: [] }, { kernelProbes: 0 });
  const steps: number[] = [];
  try {
    for (let i = 0; i < 3 + repeats * 4; i++) {
      const t0 = performance.now();
      trainer.trainStep();
      await trainer.flush();
      if (i >= 3) steps.push(performance.now() - t0);
    }
  } finally {
    trainer.dispose();
  }
  const network = Network.create(planArchitecture(config.model, dataset.inputShape, dataset.numClasses), 1);
  const pixels = Float32Array.from(dataset.test.features.subarray(0, DEFAULT_PROBE_COUNT * 784), (v) => v * dataset.featureScale);
  const probes = tf.tensor2d(pixels, [DEFAULT_PROBE_COUNT, 784]);
  const projection = tf.tensor1d(logitProjection(dataset.numClasses, 1));
  const kernels: number[] = [];
  try {
    for (let i = 0; i < 1 + repeats; i++) {
      const t0 = performance.now();
      const k = empiricalKernel(network, probes, projection);
      await k.data();
      k.dispose();
      if (i >= 1) kernels.push(performance.now() - t0);
    }
  } finally {
    tf.dispose([probes, projection]);
    network.dispose();
  }
  const kernelMs = summarize(kernels);
  const stepMs = summarize(steps);
  const evalEvery = KERNEL_SPACING_STEPS;
  const share = kernelMs && stepMs ? kernelMs.median / (evalEvery * stepMs.median + kernelMs.median) : null;
  return { model, backend: tf.getBackend(), probes: DEFAULT_PROBE_COUNT, kernelMs, stepMs, evalEvery, share };
}
