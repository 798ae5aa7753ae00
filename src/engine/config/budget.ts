/**
 * What a config costs before it runs, and the lab's budget every config must fit.
 *
 * The estimate walks the same layer plan the network is built from (../model/architecture.ts):
 * parameters; memory for the weights, their gradients and the optimizer's state; activations (what a
 * training step's forward pass keeps for backprop, and backprop's own working set, at the batch size;
 * a forward pass at the evaluation or preview batch); floating-point operations per training step; and,
 * from those FLOPs, the time per step on a backend (./stepTimeModel.ts). Memory factors were measured
 * with tf.profile's peak bytes (budget.test.ts holds the estimate against it).
 *
 * Pure arithmetic: no tfjs, so the page can check a link before the engine loads.
 */
import { DEFAULT_PROBE_COUNT } from '../ntk/probes';
import { planArchitecture, type ArchitecturePlan } from '../model/architecture';
import { estimateStepMs } from './stepTimeModel';
import { isImageDataset, type ExperimentConfig } from './types';

/** The lab's budget (README, "Guarantees"): what a tab on a 4 GB laptop holds beside the browser. */
export const BUDGET = {
  /** Weights, biases and slopes. */
  maxParameters: 10_000_000,
  /** Tensors of the training worker at their peak: parameters, gradients, optimizer state, activations. */
  maxMemoryBytes: 1024 ** 3,
  /** Floating-point operations of one training step (forward and backward): about 2 s on WASM here. */
  maxStepFlops: 20e9,
} as const;

/** Evaluation and preview batches (training/evaluate.ts, training/preview.ts; budget.test.ts checks they agree). */
export const EVAL_BATCH_SIZE = 500;
export const EVAL_SAMPLE_LIMIT = 2000;
export const PLANE_PREVIEW_POINTS = 40 * 40;

const BYTES_PER_FLOAT = 4;
/*
 * Measured with tf.profile's peak bytes on the CPU and WASM backends in Node (budget.test.ts keeps
 * the estimate above the measurement and within a factor of it), for MLPs and CNNs of several sizes:
 * - a training step's working set above the resident state is about 12 copies of the parameters
 *   (gradients, the flattened groups and Adam's intermediate values, all held until the update's
 *   tidy ends) plus 3.2 to 6.6 times the values the forward pass keeps (the gradients of every
 *   activation and the convolution gradients' transposes);
 * - an evaluation's forward pass peaks at 1.04 to 1.12 times the values it keeps.
 */
const STEP_PARAMETER_COPIES = 14;
const TRAIN_ACTIVATION_FACTOR = 7;
const INFERENCE_ACTIVATION_FACTOR = 1.2;

export interface BudgetEstimate {
  /** Weights, biases and slopes. */
  parameters: number;
  /** The trainable variables and the frozen masks, resident for the whole run. */
  weightBytes: number;
  /** The optimizer's slots (Adam: two per parameter; momentum: one). */
  optimizerStateBytes: number;
  /** During a step: gradients and the optimizer's intermediate values. */
  gradientBytes: number;
  /** During a step: what the forward pass keeps for backprop and backprop's own values, at the batch size. */
  trainingActivationBytes: number;
  /** A forward pass at the evaluation batch (or the 2-D preview grid), which keeps every layer's output. */
  inferenceActivationBytes: number;
  /** The training and test data held in memory. */
  dataBytes: number;
  /** The tangent kernel's probe examples, resident on the device (ntk/kernelTracker.ts). */
  kernelProbeBytes: number;
  /** The last good evaluation's copy of the weights and the optimizer's state (training/checkpoint.ts). */
  checkpointBytes: number;
  /** The peak: resident state, data, and the larger of a training step and an evaluation. */
  totalBytes: number;
  /** Forward and backward, one training step. */
  stepFlops: number;
}

export type BudgetLimit = 'parameters' | 'memory' | 'compute';

export interface BudgetCheck {
  estimate: BudgetEstimate;
  /** Which limits the config is over (empty: it fits). */
  over: BudgetLimit[];
}

export function inputShapeOf(config: ExperimentConfig): { inputShape: number[]; numClasses: number } {
  const { kind, classes } = config.dataset;
  if (isImageDataset(kind)) return { inputShape: [28, 28, 1], numClasses: 10 };
  return { inputShape: [2], numClasses: kind === 'spirals' || kind === 'blobs' ? classes : 2 };
}

/** Samples in the training split and in the test split. */
function splitSizes(config: ExperimentConfig): { train: number; test: number } {
  const { kind, trainSize, points } = config.dataset;
  if (kind === 'mnist') return { train: trainSize > 0 ? Math.min(trainSize, 8000) : 8000, test: 2000 };
  if (kind === 'fashion-mnist') return { train: trainSize > 0 ? Math.min(trainSize, 60000) : 60000, test: 10000 };
  const test = points - Math.round(points * 0.8);
  return { train: points - test, test };
}

export function estimateBudget(config: ExperimentConfig): BudgetEstimate {
  const { inputShape, numClasses } = inputShapeOf(config);
  const plan = planArchitecture(config.model, inputShape, numClasses);
  const { parameters, gated } = countParameters(plan);
  const slots = config.optimizer.kind === 'adam' ? 2 : config.optimizer.momentum > 0 ? 1 : 0;

  const keptPerExample = forwardValuesPerExample(plan);
  const { train, test } = splitSizes(config);
  const inferenceBatch = isImageDataset(config.dataset.kind)
    ? Math.min(EVAL_BATCH_SIZE, test, EVAL_SAMPLE_LIMIT)
    : Math.max(PLANE_PREVIEW_POINTS, Math.min(EVAL_BATCH_SIZE, test));
  const features = inputShape.reduce((a, b) => a * b, 1);

  const estimate = {
    parameters,
    weightBytes: (parameters + gated) * BYTES_PER_FLOAT,
    optimizerStateBytes: slots * parameters * BYTES_PER_FLOAT,
    gradientBytes: STEP_PARAMETER_COPIES * parameters * BYTES_PER_FLOAT,
    trainingActivationBytes: config.training.batchSize * keptPerExample * TRAIN_ACTIVATION_FACTOR * BYTES_PER_FLOAT,
    inferenceActivationBytes: inferenceBatch * keptPerExample * INFERENCE_ACTIVATION_FACTOR * BYTES_PER_FLOAT,
    // Images stay uint8 in memory (a byte a pixel); 2-D points are float32.
    dataBytes: (train + test) * (isImageDataset(config.dataset.kind) ? features + 1 : features * BYTES_PER_FLOAT + 1),
    // The probes and the logit projection, plus room for two kernels (its current and its initial one).
    kernelProbeBytes: (Math.min(DEFAULT_PROBE_COUNT, test) * (features + 2 * Math.min(DEFAULT_PROBE_COUNT, test)) + plan.numClasses) * BYTES_PER_FLOAT,
    checkpointBytes: (parameters + gated) * BYTES_PER_FLOAT + slots * parameters * BYTES_PER_FLOAT,
    stepFlops: config.training.batchSize * trainingFlopsPerExample(plan),
  };
  const step = estimate.gradientBytes + estimate.trainingActivationBytes;
  const totalBytes =
    estimate.weightBytes + estimate.optimizerStateBytes + estimate.dataBytes + estimate.kernelProbeBytes + estimate.checkpointBytes +
    Math.max(step, estimate.inferenceActivationBytes);
  return { ...estimate, totalBytes };
}

export function checkBudget(config: ExperimentConfig): BudgetCheck {
  const estimate = estimateBudget(config);
  const over: BudgetLimit[] = [];
  if (estimate.parameters > BUDGET.maxParameters) over.push('parameters');
  if (estimate.totalBytes > BUDGET.maxMemoryBytes) over.push('memory');
  if (estimate.stepFlops > BUDGET.maxStepFlops) over.push('compute');
  return { estimate, over };
}

/** Milliseconds per training step on a backend, or null if the backend was never measured. */
export function stepMsOn(config: ExperimentConfig, backend: string): number | null {
  const split = stepFlopSplit(config);
  return estimateStepMs(backend, split.dense, split.conv);
}

/** A training step's FLOPs at the config's batch size, dense and convolution layers apart. */
export function stepFlopSplit(config: ExperimentConfig): { dense: number; conv: number } {
  const { inputShape, numClasses } = inputShapeOf(config);
  const split = flopSplit(planArchitecture(config.model, inputShape, numClasses));
  const batch = config.training.batchSize;
  return { dense: batch * split.dense, conv: batch * split.conv };
}

function countParameters(plan: ArchitecturePlan): { parameters: number; gated: number } {
  let parameters = 0;
  for (const layer of plan.layers) {
    for (const s of layer.summands) {
      if (s.connection === 'full') parameters += s.taps * s.inChannels * layer.channels + layer.channels;
    }
  }
  const gated = plan.gatedChannels.reduce((a, b) => a + b, 0);
  return { parameters: parameters + gated, gated };
}

/** Values per example at a layer's summands (its pre-pooling size) and after pooling. */
function layerValues(layer: ArchitecturePlan['layers'][number]): { values: number; pooled: number } {
  const positions = layer.size ? layer.size[0] * layer.size[1] : 1;
  const out = layer.outputSize ? layer.outputSize[0] * layer.outputSize[1] : 1;
  return { values: positions * layer.channels, pooled: layer.pool !== 'none' ? out * layer.channels : 0 };
}

/**
 * Values per example the forward pass holds until its end (network.forward runs in one tidy, and
 * the gradient tape keeps them anyway): the input, then per layer the weighted sum, the residual
 * add, the bias add, the gate's output and the pooled map.
 */
export function forwardValuesPerExample(plan: ArchitecturePlan): number {
  const input = plan.inputShape.reduce((a, b) => a * b, 1);
  let total = input;
  for (const layer of plan.layers.slice(1)) {
    const { values, pooled } = layerValues(layer);
    const tensors = layer.summands.length + 1 + (layer.gate >= 0 ? 1 : 0);
    total += tensors * values + pooled;
  }
  return total;
}

/** FLOPs of one training step per example, split into dense and convolution layers. */
export function flopSplit(plan: ArchitecturePlan): { dense: number; conv: number } {
  let dense = 0;
  let conv = 0;
  for (const layer of plan.layers) {
    const positions = layer.size ? layer.size[0] * layer.size[1] : 1;
    for (const s of layer.summands) {
      if (s.connection !== 'full') continue;
      // Forward (one multiply-add = 2 FLOPs), then the input and the weight gradients (twice that again).
      const flops = 3 * 2 * s.taps * s.inChannels * layer.channels * (s.op === 'conv' ? positions : 1);
      if (s.op === 'conv') conv += flops;
      else dense += flops;
    }
  }
  return { dense, conv };
}

function trainingFlopsPerExample(plan: ArchitecturePlan): number {
  const { dense, conv } = flopSplit(plan);
  return dense + conv;
}
