// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react';
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
});
