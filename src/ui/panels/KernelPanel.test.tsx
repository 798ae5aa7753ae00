// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { evalPoint } from '../testFixtures';
import { KernelPanel } from './KernelPanel';

afterEach(cleanup);

const num = (el: Element, attr: string) => Number(el.getAttribute(attr));

const history = [
  evalPoint(0, { ntkDistance: 0, ntkVelocity: null, ntkAlignment: 0.1 }),
  evalPoint(50),
  evalPoint(100, { ntkDistance: 0.3, ntkVelocity: 0.3, ntkAlignment: 0.2 }),
  evalPoint(200, { ntkDistance: 0.4, ntkVelocity: 0.12, ntkAlignment: 0.3 }),
];

describe('KernelPanel', () => {
  it('draws distance, velocity and alignment through the evaluations that measured the kernel', () => {
    render(<KernelPanel history={history} priorStartStep={100} totalSteps={200} />);
    // Three readings of the distance (step 0 included), two of the velocity (none at step 0).
    expect(screen.getByTestId('kernel-series-distance').getAttribute('d')!.match(/[ML]/g)).toHaveLength(3);
    expect(screen.getByTestId('kernel-series-velocity').getAttribute('d')!.match(/[ML]/g)).toHaveLength(2);
    expect(screen.getByTestId('kernel-distance-value').textContent).toBe('0.4');
    expect(screen.getByTestId('kernel-velocity-value').textContent).toBe('0.12');
    expect(screen.getByTestId('kernel-alignment-value').textContent).toBe('0.3');
  });

  it('marks the step the prior switches on in every plot', () => {
    render(<KernelPanel history={history} priorStartStep={100} totalSteps={200} />);
    const velocity = screen.getByTestId('kernel-velocity');
    const area = velocity.querySelector('[data-testid="plot-area"]')!;
    const marker = velocity.querySelector('[data-testid="kernel-prior-marker"]')!;
    // Step 100 of a 200-step run: half-way across the plot area.
    expect(num(marker, 'x1')).toBeCloseTo(num(area, 'x') + 0.5 * num(area, 'width'), 6);
    expect(screen.getAllByTestId('kernel-prior-marker')).toHaveLength(3);
  });

  it('says when no kernel was measured (runs recorded before it was)', () => {
    render(<KernelPanel history={[evalPoint(0), evalPoint(100)]} priorStartStep={0} totalSteps={100} />);
    expect(screen.getByTestId('kernel-panel-empty').textContent).toMatch(/No tangent-kernel readings yet/);
  });
});
