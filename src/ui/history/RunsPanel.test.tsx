// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
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
import type { RunGroupKind, RunRecord } from '../../lab/history/runRecord';

// Exports are handed to the browser's downloads: here they are caught instead.
const downloads = vi.hoisted(() => [] as { name: string; text: string }[]);
vi.mock('../../lab/export/download', async (original) => ({
  ...(await original<typeof import('../../lab/export/download')>()),
  downloadText: (name: string, text: string) => void downloads.push({ name, text }),
}));

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
    // The linearized run is under its comparison's row.
    fireEvent.click(await screen.findByRole('button', { name: 'Show 1 run' }));
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


describe('comparisons and sweeps in the list', () => {
  const member = (i: number, group: { id: string; kind: RunGroupKind; name: string; size: number }, index: number, extra: Partial<RunRecord> = {}): RunRecord => ({
    ...fixtureRun(i), name: `${group.name}: run ${index}`, finished: true,
    group: { ...group, member: `m${index}`, label: `run ${index}`, index, linearizeAt: null, width: null }, ...extra,
  });
  const sweep = { id: 'g-sweep', kind: 'sweep' as const, name: 'Frontier sweep, λ 2 to 200', size: 3 };
  const comparison = { id: 'g-cmp', kind: 'comparison' as const, name: 'Early versus late', size: 2 };
  /** Two groups trained in turns, a lab run between them, the sweep's last run stopped part way. */
  const records = () => [
    { ...fixtureRun(0), name: 'oldest lab run' },
    member(1, sweep, 0),
    member(2, comparison, 0),
    member(3, sweep, 1),
    { ...fixtureRun(4), name: 'lab run between' },
    member(5, comparison, 1),
    member(6, sweep, 2, { finished: false, step: 4 }),
  ];
  const topLevel = () => [...screen.getByTestId('runs-panel').querySelectorAll('.runs-list > li')].map((li) => li.getAttribute('data-group-id') ?? li.querySelector('[data-testid=run-name]')?.textContent);
  const groupRow = (id: string) => screen.getAllByTestId('run-group-row').find((row) => row.getAttribute('data-group-id') === id)!;
  const within = (row: HTMLElement, testId: string) => [...row.querySelectorAll<HTMLElement>(`[data-testid=${testId}]`)];

  async function renderList() {
    const store = createMemoryRunStore(records());
    render(<RunsPanel recorder={new RunRecorder({ store, throttleMs: 0 })} onOpen={() => undefined} />);
    await waitFor(() => expect(screen.getAllByTestId('run-group-row')).toHaveLength(2));
    return store;
  }

  it('shows each group as one row, placed by its newest run, with its kind, runs and how many finished', async () => {
    await renderList();
    expect(topLevel()).toEqual(['g-sweep', 'g-cmp', 'lab run between', 'oldest lab run']);
    expect(screen.getAllByTestId('run-row')).toHaveLength(2);
    expect(screen.getByTestId('runs-panel').textContent).toContain('· 7 runs');
    expect(within(groupRow('g-sweep'), 'run-group-name')[0].textContent).toBe('Frontier sweep, λ 2 to 200');
    expect(within(groupRow('g-sweep'), 'run-group-summary')[0].textContent).toMatch(/^sweep · 3 runs · 2 finished · \S/);
    expect(within(groupRow('g-cmp'), 'run-group-summary')[0].textContent).toMatch(/^comparison · 2 runs · all finished · /);
  });

  it('opens to its runs, each a row of its own (reopen, rename, delete), and closes again, by button', async () => {
    const store = await renderList();
    const toggle = screen.getByRole('button', { name: 'Show 3 runs' });
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    expect(document.getElementById(toggle.getAttribute('aria-controls')!)!.hidden).toBe(true);
    fireEvent.click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    expect(toggle.textContent).toBe('Hide runs');
    const runs = within(groupRow('g-sweep'), 'run-row');
    expect(runs.map((r) => r.querySelector('[data-testid=run-name]')!.textContent)).toEqual(['run 0', 'run 1', 'run 2']);
    expect(runs.map((r) => r.querySelector('[data-testid=run-group]')!.textContent)).toEqual(['run 1 of 3', 'run 2 of 3', 'run 3 of 3']);
    expect(runs.map((r) => r.querySelector('[data-testid=run-state]')!.textContent)).toEqual(['finished', 'finished', 'stopped']);

    // One run deleted on its own: the group keeps the others, and says so.
    fireEvent.click(runs[1].querySelector('[data-testid=run-delete]')!);
    await waitFor(() => expect(within(groupRow('g-sweep'), 'run-row')).toHaveLength(2));
    expect(within(groupRow('g-sweep'), 'run-group-summary')[0].textContent).toMatch(/^sweep · 2 of 3 runs kept · 1 finished · /);
    expect((await store.list()).map((r) => r.id)).not.toContain('r3');

    fireEvent.click(screen.getByRole('button', { name: 'Hide runs' }));
    expect(within(groupRow('g-sweep'), 'run-row')).toHaveLength(0);
  });

  it('selects all its runs for comparison at once, and shows a partial selection', async () => {
    await renderList();
    const select = within(groupRow('g-cmp'), 'run-group-select')[0] as HTMLInputElement;
    expect(select.getAttribute('aria-label')).toBe('Compare the 2 runs of Early versus late');
    fireEvent.click(select);
    expect(screen.getByText('Compared: 2 runs')).toBeTruthy();
    expect(select.checked).toBe(true);
    fireEvent.click(within(groupRow('g-cmp'), 'run-group-toggle')[0]);
    fireEvent.click(within(groupRow('g-cmp'), 'run-select')[0]);
    expect(select.checked).toBe(false);
    expect(select.indeterminate).toBe(true);
    expect(screen.getByText('Compared: 1 run')).toBeTruthy();
    fireEvent.click(select);
    expect(within(groupRow('g-cmp'), 'run-select').map((c) => (c as HTMLInputElement).checked)).toEqual([true, true]);
  });

  it('exports the whole group as one comparison file named after it', async () => {
    await renderList();
    downloads.length = 0;
    fireEvent.click(within(groupRow('g-cmp'), 'run-group-export')[0]);
    await waitFor(() => expect(downloads).toHaveLength(1));
    expect(downloads[0].name).toBe('early-versus-late.json');
    const file = JSON.parse(downloads[0].text);
    expect(file.kind).toBe('comparison');
    expect(file.runs.map((r: { group: { label: string } }) => r.group.label)).toEqual(['run 0', 'run 1']);
  });

  it('opens a group in Compare by its id when the lab offers it, and offers no such button otherwise', async () => {
    await renderList();
    expect(screen.queryAllByTestId('run-group-compare')).toHaveLength(0);
    cleanup();
    const shown: string[] = [];
    render(<RunsPanel recorder={new RunRecorder({ store: createMemoryRunStore(records()), throttleMs: 0 })} onOpen={() => undefined} onShowGroup={(id) => shown.push(id)} />);
    await waitFor(() => expect(screen.getAllByTestId('run-group-compare')).toHaveLength(2));
    fireEvent.click(within(groupRow('g-cmp'), 'run-group-compare')[0]);
    expect(shown).toEqual(['g-cmp']);
  });

  it('says a group trains while its queue trains in Compare, and will not delete it or its training run meanwhile', async () => {
    const store = createMemoryRunStore(records());
    const recorder = new RunRecorder({ store, throttleMs: 0 });
    render(<RunsPanel recorder={recorder} onOpen={() => undefined} />);
    await waitFor(() => expect(screen.getAllByTestId('run-group-row')).toHaveLength(2));
    act(() => recorder.setGroupTraining('g-sweep', true));
    expect(within(groupRow('g-sweep'), 'run-group-state')[0].textContent).toBe('training');
    expect(within(groupRow('g-cmp'), 'run-group-state')).toHaveLength(0);
    const deleteAll = within(groupRow('g-sweep'), 'run-group-delete')[0] as HTMLButtonElement;
    expect(deleteAll.disabled).toBe(true);
    expect(deleteAll.title).toMatch(/^Training in Compare: stop it there first/);
    fireEvent.click(within(groupRow('g-sweep'), 'run-group-toggle')[0]);
    const rows = within(groupRow('g-sweep'), 'run-row');
    expect(rows.map((r) => r.querySelector('[data-testid=run-state]')!.textContent)).toEqual(['finished', 'finished', 'training']);
    expect(rows.map((r) => r.querySelector<HTMLButtonElement>('[data-testid=run-delete]')!.disabled)).toEqual([false, false, true]);

    act(() => recorder.setGroupTraining('g-sweep', false));
    expect(within(groupRow('g-sweep'), 'run-group-state')).toHaveLength(0);
    expect(deleteAll.disabled).toBe(false);
    expect(within(groupRow('g-sweep'), 'run-row').map((r) => r.querySelector('[data-testid=run-state]')!.textContent)).toEqual(['finished', 'finished', 'stopped']);
  });

  it('deletes the whole group after one confirmation, and keeps it when the user says no', async () => {
    const store = await renderList();
    fireEvent.click(within(groupRow('g-sweep'), 'run-group-delete')[0]);
    // The safe answer has the focus.
    expect(document.activeElement).toBe(screen.getByTestId('run-group-delete-cancel'));
    expect(screen.getByTestId('run-group-confirm').textContent).toContain('Delete the 3 runs of “Frontier sweep, λ 2 to 200”');
    fireEvent.click(screen.getByTestId('run-group-delete-cancel'));
    expect(screen.queryByTestId('run-group-confirm')).toBeNull();
    // The focus goes back to the button that asked; Escape says no too.
    expect(document.activeElement).toBe(within(groupRow('g-sweep'), 'run-group-delete')[0]);
    fireEvent.click(within(groupRow('g-sweep'), 'run-group-delete')[0]);
    fireEvent.keyDown(screen.getByTestId('run-group-delete-cancel'), { key: 'Escape' });
    expect(screen.queryByTestId('run-group-confirm')).toBeNull();
    expect(await store.list()).toHaveLength(7);

    fireEvent.click(within(groupRow('g-sweep'), 'run-group-delete')[0]);
    fireEvent.click(screen.getByRole('button', { name: 'Delete 3 runs' }));
    await waitFor(() => expect(screen.getAllByTestId('run-group-row')).toHaveLength(1));
    expect(topLevel()).toEqual(['g-cmp', 'lab run between', 'oldest lab run']);
    expect((await store.list()).map((r) => r.id).sort()).toEqual(['r0', 'r2', 'r4', 'r5']);
    expect(screen.getByTestId('runs-panel').textContent).toContain('· 4 runs');
  });
});
