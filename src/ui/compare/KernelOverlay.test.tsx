// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { evalPoint } from '../testFixtures';
import { KernelOverlay } from './KernelOverlay';

afterEach(cleanup);

const measured = (step: number, d: number, v: number | null) => evalPoint(step, { ntkDistance: d, ntkVelocity: v, ntkAlignment: 0 });
const early = { id: 'a', label: 'Early', priorStartStep: 0, history: [measured(0, 0, null), measured(100, 0.4, 0.4), measured(200, 0.5, 0.1), measured(300, 0.52, 0.02)] };
const late = { id: 'b', label: 'Late', priorStartStep: 250, history: [measured(0, 0, null), measured(100, 0.4, 0.4), measured(200, 0.5, 0.1), measured(300, 0.52, 0.04)] };

describe('KernelOverlay', () => {
  it('overlays each run’s kernel velocity and distance with its prior start', () => {
    render(<KernelOverlay runs={[early, late]} totalSteps={300} />);
    for (const key of ['velocity', 'distance']) {
      expect(screen.getByTestId(`compare-kernel-series-${key}-0`).getAttribute('d')).toMatch(/^M/);
      expect(screen.getByTestId(`compare-kernel-series-${key}-1`).getAttribute('d')).toMatch(/^M/);
    }
    expect(screen.getAllByTestId('compare-kernel-prior-1')).toHaveLength(2);
  });

  it('says how fast each kernel moved when that run’s prior switched on', () => {
    render(<KernelOverlay runs={[early, late]} totalSteps={300} />);
    const text = screen.getByTestId('compare-kernel-settling').textContent;
    expect(text).toContain('Early: when its prior switched on (step 0), the kernel moved 0.4 per 100 steps, 100% of its fastest.');
    expect(text).toContain('Late: when its prior switched on (step 250), the kernel moved 0.04 per 100 steps, 10% of its fastest.');
  });

  it('says why the velocity is blank when the runs are too short for two kernel readings', () => {
    // 80-step runs: the kernel is read at step 0 and at the end, so each run has one velocity and no line.
    const short = (run: typeof early) => ({ ...run, history: [measured(0, 0, null), measured(80, 0.3, 0.37)] });
    render(<KernelOverlay runs={[short(early), short(late)]} totalSteps={80} />);
    const velocity = screen.getByTestId('compare-kernel-velocity');
    expect(velocity.querySelector('[data-testid="plot-empty"]')!.textContent).toBe(
      'No velocity line yet: it is read betweenkernel readings, taken every 100 steps,so runs need more than 100 steps.',
    );
    // The distance from init has two readings per run and draws its lines.
    expect(screen.getByTestId('compare-kernel-distance').querySelector('[data-testid="plot-empty"]')).toBeNull();
    expect(screen.getByTestId('compare-kernel-series-distance-0').getAttribute('d')).toMatch(/^M[^M]+L/);
  });

  it('draws the velocity without the note once one run has two velocities', () => {
    render(<KernelOverlay runs={[early, { ...late, history: late.history.slice(0, 2) }]} totalSteps={300} />);
    expect(screen.getByTestId('compare-kernel-velocity').querySelector('[data-testid="plot-empty"]')).toBeNull();
  });

  it('shows nothing for runs without kernel readings', () => {
    render(<KernelOverlay runs={[{ ...early, history: [evalPoint(0)] }]} totalSteps={300} />);
    expect(screen.queryByTestId('compare-kernel')).toBeNull();
  });
});
