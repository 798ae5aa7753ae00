import { describe, expect, it } from 'vitest';
import type { CoreNetworkView } from '../../engine/analysis/types';
import { edgeSlots, layoutCore, type CoreGeometry } from './coreLayout';

const GEOMETRY: CoreGeometry = { width: 400, height: 300, top: 40, bottom: 10, left: 30, right: 30, bundleSpace: 40 };

function view(edges: CoreNetworkView['edges'], strengths = [0.9, 0.6]): CoreNetworkView {
  const layer = (name: string) => ({ name, channels: 3, nonlinear: [0, 1].map((channel) => ({ channel, strength: strengths[channel] })), linearCount: 1 });
  return { layers: [layer('dense 1'), layer('dense 2')], edges, effectiveDepth: 2, effectiveWidth: [2, 2] };
}

describe('layoutCore', () => {
  it('draws edges in a fixed order (layer, from, to), whatever their order by strength', () => {
    const strongestFirst = view([
      { layer: 0, from: 1, to: 0, weight: 1 },
      { layer: 0, from: 0, to: 1, weight: 0.7 },
      { layer: 0, from: 0, to: 0, weight: 0.3 },
    ]);
    const laterStep = view([
      { layer: 0, from: 0, to: 0, weight: 1 },
      { layer: 0, from: 1, to: 0, weight: 0.8 },
      { layer: 0, from: 0, to: 1, weight: 0.5 },
    ]);
    const keys = (v: CoreNetworkView) => layoutCore(v, GEOMETRY).edges.map((e) => e.key);
    expect(keys(strongestFirst)).toEqual(['0:0>0', '0:0>1', '0:1>0']);
    expect(keys(laterStep)).toEqual(keys(strongestFirst));
  });

  it('rounds edge weights and node strengths finer than the eye sees, so a tiny change leaves the drawing as it was', () => {
    const at = (weight: number, strength: number) => {
      const layout = layoutCore(view([{ layer: 0, from: 0, to: 1, weight }], [strength, 0.5]), GEOMETRY);
      return { weight: layout.edges[0].weight, node: layout.nodes[0] };
    };
    expect(at(0.301, 0.702)).toEqual(at(0.309, 0.698));
    expect(at(0.3, 0.7).weight).not.toBe(at(0.34, 0.7).weight);
    expect(at(0.3, 0.7).node.r).not.toBe(at(0.3, 0.75).node.r);
    expect(at(0.301, 0.702).weight).toBeCloseTo(0.3, 10);
    expect(at(0.301, 0.702).node.strength).toBeCloseTo(0.7, 10);
  });
});

describe('edgeSlots', () => {
  it('numbers the first drawing in order', () => {
    expect([...edgeSlots(new Map(), ['a', 'b', 'c'])]).toEqual([['a', 0], ['b', 1], ['c', 2]]);
  });

  it('keeps every edge that stays on its line and gives a new edge the line of one that left', () => {
    const first = edgeSlots(new Map(), ['a', 'b', 'c', 'd']);
    // b and d left, x and y came: they take b's and d's lines, lowest first.
    const next = edgeSlots(first, ['a', 'c', 'x', 'y']);
    expect(Object.fromEntries(next)).toEqual({ a: 0, c: 2, x: 1, y: 3 });
  });

  it('adds lines only as the edges grow in number, and frees them as they shrink', () => {
    const first = edgeSlots(new Map(), ['a', 'b']);
    expect(Object.fromEntries(edgeSlots(first, ['b', 'c', 'd']))).toEqual({ b: 1, c: 0, d: 2 });
    expect(Object.fromEntries(edgeSlots(first, ['b']))).toEqual({ b: 1 });
    expect(Object.fromEntries(edgeSlots(edgeSlots(first, ['b']), ['b', 'e']))).toEqual({ b: 1, e: 0 });
  });
});

