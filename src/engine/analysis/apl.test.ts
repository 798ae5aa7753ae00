import { describe, expect, it } from 'vitest';
import { computeApl } from './apl';
import type { ChannelGraph, ChannelLayer, Summand } from './channelGraph';
import { chainGraph, residualBlockGraph } from './graphBuilders';
import { createRng } from '../random';

/** A mask of `width` channels whose first `nonlinear` channels are nonlinear. */
function firstNonlinear(width: number, nonlinear: number): boolean[] {
  return Array.from({ length: width }, (_, c) => c < nonlinear);
}

function expectHistogram(actual: number[], expected: number[], tol = 1e-12): void {
  const n = Math.max(actual.length, expected.length);
  for (let k = 0; k < n; k++) expect(actual[k] ?? 0).toBeCloseTo(expected[k] ?? 0, -Math.log10(tol));
}

/**
 * Independent check: walks every explicit path from each output channel back to an input channel,
 * counting the nonlinear channels met and the path's weight (1 per path, or the product of the
 * 1/(summands) and 1/(fan-in) choices for the normalized variant).
 */
function bruteForce(graph: ChannelGraph, mask: boolean[][], normalized: boolean): number[] {
  const { layers } = graph;
  const out = layers.length - 1;
  const total: number[] = [];
  for (let c = 0; c < layers[out].channels; c++) {
    const perChannel: number[] = [];
    const walk = (layerIndex: number, channel: number, weight: number, met: number): void => {
      const layer = layers[layerIndex];
      const here = met + (layer.gate >= 0 && mask[layer.gate][channel] ? 1 : 0);
      if (layer.summands.length === 0) {
        perChannel[here] = (perChannel[here] ?? 0) + weight;
        return;
      }
      for (const s of layer.summands) {
        const fromChannels = layers[s.from].channels;
        if (s.connection === 'identity') {
          walk(s.from, channel, normalized ? weight / layer.summands.length : weight, here);
        } else {
          for (let j = 0; j < fromChannels; j++) {
            walk(s.from, j, normalized ? weight / (layer.summands.length * fromChannels) : weight, here);
          }
        }
      }
    };
    walk(out, c, 1, 0);
    const sum = perChannel.reduce((a, b) => a + (b ?? 0), 0);
    perChannel.forEach((v, k) => {
      total[k] = (total[k] ?? 0) + (v ?? 0) / sum / layers[out].channels;
    });
  }
  return Array.from(total, (v) => v ?? 0);
}

function poissonBinomial(p: number[]): number[] {
  let h = [1];
  for (const q of p) {
    const next = new Array<number>(h.length + 1).fill(0);
    h.forEach((v, k) => {
      next[k] += v * (1 - q);
      next[k + 1] += v * q;
    });
    h = next;
  }
  return h;
}

function randomMask(widths: number[], rng: () => number): boolean[][] {
  const density = rng();
  return widths.map((w) => Array.from({ length: w }, () => rng() < density));
}

/** Layers that may be summed by identity all share one width, so residual adds are always possible. */
function randomResidualGraph(rng: () => number): { graph: ChannelGraph; gateWidths: number[] } {
  const widthChoices = [2, 3];
  const layers: ChannelLayer[] = [];
  const gateWidths: number[] = [];
  const inputs = 1 + Math.floor(rng() * 2);
  for (let i = 0; i < inputs; i++) layers.push({ name: `in${i}`, channels: widthChoices[Math.floor(rng() * 2)], summands: [], gate: -1 });
  const total = inputs + 2 + Math.floor(rng() * 4);
  for (let i = inputs; i < total; i++) {
    const channels = widthChoices[Math.floor(rng() * 2)];
    const summands: Summand[] = [];
    const count = 1 + Math.floor(rng() * 3);
    for (let t = 0; t < count; t++) {
      // Prefer the layer just before, so the graph stays connected and deep.
      const from = t === 0 ? i - 1 : Math.floor(rng() * i);
      const identity = layers[from].channels === channels && rng() < 0.6;
      summands.push({ from, connection: identity ? 'identity' : 'full' });
    }
    const gated = i < total - 1 ? rng() < 0.7 : rng() < 0.3;
    layers.push({ name: `l${i}`, channels, summands, gate: gated ? gateWidths.length : -1 });
    if (gated) gateWidths.push(channels);
  }
  return { graph: { layers }, gateWidths };
}

describe('computeApl: worked examples of method.md', () => {
  it('a chain of three 64-wide layers with 64, 16 and 4 nonlinear channels has APL 1.3125', () => {
    const graph = chainGraph(10, [64, 64, 64], 10);
    const mask = [firstNonlinear(64, 64), firstNonlinear(64, 16), firstNonlinear(64, 4)];
    const { normalized, unnormalized } = computeApl(graph, mask);
    for (const d of [normalized, unnormalized]) {
      expect(d.apl).toBeCloseTo(1.3125, 12);
      expectHistogram(d.histogram, [0, 0.703125, 0.28125, 0.015625]);
      expect(d.histogram).toHaveLength(4);
    }
  });

  it('a plain chain gives APL = sum of nonlinear fractions and a Poisson-binomial histogram', () => {
    const rng = createRng(7);
    for (let trial = 0; trial < 20; trial++) {
      const widths = Array.from({ length: 1 + Math.floor(rng() * 8) }, () => 1 + Math.floor(rng() * 40));
      const mask = widths.map((w) => Array.from({ length: w }, () => rng() < 0.5));
      const fractions = mask.map((m) => m.filter(Boolean).length / m.length);
      const { normalized, unnormalized } = computeApl(chainGraph(3, widths, 2), mask);
      const expected = poissonBinomial(fractions);
      const expectedApl = fractions.reduce((a, b) => a + b, 0);
      for (const d of [normalized, unnormalized]) {
        expect(d.apl).toBeCloseTo(expectedApl, 10);
        expectHistogram(d.histogram, expected, 1e-10);
      }
    }
  });

  it('x + F(x) with a four-layer all-ReLU branch of width 4: unnormalized 1024/257, normalized 2', () => {
    const graph = residualBlockGraph({ width: 4, blocks: 1, branchDepth: 4 });
    const mask = [0, 1, 2, 3].map(() => firstNonlinear(4, 4));
    const { normalized, unnormalized } = computeApl(graph, mask);
    expect(unnormalized.apl).toBeCloseTo(1024 / 257, 12);
    expectHistogram(unnormalized.histogram, [1 / 257, 0, 0, 0, 256 / 257]);
    expect(normalized.apl).toBeCloseTo(2, 12);
    expectHistogram(normalized.histogram, [0.5, 0, 0, 0, 0.5]);
  });

  it('the same block followed by a full output layer gives the same distributions', () => {
    const graph = residualBlockGraph({ width: 4, blocks: 1, branchDepth: 4, outputChannels: 3 });
    const { normalized, unnormalized } = computeApl(graph, [0, 1, 2, 3].map(() => firstNonlinear(4, 4)));
    expect(unnormalized.apl).toBeCloseTo(1024 / 257, 12);
    expect(normalized.apl).toBeCloseTo(2, 12);
  });

  it('a fully linear network has every path at length 0', () => {
    const widths = [5, 6, 7];
    const { normalized, unnormalized } = computeApl(chainGraph(2, widths, 2), widths.map((w) => firstNonlinear(w, 0)));
    expect(normalized.histogram).toEqual([1, 0, 0, 0]);
    expect(unnormalized.apl).toBe(0);
  });
});

describe('computeApl against brute-force path enumeration', () => {
  it('matches on random small chains', () => {
    const rng = createRng(11);
    for (let trial = 0; trial < 40; trial++) {
      const widths = Array.from({ length: 1 + Math.floor(rng() * 4) }, () => 1 + Math.floor(rng() * 4));
      const graph = chainGraph(1 + Math.floor(rng() * 3), widths, 1 + Math.floor(rng() * 3));
      const mask = randomMask(widths, rng);
      const result = computeApl(graph, mask);
      expectHistogram(result.normalized.histogram, bruteForce(graph, mask, true), 1e-9);
      expectHistogram(result.unnormalized.histogram, bruteForce(graph, mask, false), 1e-9);
    }
  });

  it('matches on random graphs with residual adds, identity and full summands', () => {
    const rng = createRng(12);
    let withIdentity = 0;
    let unnormalizedDiffers = 0;
    for (let trial = 0; trial < 150; trial++) {
      const { graph, gateWidths } = randomResidualGraph(rng);
      const mask = randomMask(gateWidths, rng);
      const result = computeApl(graph, mask);
      const normalized = bruteForce(graph, mask, true);
      const unnormalized = bruteForce(graph, mask, false);
      expectHistogram(result.normalized.histogram, normalized, 1e-9);
      expectHistogram(result.unnormalized.histogram, unnormalized, 1e-9);
      const meanOf = (h: number[]) => h.reduce((a, v, k) => a + k * v, 0);
      expect(result.normalized.apl).toBeCloseTo(meanOf(normalized), 9);
      expect(result.unnormalized.apl).toBeCloseTo(meanOf(unnormalized), 9);
      if (graph.layers.some((l) => l.summands.some((s) => s.connection === 'identity'))) withIdentity++;
      if (Math.abs(meanOf(normalized) - meanOf(unnormalized)) > 1e-6) unnormalizedDiffers++;
    }
    // The random graphs must actually exercise identity summands and cases where the variants differ.
    expect(withIdentity).toBeGreaterThan(50);
    expect(unnormalizedDiffers).toBeGreaterThan(20);
  });

  it('keeps unnormalized path counts finite on deep wide residual chains (rescaling)', () => {
    // 30 blocks of two 512-wide layers: about 512^60 branch paths, far beyond double range.
    const graph = residualBlockGraph({ width: 512, blocks: 30, branchDepth: 2, outputChannels: 10 });
    const mask = Array.from({ length: 60 }, () => firstNonlinear(512, 512));
    const { unnormalized, normalized } = computeApl(graph, mask);
    // Counting paths, each block's branch (512^2 paths) competes with one skip path, independently per block.
    expect(unnormalized.apl).toBeCloseTo((30 * 2 * 512 ** 2) / (512 ** 2 + 1), 9);
    expect(unnormalized.histogram.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    // Normalized: each block's branch is taken with probability 1/2 and adds 2: mean 30.
    expect(normalized.apl).toBeCloseTo(30, 10);
  });
});

describe('computeApl input checks', () => {
  it('rejects a gated layer without a mask of matching width', () => {
    expect(() => computeApl(chainGraph(2, [3, 3], 2), [[true, true, true]])).toThrow(/gate mask/);
  });

  it('rejects an identity summand between layers of different width', () => {
    const graph: ChannelGraph = {
      layers: [
        { name: 'in', channels: 2, summands: [], gate: -1 },
        { name: 'out', channels: 3, summands: [{ from: 0, connection: 'identity' }], gate: -1 },
      ],
    };
    expect(() => computeApl(graph, [])).toThrow(/identity/);
  });
});
