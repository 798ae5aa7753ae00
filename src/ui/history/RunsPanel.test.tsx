// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../engine/config/defaults';
import type { Snapshot } from '../../engine/training/snapshot';
import { createMemoryRunStore } from '../../lab/history/memoryRunStore';
import { RunRecorder } from '../../lab/history/runRecorder';
import type { RunStore } from '../../lab/history/runStore';
import { fixtureRun } from '../../lab/import/importFixtures';
import { lastTestPoint } from '../../lab/history/runRecord';
import { formatCompact, formatPercent } from '../format';
import { formatBytes, progressText } from './ImportProgress';
import { importSummary } from './ImportReport';
import { RunsPanel } from './RunsPanel';

afterEach(cleanup);

/** A memory store that counts how often every stored run is read whole (list), listed (summaries) and one run read whole (get). */
function countingStore(count: number) {
  const store = createMemoryRunStore(Array.from({ length: count }, (_, i) => ({ ...fixtureRun(i), name: `stored ${i}` })));
  const counted: RunStore & { lists: number; summaryLists: number; gets: string[] } = {
    ...store,
    lists: 0,
    summaryLists: 0,
    gets: [],
    list: async () => {
      counted.lists++;
      return store.list();
    },
    summaries: async () => {
      counted.summaryLists++;
      return store.summaries();
    },
    get: async (id) => {
      counted.gets.push(id);
      return store.get(id);
    },
  };
  return counted;
}

describe('the Runs panel with thousands of stored runs', () => {
  it('draws 100 rows, more on demand, and a save neither reads every stored run again nor draws them all', async () => {
    const store = countingStore(3_000);
    const recorder = new RunRecorder({ store, throttleMs: 0 });
    render(<RunsPanel recorder={recorder} onOpen={() => undefined} />);
    await waitFor(() => expect(screen.getAllByTestId('run-row')).toHaveLength(100));
    expect(screen.getByTestId('runs-panel').textContent).toContain('· 3,000 runs');
    expect(screen.getByTestId('runs-show-more').textContent).toBe('Show 100 more (2,900 not shown)');
    // Opening lists the runs' summaries once and reads no run whole.
    expect([store.lists, store.summaryLists, store.gets]).toEqual([0, 1, []]);

    const config = { ...defaultConfig(), name: 'Training now' };
    act(() => {
      recorder.start(config);
      for (const step of [0, 10, 20]) {
        const snapshot = { step, totalSteps: 100, stepsPerEpoch: 10, newPoints: [], gates: [], backend: { name: 'wasm' }, finished: false, diverged: null };
        recorder.handle({ type: 'snapshot', snapshot: snapshot as unknown as Snapshot });
      }
    });
    await waitFor(() => expect(screen.getAllByTestId('run-name')[0].textContent).toBe('Training now'));
    await waitFor(() => expect(screen.getAllByTestId('run-figures')[0].textContent).toMatch(/^step 20 \/ 100/));
    expect(screen.getByTestId('runs-panel').textContent).toContain('· 3,001 runs');
    expect(screen.getAllByTestId('run-row')).toHaveLength(100);
    expect([store.lists, store.summaryLists]).toEqual([0, 1]);

    fireEvent.click(screen.getByTestId('runs-show-more'));
    expect(screen.getAllByTestId('run-row')).toHaveLength(200);
  });
});

describe('a listed run read whole when a person asks for it', () => {
  const row = (name: string) => screen.getAllByTestId('run-row').find((r) => r.querySelector('[data-testid=run-name]')!.textContent === name)!;
  const within = (name: string, testId: string) => row(name).querySelector<HTMLElement>(`[data-testid=${testId}]`)!;

  it('reads only the runs whose numbers or curves are shown, and renames a run keeping its record whole', async () => {
    const store = countingStore(50);
    const recorder = new RunRecorder({ store, throttleMs: 0 });
    render(<RunsPanel recorder={recorder} onOpen={() => undefined} />);
    await waitFor(() => expect(screen.getAllByTestId('run-row')).toHaveLength(50));
    // The row's figures come from the summary, as they came from the record.
    const stored = (await store.get('r7'))!;
    store.gets.length = 0;
    const test = formatPercent(lastTestPoint(stored)!.testAccuracy!, 1);
    expect(within('stored 7', 'run-figures').textContent).toBe(`step 10 / 10 · test ${test} · APL ${formatCompact(stored.history.at(-1)!.aplNormalized)} · wasm`);
    expect(within('stored 7', 'run-view')).not.toBeNull(); // it kept gates: Panels

    fireEvent.click(within('stored 7', 'run-details'));
    await waitFor(() => expect(row('stored 7').querySelectorAll('[data-testid=eval-row]')).toHaveLength(stored.history.length));
    expect(store.gets).toEqual(['r7']);

    fireEvent.click(within('stored 3', 'run-select'));
    fireEvent.click(within('stored 4', 'run-select'));
    await waitFor(() => expect(screen.getByTestId('runs-panel').textContent).toContain('Compared: 2 runs'));
    await waitFor(() => expect(screen.getByTestId('runs-panel').querySelectorAll('.runs-compare path').length).toBeGreaterThan(0));
    expect([...store.gets].sort()).toEqual(['r3', 'r4', 'r7']);

    fireEvent.click(within('stored 9', 'run-rename'));
    const input = screen.getByTestId<HTMLInputElement>('run-name-input');
    fireEvent.change(input, { target: { value: 'renamed nine' } });
    fireEvent.blur(input);
    await waitFor(() => expect(screen.getAllByTestId('run-name').map((n) => n.textContent)).toContain('renamed nine'));
    expect(await store.get('r9')).toEqual({ ...(await createMemoryRunStore([fixtureRun(9)]).get('r9'))!, name: 'renamed nine' });
    expect(store.lists).toBe(0);
  });
});

describe('what the import says', () => {
  const done = { read: 0, saved: 0, unsaved: 0, skipped: 0, cancelled: false, removed: 0 };
  it('counts what was stored, kept in memory only, skipped, or removed again after a cancel', () => {
    expect(importSummary({ ...done, read: 1_997, saved: 1_997, skipped: 3 })).toBe("Imported 1,997 runs. 3 of the file's 2,000 runs skipped.");
    expect(importSummary({ ...done, read: 1, saved: 1 })).toBe('Imported 1 run.');
    expect(importSummary({ ...done, read: 3, saved: 1, unsaved: 2 })).toBe('Read 3 runs: 1 saved, 2 kept only until the page closes (not saved).');
    expect(importSummary({ ...done, read: 1, unsaved: 1 })).toBe('Read 1 run, but the browser would not store it: kept only until the page closes (not saved).');
    expect(importSummary({ ...done, cancelled: true })).toBe('Import cancelled: nothing was imported.');
    expect(importSummary({ ...done, read: 500, cancelled: true, removed: 200 })).toBe('Import cancelled: nothing was imported (the 200 runs stored before the cancel were removed again).');
    expect(importSummary({ ...done, read: 500, cancelled: true, removed: 198, saved: 2 })).toBe('Import cancelled, but 2 runs stored before the cancel could not be removed again; they are listed below.');
  });

  it('says which step the import is at, in bytes and runs', () => {
    const reading = { phase: 'reading' as const, bytesRead: 4_200_000, totalBytes: 14_400_000, runsChecked: 1_234, runsStored: 0, runsToStore: 0 };
    expect(progressText(reading)).toBe('Step 1 of 2, reading: 4.2 MB of 14.4 MB · 1,234 runs checked');
    expect(progressText({ ...reading, phase: 'storing', runsStored: 1_200, runsToStore: 1_997 })).toBe('Step 2 of 2, storing: 1,200 of 1,997 runs');
    expect([formatBytes(1), formatBytes(650_400), formatBytes(14_449_000)]).toEqual(['1 byte', '650 kB', '14.4 MB']);
  });
});

describe('reopening a run', () => {
  it('loads a real-network run into the lab, and refuses a run that was trained linearized in its weights, saying why', async () => {
    const linearized = {
      ...fixtureRun(1),
      name: 'linearized',
      group: { id: 'g', kind: 'linearize' as const, name: 'Linearize early vs late', member: 'lin100', label: 'linearized at step 100', index: 1, size: 2, linearizeAt: 100, width: null },
    };
    const store = createMemoryRunStore([{ ...fixtureRun(0), name: 'real' }, linearized]);
    const opened: string[] = [];
    render(<RunsPanel recorder={new RunRecorder({ store, throttleMs: 0 })} onOpen={(config) => opened.push(config.name)} />);
    await waitFor(() => expect(screen.getAllByTestId('run-row')).toHaveLength(2));
    const buttons = new Map(screen.getAllByTestId('run-row').map((row) => [row.querySelector('[data-testid=run-name]')!.textContent, row.querySelector<HTMLButtonElement>('[data-testid=run-open]')!]));
    expect(buttons.get('linearized')!.disabled).toBe(true);
    expect(buttons.get('linearized')!.title).toMatch(/linearized in its weights from step 100.*Compare/);
    expect(buttons.get('real')!.disabled).toBe(false);
    fireEvent.click(buttons.get('real')!);
    // The config comes from the run's record, read when the button is pressed.
    await waitFor(() => expect(opened).toEqual([fixtureRun(0).config.name]));
  });
});

