import type { AplResult, CoreNetworkView } from '../analysis/types';

/** What the trainer streams to the UI and the CLI: plain data, safe to postMessage. */

export interface BackendInfo {
  /** tfjs backend name in use: webgpu, webgl, wasm or cpu. */
  name: string;
  /** Why this one, in words a user understands, e.g. "WASM: no WebGPU adapter; WebGL is software (SwiftShader)". */
  reason: string;
  /** Every backend tried, with what happened. */
  attempts: { name: string; ok: boolean; detail: string; examplesPerSecond?: number }[];
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
}

export interface GateLayerView {
  name: string;
  /** Per channel slope a in [0, 1]: 0 = ReLU, 1 = linear. */
  slopes: number[];
  /** Fraction of this layer's channels that count as nonlinear. */
  fractionNonlinear: number;
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
  eps: number;
  gates: GateLayerView[];
  fractionNonlinear: number;
  apl: AplResult;
  /** The same network with every channel nonlinear: the histogram's ghost. */
  aplAllNonlinear: AplResult;
  core: CoreNetworkView;
  /** Every evaluation so far, oldest first. */
  history: EvalPoint[];
  examplesPerSecond: number;
  backend: BackendInfo;
  /** Set when the loss went to NaN or Infinity: training stops and says so. */
  diverged: string | null;
}
