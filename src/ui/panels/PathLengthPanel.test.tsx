// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { aplAllNonlinearFixture, aplFixture, aplResidualFixture } from '../testFixtures';
import { PathLengthPanel } from './PathLengthPanel';

afterEach(cleanup);

const num = (el: Element, attr: string) => Number(el.getAttribute(attr));
const center = (bar: Element) => num(bar, 'x') + num(bar, 'width') / 2;

describe('PathLengthPanel', () => {
  it('draws one bar per bucket with heights proportional to the probabilities', () => {
    render(<PathLengthPanel apl={aplFixture} aplAllNonlinear={aplAllNonlinearFixture} />);
    const bars = screen.getAllByTestId('apl-bar');
    expect(bars).toHaveLength(4);
    const heights = bars.map((b) => num(b, 'height'));
    expect(heights[0]).toBe(0);
    expect(heights[1] / heights[2]).toBeCloseTo(0.703125 / 0.28125, 6);
    expect(heights[1] / heights[3]).toBeCloseTo(0.703125 / 0.015625, 6);
    // All bars stand on the same baseline.
    const bottoms = bars.map((b) => num(b, 'y') + num(b, 'height'));
    expect(new Set(bottoms.map((v) => v.toFixed(6))).size).toBe(1);
    // The ghost is behind: one bar per bucket of the all-nonlinear histogram.
    expect(screen.getAllByTestId('apl-ghost-bar')).toHaveLength(4);
  });

  it('marks the APL between the bars at its value and prints the number', () => {
    render(<PathLengthPanel apl={aplFixture} aplAllNonlinear={aplAllNonlinearFixture} />);
    expect(screen.getByTestId('apl-label').textContent).toBe('APL 1.31');
    const bars = screen.getAllByTestId('apl-bar');
    const expected = center(bars[1]) + 0.3125 * (center(bars[2]) - center(bars[1]));
    const line = screen.getByTestId('apl-marker').querySelector('line')!;
    expect(num(line, 'x1')).toBeCloseTo(expected, 6);
  });

  it('switches between normalized and unnormalized path weighting', () => {
    render(<PathLengthPanel apl={aplResidualFixture} aplAllNonlinear={aplResidualFixture} />);
    expect(screen.getByTestId('apl-label').textContent).toBe('APL 2.00');
    fireEvent.click(screen.getByTestId('apl-variant-unnormalized'));
    // 1024 / 257 = 3.984...
    expect(screen.getByTestId('apl-label').textContent).toBe('APL 3.98');
    const heights = screen.getAllByTestId('apl-bar').map((b) => num(b, 'height'));
    expect(heights[4] / heights[0]).toBeCloseTo(256, 6);
  });
});
