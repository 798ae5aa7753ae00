/** Hand-made view models for the panel tests (and nothing else): small enough to check by eye. */
import type { AplResult, CoreNetworkView } from '../engine/analysis/types';
import type {
  DecisionBoundaryView,
  EvalPoint,
  GateLayerView,
  ImagePredictionsView,
  Snapshot,
} from '../engine/training/snapshot';

/** eps = 1e-3: slopes >= 0.999 count as linear. Layer 0: 2 of 4 nonlinear; layer 1: 2 of 3. */
export const gatesFixture: GateLayerView[] = [
  { name: 'dense 1', slopes: [0, 0.5, 0.9995, 1], fractionNonlinear: 0.5 },
  { name: 'dense 2', slopes: [0.2, 0.998, 1], fractionNonlinear: 2 / 3 },
];

/** method.md's worked example: three layers of 64 with 64, 16 and 4 nonlinear channels. */
export const aplFixture: AplResult = {
  normalized: { histogram: [0, 0.703125, 0.28125, 0.015625], apl: 1.3125 },
  unnormalized: { histogram: [0, 0.703125, 0.28125, 0.015625], apl: 1.3125 },
};

/** The same chain with every channel nonlinear: every path meets exactly 3. */
export const aplAllNonlinearFixture: AplResult = {
  normalized: { histogram: [0, 0, 0, 1], apl: 3 },
  unnormalized: { histogram: [0, 0, 0, 1], apl: 3 },
};

/** A residual net where the two variants differ (method.md: 1024/257 vs 2). */
export const aplResidualFixture: AplResult = {
  normalized: { histogram: [0.5, 0, 0, 0, 0.5], apl: 2 },
  unnormalized: { histogram: [1 / 257, 0, 0, 0, 256 / 257], apl: 1024 / 257 },
};

/**
 * Three gated layers of 4: layer 0 keeps channels 0 and 2, layer 1 keeps channel 1, layer 2 is all
 * linear. Two edges join drawn nodes; the third points at a linear channel and must not be drawn.
 */
export const coreFixture: CoreNetworkView = {
  layers: [
    { name: 'dense 1', channels: 4, nonlinear: [{ channel: 0, strength: 1 }, { channel: 2, strength: 0.5 }], linearCount: 2 },
    { name: 'dense 2', channels: 4, nonlinear: [{ channel: 1, strength: 0.8 }], linearCount: 3 },
    { name: 'dense 3', channels: 4, nonlinear: [], linearCount: 4 },
  ],
  edges: [
    { layer: 0, from: 0, to: 1, weight: 1 },
    { layer: 0, from: 2, to: 1, weight: 0.4 },
    { layer: 1, from: 1, to: 3, weight: 0.2 },
  ],
  effectiveDepth: 2,
  effectiveWidth: [2, 1, 0],
};

export function evalPoint(step: number, overrides: Partial<EvalPoint> = {}): EvalPoint {
  return {
    step,
    epoch: Math.floor(step / 100),
    trainLoss: 2 / (1 + step / 100),
    trainAccuracy: 1 - 0.9 / (1 + step / 100),
    testLoss: 2.1 / (1 + step / 100),
    testAccuracy: 1 - 0.95 / (1 + step / 100),
    fractionNonlinear: step < 200 ? 1 : 1 - (step - 200) / 1000,
    aplNormalized: step < 200 ? 3 : 3 - (step - 200) / 400,
    aplUnnormalized: step < 200 ? 3 : 3 - (step - 200) / 500,
    lambda: step < 200 ? 0 : 0.1,
    ...overrides,
  };
}

export const historyFixture: EvalPoint[] = [0, 100, 200, 300, 400, 500].map((s) => evalPoint(s));

/** 2 x 2 plane, two classes: left column class 0, right column class 1. */
export const planeFixture: DecisionBoundaryView = {
  kind: 'plane',
  numClasses: 2,
  xDomain: [-1, 1],
  yDomain: [-1, 1],
  resolution: 2,
  predicted: [0, 1, 0, 1],
  confidence: [1, 0.5, 0.75, 1],
  points: [
    { x: -0.5, y: 0.5, label: 0 },
    { x: 0.5, y: -0.5, label: 1 },
  ],
};

/** Three 2 x 2 images; the second is predicted wrong. */
export const imagesFixture: ImagePredictionsView = {
  kind: 'images',
  width: 2,
  height: 2,
  classNames: ['zero', 'one', 'two'],
  images: [
    { pixels: [0, 255, 255, 0], label: 0, predicted: 0, confidence: 0.9 },
    { pixels: [0, 0, 255, 255], label: 1, predicted: 2, confidence: 0.6 },
    { pixels: [255, 0, 0, 255], label: 2, predicted: 2, confidence: 0.8 },
  ],
};

export function snapshotFixture(overrides: Partial<Snapshot> = {}): Snapshot {
  return {
    step: 250,
    epoch: 2,
    stepsPerEpoch: 100,
    totalSteps: 500,
    running: false,
    finished: false,
    lambda: 0.1,
    priorActive: true,
    priorStartStep: 200,
    eps: 1e-3,
    gates: gatesFixture,
    fractionNonlinear: 4 / 7,
    apl: aplFixture,
    aplAllNonlinear: aplAllNonlinearFixture,
    core: coreFixture,
    history: historyFixture,
    newPoints: [],
    examplesPerSecond: 1234,
    backend: {
      name: 'wasm',
      reason: 'WASM: no WebGPU adapter',
      attempts: [
        { name: 'webgpu', ok: false, detail: 'no adapter' },
        { name: 'wasm', ok: true, detail: 'SIMD' },
      ],
    },
    preview: planeFixture,
    dataset: { kind: 'spirals', classNames: ['arm 0', 'arm 1'], trainCount: 800, testCount: 200, dropped: 0 },
    diverged: null,
    ...overrides,
  };
}
