// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../engine/config/defaults';
import { newRunRecord, type RunGroup, type RunRecord } from '../../lab/history/runRecord';
import { runColor } from '../runColors';
import { evalPoint } from '../testFixtures';
import { CompareChart } from './CompareChart';

afterEach(cleanup);

function record(id: string, name: string, at: number, group: RunGroup | null = null): RunRecord {
  return { ...newRunRecord({ id, name, config: defaultConfig(), group, at }), history: [evalPoint(0), evalPoint(100)] };
}

const member = (index: number, label: string): RunGroup => ({
  id: 'g1',
  kind: 'comparison',
  name: 'Early versus late',
  member: label,
  label,
  index,
  size: 2,
  linearizeAt: null,
  width: null,
});

const legend = () => screen.getAllByTestId('compare-legend-item').map((i) => i.textContent?.trim());
const strokes = () => screen.getAllByTestId('compare-series-accuracy').map((p) => p.getAttribute('stroke'));

describe('CompareChart', () => {
  it('gives a comparison’s runs the colours Compare drew them in, whatever order Runs lists them', () => {
    // Runs lists newest first; the comparison's early run (its run 0) is drawn in run colour 0 there.
    const late = record('b', 'late', 2_000, member(1, 'late'));
    const early = record('a', 'early', 1_000, member(0, 'early'));
    render(<CompareChart runs={[late, early]} />);
    expect(legend()).toEqual(['early', 'late']);
    expect(strokes()).toEqual([runColor(0), runColor(1)]);
  });

  it('colours lab runs oldest first', () => {
    render(<CompareChart runs={[record('n', 'newer', 3_000), record('o', 'older', 1_000), record('m', 'middle', 2_000)]} />);
    expect(legend()).toEqual(['older', 'middle', 'newer']);
    expect(strokes()).toEqual([runColor(0), runColor(1), runColor(2)]);
  });

  it('draws a path per run in both plots, labelled with how many runs', () => {
    render(<CompareChart runs={[record('a', 'one', 1), record('b', 'two', 2)]} />);
    expect(screen.getByRole('img', { name: 'Test accuracy against step, 2 runs' })).toBeTruthy();
    expect(screen.getAllByTestId('compare-series-apl').map((p) => p.getAttribute('d'))).toEqual([expect.stringMatching(/^M.+L/), expect.stringMatching(/^M.+L/)]);
  });
});
