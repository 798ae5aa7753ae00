import { describe, expect, it } from 'vitest';
import { extractCoreNetwork } from './coreNetwork';
import { chainGraph } from './graphBuilders';
import { createRng } from '../random';

// Rows: channels of gated layer 0; columns: channels of gated layer 1.
const magnitudes01 = [
  [0.1, 9, 0.4],
  [0.8, 7, 0.2],
  [5, 5, 5],
].flat();

describe('extractCoreNetwork', () => {
  it('keeps the nonlinear channels, bundles the linear ones and normalizes edges by the strongest', () => {
    const view = extractCoreNetwork({
      graph: chainGraph(2, [3, 3], 2),
      slopes: [
        [0, 0.5, 1],
        [0.25, 1, 0],
      ],
      eps: 1e-3,
      edgeMagnitudes: [magnitudes01],
    });
    expect(view.layers).toEqual([
      { name: 'hidden1', channels: 3, nonlinear: [{ channel: 0, strength: 1 }, { channel: 1, strength: 0.5 }], linearCount: 1 },
      { name: 'hidden2', channels: 3, nonlinear: [{ channel: 0, strength: 0.75 }, { channel: 2, strength: 1 }], linearCount: 1 },
    ]);
    // Edges touching linear channels (the 9, 7 and 5s) are not part of the core; 0.8 is the largest kept.
    expect(view.edges).toEqual([
      { layer: 0, from: 1, to: 0, weight: 1 },
      { layer: 0, from: 0, to: 2, weight: 0.5 },
      { layer: 0, from: 1, to: 2, weight: 0.25 },
      { layer: 0, from: 0, to: 0, weight: 0.125 },
    ]);
    expect(view.effectiveDepth).toBe(2);
    expect(view.effectiveWidth).toEqual([2, 2]);
  });

  it('caps the edges per layer pair, keeping the strongest', () => {
    const view = extractCoreNetwork({
      graph: chainGraph(2, [3, 3], 2),
      slopes: [
        [0, 0.5, 1],
        [0.25, 1, 0],
      ],
      eps: 1e-3,
      edgeMagnitudes: [magnitudes01],
      maxEdgesPerPair: 2,
    });
    expect(view.edges).toEqual([
      { layer: 0, from: 1, to: 0, weight: 1 },
      { layer: 0, from: 0, to: 2, weight: 0.5 },
    ]);
  });

  it('a fully linear layer drops out of the effective depth and cuts the edges through it', () => {
    const view = extractCoreNetwork({
      graph: chainGraph(2, [2, 2, 2], 2),
      slopes: [
        [0, 0],
        [1, 1],
        [0.5, 1],
      ],
      eps: 1e-3,
      edgeMagnitudes: [
        [1, 2, 3, 4],
        [5, 6, 7, 8],
      ],
    });
    expect(view.effectiveDepth).toBe(2);
    expect(view.effectiveWidth).toEqual([2, 0, 1]);
    expect(view.layers[1]).toEqual({ name: 'hidden2', channels: 2, nonlinear: [], linearCount: 2 });
    expect(view.edges).toEqual([]);
  });

  it('normalizes by the largest edge in the whole net, across layer pairs, and skips unjoined pairs', () => {
    const slopes = [
      [0, 0],
      [0, 0],
      [0, 0],
      [0, 0],
    ];
    const view = extractCoreNetwork({
      graph: chainGraph(2, [2, 2, 2, 2], 2),
      slopes,
      eps: 1e-3,
      edgeMagnitudes: [[1, 0, 0, 2], null, [0, 4, 0, 0]],
    });
    // Zero magnitudes are no connection. Edges come by layer pair, each pair's strongest first.
    expect(view.edges).toEqual([
      { layer: 0, from: 1, to: 1, weight: 0.5 },
      { layer: 0, from: 0, to: 0, weight: 0.25 },
      { layer: 2, from: 0, to: 1, weight: 1 },
    ]);
    expect(view.effectiveDepth).toBe(4);
  });

  it('counts a = 1 - eps as linear and anything below as nonlinear', () => {
    const view = extractCoreNetwork({
      graph: chainGraph(2, [4], 2),
      slopes: [[0.75, 0.7499, 0.76, 0]],
      eps: 0.25,
      edgeMagnitudes: [],
    });
    expect(view.layers[0].nonlinear.map((n) => n.channel)).toEqual([1, 3]);
    expect(view.layers[0].nonlinear[0].strength).toBeCloseTo(0.2501, 12);
    expect(view.layers[0].linearCount).toBe(2);
    expect(view.effectiveWidth).toEqual([2]);
    expect(view.effectiveDepth).toBe(1);
  });

  it('on a random dense net keeps exactly the top edges among nonlinear pairs', () => {
    const rng = createRng(3);
    const widths = [12, 9, 15];
    const slopes = widths.map((w) => Array.from({ length: w }, () => (rng() < 0.5 ? 1 : rng())));
    const magnitudes = [0, 1].map((l) => Array.from({ length: widths[l] * widths[l + 1] }, () => rng()));
    const cap = 7;
    const view = extractCoreNetwork({ graph: chainGraph(3, widths, 2), slopes, eps: 1e-3, edgeMagnitudes: magnitudes, maxEdgesPerPair: cap });

    const all = [0, 1].flatMap((l) => {
      const candidates = [];
      for (let i = 0; i < widths[l]; i++) {
        for (let j = 0; j < widths[l + 1]; j++) {
          if (slopes[l][i] < 0.999 && slopes[l + 1][j] < 0.999) candidates.push({ layer: l, from: i, to: j, weight: magnitudes[l][i * widths[l + 1] + j] });
        }
      }
      return candidates.sort((a, b) => b.weight - a.weight).slice(0, cap);
    });
    const largest = Math.max(...all.map((e) => e.weight));
    const expected = all.map((e) => ({ ...e, weight: e.weight / largest })); // by layer, each pair strongest first
    expect(view.edges).toEqual(expected);
  });

  it('a shortlist gives the same view as the full matrix, strongest first (as from tf.topk) or in any order', () => {
    const rng = createRng(11);
    const widths = [10, 8];
    const slopes = widths.map((w) => Array.from({ length: w }, () => (rng() < 0.3 ? 1 : rng())));
    const full = Array.from({ length: widths[0] * widths[1] }, () => Math.round(rng() * 20) / 4); // ties and zeros on purpose
    const graph = chainGraph(2, widths, 2);
    const expected = extractCoreNetwork({ graph, slopes, eps: 1e-3, edgeMagnitudes: [full], maxEdgesPerPair: 6 });

    const entries = full.map((magnitude, i) => ({ magnitude, from: Math.floor(i / widths[1]), to: i % widths[1] }));
    const shortlist = (list: typeof entries) => ({
      from: list.map((e) => e.from),
      to: list.map((e) => e.to),
      magnitude: list.map((e) => e.magnitude),
    });
    const strongestFirst = [...entries].sort((a, b) => b.magnitude - a.magnitude || a.from - b.from || a.to - b.to);
    const shuffled = [...entries].sort(() => rng() - 0.5);
    expect(extractCoreNetwork({ graph, slopes, eps: 1e-3, edgeMagnitudes: [shortlist(strongestFirst)], maxEdgesPerPair: 6 })).toEqual(expected);
    expect(extractCoreNetwork({ graph, slopes, eps: 1e-3, edgeMagnitudes: [shortlist(shuffled)], maxEdgesPerPair: 6 })).toEqual(expected);
  });

  it('rejects magnitudes of the wrong shape', () => {
    expect(() =>
      extractCoreNetwork({ graph: chainGraph(2, [2, 3], 2), slopes: [[0, 0], [0, 0, 0]], eps: 1e-3, edgeMagnitudes: [[1, 2, 3, 4]] }),
    ).toThrow(/expected 2 x 3/);
  });
});
