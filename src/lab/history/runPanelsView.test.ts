import { describe, expect, it } from 'vitest';
import { computeApl } from '../../engine/analysis/apl';
import { defaultConfig } from '../../engine/config/defaults';
import type { ExperimentConfig } from '../../engine/config/types';
import { parseRunsImport } from '../export/runExport';
import { MAX_DRAWN_CORE_NODES_PER_LAYER, MAX_DRAWN_GATES_PER_LAYER, runPanelsView } from './runPanelsView';
import type { RunRecord } from './runRecord';

function record(config: ExperimentConfig, slopes: number[][], extra: Partial<RunRecord> = {}): RunRecord {
  return {
    recordVersion: 2, id: 'r', name: 'run', group: null, createdAt: 0, updatedAt: 0, config, backend: null, history: [], step: 10, totalSteps: 10, finished: true, diverged: null,
    source: 'imported', gates: slopes.map((s, i) => ({ name: `dense${i + 1}`, slopes: s, fractionNonlinear: 0 })), ...extra,
  };
}

function mlp(hidden: number[]): ExperimentConfig {
  const config = defaultConfig();
  return { ...config, dataset: { ...config.dataset, kind: 'xor' }, model: { ...config.model, kind: 'mlp', hidden, residual: false } };
}

describe('runPanelsView', () => {
  it('computes path lengths and the core network from the gates when the run file has none', () => {
    // xor MLP 2-3-2: one ReLU and two linear channels in the first layer, all ReLU in the second.
    const { view, notes } = runPanelsView(record(mlp([3, 2]), [[0, 1, 1], [0.2, 0]]));
    // Normalized: each path from the 2 inputs meets 1 (via the ReLU) or 0 channels in layer 1 with
    // probability 1/3 and 2/3, then always 1 in layer 2: P(2) = 1/3, P(1) = 2/3.
    expect(view?.apl?.normalized.histogram.map((h) => Number(h.toFixed(12)))).toEqual([0, Number((2 / 3).toFixed(12)), Number((1 / 3).toFixed(12))]);
    expect(view?.aplAllNonlinear?.normalized.apl).toBe(2);
    expect(view?.core?.effectiveWidth).toEqual([1, 2]);
    expect(view?.core?.edges).toEqual([]);
    expect(notes.join(' ')).toContain('keeps no weights');
  });

  it("uses the file's own APL and core network, read by the import", () => {
    const config = mlp([3, 2]);
    const apl = computeApl({ layers: [{ name: 'input', channels: 1, summands: [], gate: -1 }, { name: 'output', channels: 1, summands: [{ from: 0, connection: 'full' }], gate: -1 }] }, []);
    const core = { layers: [{ name: 'dense1', channels: 3, nonlinear: [{ channel: 0, strength: 1 }], linearCount: 2 }, { name: 'dense2', channels: 2, nonlinear: [{ channel: 1, strength: 0.5 }], linearCount: 1 }], edges: [{ layer: 0, from: 0, to: 1, weight: 1 }], effectiveDepth: 2, effectiveWidth: [1, 1] };
    const file = JSON.stringify({
      format: 'nonlinear-lab-runs', formatVersion: 1, kind: 'run', exportedAt: '2026-12-01T00:00:00Z',
      runs: [{ name: 'from torch', config, step: 10, totalSteps: 10, finished: true, metrics: [], gates: [{ name: 'dense1', slopes: [0, 1, 1] }, { name: 'dense2', slopes: [1, 0.5] }], apl, aplAllNonlinear: apl, core }],
    });
    const { runs, problems } = parseRunsImport(file);
    expect(problems).toEqual([]);
    const { view, notes } = runPanelsView({ ...runs[0], id: 'x' });
    expect(view?.core?.edges).toEqual([{ layer: 0, from: 0, to: 1, weight: 1 }]);
    expect(view?.apl).toEqual(apl);
    expect(notes).toEqual([]);
  });

  it('summarizes a run too large to draw whole, and says so', () => {
    const wide = 4 * MAX_DRAWN_GATES_PER_LAYER;
    const slopes = [Array.from({ length: wide }, (_, c) => (c % 2 === 0 ? 0 : 1)), [0, 0]];
    const { view, notes } = runPanelsView(record(mlp([wide, 2]), slopes));
    expect(view?.gates[0].slopes).toHaveLength(MAX_DRAWN_GATES_PER_LAYER);
    expect(view?.gates[1].slopes).toEqual([0, 0]);
    expect(notes.join(' ')).toContain(`Too large to draw whole (${(wide + 2).toLocaleString('en')} gated channels)`);
    expect(view?.core?.layers[0].nonlinear).toHaveLength(MAX_DRAWN_CORE_NODES_PER_LAYER);
    expect(view?.core?.effectiveWidth).toEqual([wide / 2, 2]);
    expect(notes.join(' ')).toContain(`effective width counts them all: ${wide / 2}, 2`);
  });

  it('says when the gates do not fit the config (a run made with other stages than the lab allows)', () => {
    const { view, notes } = runPanelsView(record(mlp([3, 2]), [[0, 0, 0, 0]]));
    expect(view?.apl).toBeNull();
    expect(view?.gates).toHaveLength(1);
    expect(notes.join(' ')).toContain('do not fit the architecture');
  });
});

describe('runPanelsView prior start', () => {
  it("marks the prior's start as the engine does, in steps or epochs", async () => {
    const { priorStartStep } = await import('../../engine/training/prior');
    const config = mlp([2]);
    for (const [start, startUnit] of [[3, 'step'], [2, 'epoch'], [0.5, 'epoch']] as const) {
      const prior = { ...config.prior, start, startUnit };
      const history = [{ step: 40, epoch: 2, trainLoss: 1, trainAccuracy: 0, testLoss: null, testAccuracy: null, fractionNonlinear: 1, aplNormalized: 1, aplUnnormalized: 1, lambda: 0 }];
      const { view } = runPanelsView(record({ ...config, prior }, [[0, 0]], { history }));
      expect(view?.priorStartStep).toBe(priorStartStep(prior, 20));
    }
  });
});
