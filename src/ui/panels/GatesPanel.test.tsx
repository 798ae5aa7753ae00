// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LINEAR_COLOR, strengthColor } from '../colors';
import { gatesFixture } from '../testFixtures';
import { stubCanvas } from '../testDom';
import { GatesPanel } from './GatesPanel';
import { channelAt, gateRows } from './gatesModel';

beforeAll(stubCanvas);
afterEach(cleanup);

describe('gateRows', () => {
  it('marks channels with a >= 1 - eps as linear and colours the rest by strength', () => {
    const [first, second] = gateRows(gatesFixture, 1e-3);
    expect(first.cells.map((c) => c.linear)).toEqual([false, false, true, true]);
    expect(second.cells.map((c) => c.linear)).toEqual([false, false, true]);
    expect(first.cells[0].color).toBe(strengthColor(1)); // a ReLU: full strength
    expect(first.cells[1].color).toBe(strengthColor(0.5));
    expect(first.cells[2].color).toBe(LINEAR_COLOR);
    expect(first.cells[3].color).toBe(LINEAR_COLOR);
    expect(first.cells[0].color).not.toBe(first.cells[1].color);
  });

  it('computes the fraction nonlinear per layer with the eps in force', () => {
    expect(gateRows(gatesFixture, 1e-3).map((r) => r.fractionNonlinear)).toEqual([0.5, 2 / 3]);
    // With eps = 0.01, a = 0.998 counts as linear too.
    expect(gateRows(gatesFixture, 0.01).map((r) => r.fractionNonlinear)).toEqual([0.5, 1 / 3]);
  });

  it('finds the channel under the pointer', () => {
    expect(channelAt(0, 100, 4)).toBe(0);
    expect(channelAt(24.9, 100, 4)).toBe(0);
    expect(channelAt(25, 100, 4)).toBe(1);
    expect(channelAt(99.9, 100, 4)).toBe(3);
    expect(channelAt(100, 100, 4)).toBeNull();
  });
});

describe('GatesPanel', () => {
  it('draws one row per layer with its fraction nonlinear beside it', () => {
    render(<GatesPanel gates={gatesFixture} eps={1e-3} />);
    expect(screen.getByTestId('gates-row-0')).toHaveProperty('textContent', expect.stringContaining('dense 1'));
    expect(screen.getByTestId('gates-fraction-0').textContent).toBe('50% 2/4');
    expect(screen.getByTestId('gates-fraction-1').textContent).toBe('67% 2/3');
    expect(screen.queryByTestId('gates-row-2')).toBeNull();
  });

  it('follows eps', () => {
    render(<GatesPanel gates={gatesFixture} eps={0.01} />);
    expect(screen.getByTestId('gates-fraction-1').textContent).toBe('33% 1/3');
  });

  it('shows the layer, channel and slope of the hovered cell, live as snapshots arrive', () => {
    const { rerender } = render(<GatesPanel gates={gatesFixture} eps={1e-3} />);
    const canvas = screen.getByLabelText<HTMLCanvasElement>(/^dense 1:/);
    canvas.getBoundingClientRect = () => ({ left: 0, top: 0, width: 100, height: 16, x: 0, y: 0, right: 100, bottom: 16, toJSON: () => ({}) });
    fireEvent.mouseMove(canvas, { clientX: 30, clientY: 5 }); // channel 1 of 4
    expect(screen.getByTestId('gates-tooltip').textContent).toBe(`dense 1 · channel 1 · slope a = ${gatesFixture[0].slopes[1].toFixed(3)}`);
    const later = gatesFixture.map((g, i) => (i === 0 ? { ...g, slopes: [g.slopes[0], 1, ...g.slopes.slice(2)] } : g));
    rerender(<GatesPanel gates={later} eps={1e-3} />);
    expect(screen.getByTestId('gates-tooltip').textContent).toBe('dense 1 · channel 1 · slope a = 1.000 (counts as linear)');
    fireEvent.mouseLeave(canvas);
    expect(screen.getByTestId('gates-tooltip').textContent).toMatch(/^Hover a cell/);
  });
});
