// @vitest-environment jsdom
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { defaultConfig } from '../../engine/config/defaults';
import { earlySchedule, lateSchedule } from '../../engine/experiments/schedules';
import { sweepRuns } from '../../engine/experiments/sweepGrid';
import { createMemoryRunStore } from '../../lab/history/memoryRunStore';
import { newRunRecord, type RunGroupKind, type RunRecord } from '../../lab/history/runRecord';
import type { LabApi } from '../../lab/labApi';
import { stubCanvas } from '../testDom';
import { evalPoint } from '../testFixtures';
import { CompareView, type ShownGroup } from './CompareView';

afterEach(cleanup);
stubCanvas();

const base = { ...defaultConfig(), prior: { ...defaultConfig().prior, lambda: 2 } };
const specs = sweepRuns(base, [2, 20], [earlySchedule(), lateSchedule(5, 'epoch')]);

/** The runs of one kept group, all finished, written at `at`. */
function group(id: string, kind: RunGroupKind, name: string, at: number): RunRecord[] {
  return specs.map((spec, index) => ({
    ...newRunRecord({
      id: `${id}-${index}`, name: `${name}: ${spec.label}`, at, config: spec.config,
      group: { id, kind, name, member: spec.id, label: spec.label, index, size: specs.length, linearizeAt: null, width: null },
    }),
    step: 100, totalSteps: 100, finished: true, history: [evalPoint(0), evalPoint(100, { testAccuracy: 0.9, aplNormalized: 1.5 })],
  }));
}

function setup() {
  const store = createMemoryRunStore([...group('older', 'sweep', 'Older sweep', 1), ...group('newer', 'sweep', 'Newer sweep', 2), ...group('cmp', 'comparison', 'Early versus late', 3)]);
  const createRunnerApi = (): LabApi => {
    throw new Error('nothing trains here');
  };
  // The records read whole: a group asked for reads its own runs, never every stored run.
  const reads: string[] = [];
  const counted = { ...store, get: (id: string) => (reads.push(id), store.get(id)), list: () => Promise.reject(new Error('the Compare tab read every record whole')) };
  const recorder = { store: counted, keep: (r: RunRecord) => store.put(structuredClone(r)) };
  const view = (shownGroup: ShownGroup | null) => (
    <CompareView base={base} createRunnerApi={createRunnerApi} onRunsStarting={vi.fn()} onAdoptConfig={vi.fn()} onOpenInLab={vi.fn()} recorder={recorder} shownGroup={shownGroup} />
  );
  const scrolled: string[] = [];
  Element.prototype.scrollIntoView = function (this: Element) {
    scrolled.push(this.id);
  };
  const sweepStatus = () => document.querySelector('section[aria-labelledby="sweep-title"] [data-testid=queue-status]')?.textContent ?? '';
  return { ...render(view(null)), view, scrolled, sweepStatus, reads };
}

describe('a kept group asked for from Runs', () => {
  it('shows in its section as it ended, in place of the latest of its kind, and is scrolled to', async () => {
    const { rerender, view, scrolled, sweepStatus, reads } = setup();
    // After a reload each section shows the latest group of its kind.
    await waitFor(() => expect(sweepStatus()).toContain('Kept: Newer sweep'));

    reads.length = 0;
    rerender(view({ id: 'older', request: 1 }));
    await waitFor(() => expect(sweepStatus()).toContain('Kept: Older sweep'));
    expect(reads.sort()).toEqual(specs.map((_, i) => `older-${i}`).sort());
    expect(sweepStatus()).toContain('4 of 4 runs finished');
    expect(document.querySelectorAll('section[aria-labelledby="sweep-title"] [data-testid=frontier-point]')).toHaveLength(4);
    expect(scrolled).toEqual(['sweep-title']);

    rerender(view({ id: 'newer', request: 2 }));
    await waitFor(() => expect(sweepStatus()).toContain('Kept: Newer sweep'));
    rerender(view({ id: 'older', request: 3 }));
    await waitFor(() => expect(sweepStatus()).toContain('Kept: Older sweep'));
    expect(scrolled).toEqual(['sweep-title', 'sweep-title', 'sweep-title']);
    expect(screen.queryByTestId('compare-shown-problem')).toBeNull();

    // A comparison shows in the early-versus-late section.
    rerender(view({ id: 'cmp', request: 4 }));
    await waitFor(() => expect(scrolled.at(-1)).toBe('early-late-title'));
    expect(document.querySelector('section[aria-labelledby="early-late-title"] [data-testid=queue-status]')?.textContent).toContain('Kept: Early versus late');
  });
});
