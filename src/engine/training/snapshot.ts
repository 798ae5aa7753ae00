import type { AplResult, CoreNetworkView } from '../analysis/types';

/** What the trainer streams to the UI and the CLI: plain data, safe to postMessage. */

export interface BackendInfo {
  /** tfjs backend name in use: webgpu, webgl, wasm or cpu. */
  name: string;
  /** Why this one, in words a user understands, e.g. "WASM: no WebGPU adapter; WebGL is software (SwiftShader)". */
  reason: string;
  /** Every backend tried, with what happened. */
  attempts: { name: string; ok: boolean; detail: string; examplesPerSecond?: number }[];
  /** Runs on a software renderer (SwiftShader, llvmpipe): the page's own frames then come from the same renderer on the same cores. */
  software?: boolean;
}

export interface EvalPoint {
  step: number;
  epoch: number;
  trainLoss: number;
  trainAccuracy: number;
  testLoss: number | null;
  testAccuracy: number | null;
  fractionNonlinear: number;
  aplNormalized: number;
  aplUnnormalized: number;
  lambda: number;
  /**
   * The tangent kernel on the probe set (src/engine/ntk): distance from initialization, distance
   * from the previous evaluation per 100 steps (null at the first), centered label alignment.
   * Absent in runs recorded before it was measured.
   */
  ntkDistance?: number;
  ntkVelocity?: number | null;
  ntkAlignment?: number;
}

export interface GateLayerView {
  name: string;
  /** Per channel slope a in [0, 1]: 0 = ReLU, 1 = linear. */
  slopes: number[];
  /** Fraction of this layer's channels that count as nonlinear. */
  fractionNonlinear: number;
}

/** 2-D tasks: the classifier's decision over the plane and the test points on it. */
export interface DecisionBoundaryView {
  kind: 'plane';
  numClasses: number;
  xDomain: [number, number];
  yDomain: [number, number];
  /** Grid cells per side. */
  resolution: number;
  /** resolution x resolution predicted classes, row-major, row 0 at the top (y = yDomain[1]). */
  predicted: number[];
  /** Probability of the predicted class per cell. */
  confidence: number[];
  points: { x: number; y: number; label: number }[];
}

/** Image tasks: a strip of test images with what the network says they are. */
export interface ImagePredictionsView {
  kind: 'images';
  width: number;
  height: number;
  classNames: string[];
  images: { pixels: number[]; label: number; predicted: number; confidence: number }[];
}

export interface DatasetInfo {
  kind: string;
  classNames: string[];
  trainCount: number;
  testCount: number;
  /** Malformed samples dropped at load. */
  dropped: number;
}

export interface Snapshot {
  step: number;
  epoch: number;
  /** Steps in one epoch. */
  stepsPerEpoch: number;
  totalSteps: number;
  running: boolean;
  finished: boolean;
  /** The lambda in force at this step (after schedule and ramp). */
  lambda: number;
  priorActive: boolean;
  /** Step at which the prior switches on. */
  priorStartStep: number;
  /** The first step trained with λ > 0 in force (null while none has been): where the prior really came on. */
  priorOnStep?: number | null;
  /** The step the predictions preview was computed at (it may lag the step while training runs). */
  previewStep?: number;
  eps: number;
  gates: GateLayerView[];
  fractionNonlinear: number;
  apl: AplResult;
  /** The same network with every channel nonlinear: the histogram's ghost. */
  aplAllNonlinear: AplResult;
  core: CoreNetworkView;
  /** The evaluations kept for the charts, oldest first: bounded for any run length (chartHistory.ts). */
  history: EvalPoint[];
  /** The evaluations new since the run's previous snapshot, in full (the run record appends them). */
  newPoints: EvalPoint[];
  examplesPerSecond: number;
  backend: BackendInfo;
  preview: DecisionBoundaryView | ImagePredictionsView | null;
  dataset: DatasetInfo;
  /** Set when the loss or the weights went to NaN or Infinity: training stops and says so. */
  diverged: string | null;
  /** Step of the last good evaluation, kept in memory: a diverged run can go back to it. Optional for older producers. */
  checkpointStep?: number | null;
}

/** What stays fixed for a run: the worker sends it once, with the run's first snapshot. */
export type RunConstants = Pick<Snapshot, 'stepsPerEpoch' | 'totalSteps' | 'aplAllNonlinear' | 'backend' | 'dataset'>;

/** What the trainer reports: the evaluations are collected by its host as they happen. */
export type TrainerSnapshot = Omit<Snapshot, 'history' | 'newPoints'>;

/**
 * What the worker posts: only what changed. `run` counts the worker's runs (each load or reset
 * starts one); `constants` comes with a run's first snapshot; `preview` only when it was computed
 * afresh (absent: the last one sent stands).
 */
export type SnapshotUpdate = Omit<TrainerSnapshot, keyof RunConstants | 'preview'> & {
  run: number;
  newPoints: EvalPoint[];
  constants?: RunConstants;
  preview?: TrainerSnapshot['preview'];
};
