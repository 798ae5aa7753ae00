import { describe, expect, it } from 'vitest';
import { computeApl } from '../analysis/apl';
import { chainGraph } from '../analysis/graphBuilders';
import { buildTrainerSnapshot, fractionNonlinear, type TrainerState } from './buildSnapshot';

// input (1 channel) -> hidden1 (2, gated) -> hidden2 (2, gated) -> output (1): 1 * 2 * 2 = 4 paths in all.
const graph = chainGraph(1, [2, 2], 1);

function state(edit: Partial<TrainerState> = {}): TrainerState {
  return {
    step: 5,
    stepsPerEpoch: 10,
    totalSteps: 100,
    finished: false,
    prior: { lambda: 2, start: 0, startUnit: 'step', ramp: 0, eps: 1e-3 },
    priorOnStep: 0,
    graph,
    // hidden1: channel 0 a ReLU, channel 1 linear; hidden2: both nonlinear.
    slopes: [
      [0, 1],
      [0.5, 0.2],
    ],
    // Rows: hidden1's channels; columns: hidden2's.
    edgeMagnitudes: [[2, 4, 9, 9]],
    aplAllNonlinear: computeApl(graph, [[true, true], [true, true]]),
    examplesPerSecond: 640,
    backend: { name: 'cpu', reason: 'tests', attempts: [] },
    preview: null,
    previewStep: 4,
    dataset: { kind: 'xor', classNames: ['0', '1'], trainCount: 80, testCount: 20, dropped: 0 },
    diverged: null,
    checkpointStep: 0,
    ...edit,
  };
}

describe('buildTrainerSnapshot', () => {
  it('shows each gated layer by name with its slopes and its share of nonlinear channels', () => {
    const snapshot = buildTrainerSnapshot(state());
    expect(snapshot.gates).toEqual([
      { name: 'hidden1', slopes: [0, 1], fractionNonlinear: 0.5 },
      { name: 'hidden2', slopes: [0.5, 0.2], fractionNonlinear: 1 },
    ]);
    expect(snapshot.fractionNonlinear).toBe(0.75); // 3 of 4 channels
    expect(snapshot.eps).toBe(1e-3);
  });

  it('the APL over the paths: two meet 2 nonlinear channels (through hidden1 channel 0), two meet 1', () => {
    const { apl, aplAllNonlinear } = buildTrainerSnapshot(state());
    expect(apl.unnormalized.histogram).toEqual([0, 0.5, 0.5]);
    expect(apl.unnormalized.apl).toBe(1.5);
    expect(apl.normalized.apl).toBe(1.5); // every path weighs the same here
    expect(aplAllNonlinear.unnormalized.apl).toBe(2); // passed through: every path meets both layers
  });

  it('the core network: the nonlinear channels, joined by their weights, the strongest as 1', () => {
    const { core } = buildTrainerSnapshot(state());
    expect(core.layers).toEqual([
      { name: 'hidden1', channels: 2, nonlinear: [{ channel: 0, strength: 1 }], linearCount: 1 },
      { name: 'hidden2', channels: 2, nonlinear: [{ channel: 0, strength: 0.5 }, { channel: 1, strength: 0.8 }], linearCount: 0 },
    ]);
    // The 9s leave hidden1's linear channel: not part of the core.
    expect(core.edges).toEqual([
      { layer: 0, from: 0, to: 1, weight: 1 },
      { layer: 0, from: 0, to: 0, weight: 0.5 },
    ]);
    expect(core.effectiveDepth).toBe(2);
    expect(core.effectiveWidth).toEqual([1, 2]);
  });

  it('λ in force at the step, from the schedule and the ramp', () => {
    // On at epoch 1 (step 10), ramped over 4 steps: λ(s) = 2 * min(1, (s - 10 + 1) / 4).
    const prior = { lambda: 2, start: 1, startUnit: 'epoch' as const, ramp: 4, eps: 1e-3 };
    const before = buildTrainerSnapshot(state({ step: 9, prior, priorOnStep: null }));
    expect(before).toMatchObject({ lambda: 0, priorActive: false, priorStartStep: 10, priorOnStep: null, epoch: 0.9 });
    const ramping = buildTrainerSnapshot(state({ step: 11, prior, priorOnStep: 10 }));
    expect(ramping).toMatchObject({ lambda: 1, priorActive: true, priorStartStep: 10, priorOnStep: 10, epoch: 1.1 });
    expect(buildTrainerSnapshot(state({ step: 40, prior })).lambda).toBe(2);
  });

  it('a wider ε counts more channels as linear in every view', () => {
    const snapshot = buildTrainerSnapshot(state({ prior: { lambda: 0, start: 0, startUnit: 'step', ramp: 0, eps: 0.6 } }));
    // 1 - 0.6 = 0.4: the slopes 1 and 0.5 now count as linear; 0 and 0.2 stay nonlinear.
    expect(snapshot.gates.map((g) => g.fractionNonlinear)).toEqual([0.5, 0.5]);
    expect(snapshot.core.effectiveWidth).toEqual([1, 1]);
    expect(snapshot.apl.unnormalized.histogram).toEqual([0.25, 0.5, 0.25]);
  });

  it('passes the bookkeeping through as the host gave it; running is for the host to say', () => {
    const snapshot = buildTrainerSnapshot(state({ finished: true, diverged: 'The loss became NaN at step 5.', checkpointStep: 0 }));
    expect(snapshot).toMatchObject({
      step: 5,
      stepsPerEpoch: 10,
      totalSteps: 100,
      running: false,
      finished: true,
      examplesPerSecond: 640,
      backend: { name: 'cpu' },
      preview: null,
      previewStep: 4,
      dataset: { kind: 'xor', trainCount: 80, testCount: 20 },
      diverged: 'The loss became NaN at step 5.',
      checkpointStep: 0,
    });
  });
});

describe('fractionNonlinear', () => {
  it('counts a < 1 - ε over every layer, and is 0 with no channels', () => {
    expect(fractionNonlinear([[0, 0.9989], [0.9991, 1]], 1e-3)).toBe(0.5);
    expect(fractionNonlinear([], 1e-3)).toBe(0);
  });
});
