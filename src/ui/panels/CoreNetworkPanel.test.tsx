// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react';
import type { CoreEdge } from '../../engine/analysis/types';
import { afterEach, describe, expect, it } from 'vitest';
import type { CoreNetworkView } from '../../engine/analysis/types';
import { coreFixture } from '../testFixtures';
import { CoreNetworkPanel } from './CoreNetworkPanel';

afterEach(cleanup);

const num = (el: Element, attr: string) => Number(el.getAttribute(attr));

describe('CoreNetworkPanel', () => {
  it('draws exactly the nonlinear nodes, one bundle per layer and the edges between drawn nodes', () => {
    render(<CoreNetworkPanel core={coreFixture} />);
    expect(screen.getAllByTestId('core-node')).toHaveLength(3);
    const bundles = screen.getAllByTestId('core-bundle');
    expect(bundles.map((b) => b.querySelector('.core-bundle-count')?.textContent)).toEqual(['2', '3', '4']);
    // The third edge points at a channel of layer 2, which is all linear: not drawn.
    expect(screen.getAllByTestId('core-edge')).toHaveLength(2);
  });

  it('prints the effective depth and width', () => {
    render(<CoreNetworkPanel core={coreFixture} />);
    expect(screen.getByTestId('core-depth').textContent).toBe('2');
    expect(screen.getByTestId('core-width').textContent).toBe('2-1-0');
  });

  it('joins edges to their nodes and draws stronger weights thicker', () => {
    render(<CoreNetworkPanel core={coreFixture} />);
    const nodes = screen.getAllByTestId('core-node');
    const [n0, n2, n1] = nodes; // layer 0 channel 0, layer 0 channel 2, layer 1 channel 1
    const [strong, weak] = screen.getAllByTestId('core-edge');
    expect([num(strong, 'x1'), num(strong, 'y1')]).toEqual([num(n0, 'cx'), num(n0, 'cy')]);
    expect([num(strong, 'x2'), num(strong, 'y2')]).toEqual([num(n1, 'cx'), num(n1, 'cy')]);
    expect([num(weak, 'x1'), num(weak, 'y1')]).toEqual([num(n2, 'cx'), num(n2, 'cy')]);
    expect(num(strong, 'stroke-width')).toBeGreaterThan(num(weak, 'stroke-width'));
    // A ReLU (strength 1) is drawn larger than a half-linear channel (strength 0.5).
    expect(num(n0, 'r')).toBeGreaterThan(num(n2, 'r'));
  });

  it('thins out when channels turn linear', () => {
    const thinner: CoreNetworkView = {
      ...coreFixture,
      layers: coreFixture.layers.map((l, i) =>
        i === 0 ? { ...l, nonlinear: l.nonlinear.slice(0, 1), linearCount: l.linearCount + 1 } : l,
      ),
      effectiveWidth: [1, 1, 0],
    };
    render(<CoreNetworkPanel core={thinner} />);
    expect(screen.getAllByTestId('core-node')).toHaveLength(2);
    expect(screen.getAllByTestId('core-edge')).toHaveLength(1);
    expect(screen.getAllByTestId('core-bundle')[0].querySelector('.core-bundle-count')?.textContent).toBe('3');
    expect(screen.getByTestId('core-width').textContent).toBe('1-1-0');
  });

  it('moves lines instead of replacing them when the strongest edges trade places', () => {
    // Layer 0 keeps channels 0 and 2, layer 1 keeps 0, 1 and 2: six possible edges, four drawn at a time.
    const layers: CoreNetworkView['layers'] = [
      { name: 'dense 1', channels: 4, nonlinear: [{ channel: 0, strength: 1 }, { channel: 2, strength: 1 }], linearCount: 2 },
      { name: 'dense 2', channels: 4, nonlinear: [0, 1, 2].map((channel) => ({ channel, strength: 1 })), linearCount: 1 },
    ];
    const view = (edges: [number, number, number][]): CoreNetworkView => ({
      layers,
      edges: edges.map(([from, to, weight]): CoreEdge => ({ layer: 0, from, to, weight })),
      effectiveDepth: 2,
      effectiveWidth: [2, 3],
    });
    const { rerender } = render(<CoreNetworkPanel core={view([[0, 0, 1], [0, 1, 0.8], [2, 1, 0.6], [2, 2, 0.4]])} />);
    const lines = screen.getAllByTestId('core-edge');
    const nodes = screen.getAllByTestId('core-node');
    const ends = (line: Element) => ['x1', 'y1', 'x2', 'y2'].map((a) => num(line, a));
    const at = (from: number, to: number) => [num(nodes[from === 0 ? 0 : 1], 'cx'), num(nodes[from === 0 ? 0 : 1], 'cy'), num(nodes[2 + to], 'cx'), num(nodes[2 + to], 'cy')];
    const widthBefore = num(lines[3], 'stroke-width');
    // 0>1 drops out of the strongest, 2>0 comes in; the others change weight only.
    rerender(<CoreNetworkPanel core={view([[0, 0, 0.9], [2, 0, 0.7], [2, 1, 0.6], [2, 2, 0.5]])} />);
    const after = screen.getAllByTestId('core-edge');
    expect(after).toHaveLength(4);
    // The same four elements: none removed, none created.
    expect(after.every((line, i) => line === lines[i])).toBe(true);
    // The line that drew 0>1 now draws 2>0; every edge is drawn between its own nodes.
    expect(ends(after[1])).toEqual(at(2, 0));
    expect(after.map(ends)).toEqual(expect.arrayContaining([at(0, 0), at(2, 0), at(2, 1), at(2, 2)]));
    // 2>2's weight went up: its line (the same element) is thicker.
    expect(ends(after[3])).toEqual(at(2, 2));
    expect(num(after[3], 'stroke-width')).toBeGreaterThan(widthBefore);
  });
});

