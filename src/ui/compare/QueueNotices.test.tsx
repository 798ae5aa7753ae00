// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { defaultConfig } from '../../engine/config/defaults';
import { earlySchedule, lateSchedule } from '../../engine/experiments/schedules';
import { sweepRuns } from '../../engine/experiments/sweepGrid';
import type { Snapshot } from '../../engine/training/snapshot';
import { createMemoryRunStore } from '../../lab/history/memoryRunStore';
import { newRunRecord, type RunRecord } from '../../lab/history/runRecord';
import type { RecorderEvent } from '../../lab/history/runRecorder';
import type { LabApi, LabEvent } from '../../lab/labApi';
import { memoryStorage } from '../../lab/runner/memoryStorage';
import { QueueJournal } from '../../lab/runner/queueJournal';
import { savedQueueOf, type SavedQueue } from '../../lab/runner/savedQueue';
import { stubCanvas } from '../testDom';
import { evalPoint } from '../testFixtures';
import { CompareView } from './CompareView';

afterEach(cleanup);
stubCanvas();

const base = { ...defaultConfig(), prior: { ...defaultConfig().prior, lambda: 2 } };
const specs = sweepRuns(base, [2, 20], [earlySchedule(), lateSchedule(5, 'epoch')]);
const KEY = 'nonlinear-lab.queue.group-abc';


function record(q: SavedQueue, index: number, finished: boolean, step: number): RunRecord {
  const run = q.runs[index];
  return {
    ...newRunRecord({
      id: `run-${index}`, name: run.label, at: 1, config: run.config,
      group: { id: q.groupId, kind: q.kind, name: q.name, member: run.member, label: run.label, index, size: q.runs.length, linearizeAt: null, width: null },
    }),
    step, totalSteps: 100, finished, history: [evalPoint(0), evalPoint(step, { testAccuracy: 0.9, aplNormalized: 1.5 })],
  };
}

/**
 * The Compare tab after a reload: a sweep of 4 runs was saved, run 0 finished and run 1 was at step
 * 40; `others` runs of the lab's own are stored too. The store counts its whole-record reads.
 */
function setup(saved: string | null, full = false, onQueuesWaiting?: (count: number) => void, others = 0) {
  const kv = memoryStorage(full);
  if (saved !== null) kv.setItem(KEY, saved);
  const journal = new QueueJournal(kv, null);
  const q = savedQueueOf({ kind: 'sweep', name: 'Frontier sweep, λ 2 to 20', groupId: 'group-abc', at: 1, specs });
  const lab = Array.from({ length: others }, (_, i) => newRunRecord({ id: `lab-${i}`, name: `lab ${i}`, at: 10 + i, config: base, group: null }));
  const inner = createMemoryRunStore([record(q, 0, true, 100), record(q, 1, false, 40), ...lab]);
  const reads = { lists: 0, gets: [] as string[] };
  const store = {
    ...inner,
    list: () => (reads.lists++, inner.list()),
    get: (id: string) => (reads.gets.push(id), inner.get(id)),
  };
  const loads: number[] = [];
  const emitters: ((e: LabEvent) => void)[] = [];
  const createRunnerApi = (): LabApi => {
    const listeners = new Set<(e: LabEvent) => void>();
    emitters.push((e) => listeners.forEach((l) => l(e)));
    return {
      load: (config) => loads.push(config.prior.lambda * (config.prior.start === 0 ? 1 : -1)),
      play: vi.fn(), pause: vi.fn(), step: vi.fn(), reset: vi.fn(), change: vi.fn(), snap: vi.fn(), rewind: vi.fn(), setPace: vi.fn(), skipTo: vi.fn(),
      subscribe: (l) => {
        listeners.add(l);
        return () => listeners.delete(l);
      },
      dispose: () => undefined,
    };
  };
  /** Which groups train, as the Runs list is told (it will not delete them meanwhile). */
  const training: [string, boolean][] = [];
  /** What the Runs list tells through the recorder (a group deleted there). */
  const recorderListeners = new Set<(event: RecorderEvent) => void>();
  const recorder = {
    store, keep: (r: RunRecord) => store.put(structuredClone(r)), setGroupTraining: (id: string, on: boolean) => void training.push([id, on]),
    subscribe: (l: (event: RecorderEvent) => void) => (recorderListeners.add(l), () => void recorderListeners.delete(l)),
  };
  const tell = (event: RecorderEvent) => act(() => recorderListeners.forEach((l) => l(event)));
  render(
    <CompareView base={base} createRunnerApi={createRunnerApi} onRunsStarting={vi.fn()} onAdoptConfig={vi.fn()} onOpenInLab={vi.fn()} recorder={recorder} journal={journal} onQueuesWaiting={onQueuesWaiting} />,
  );
  return { kv, store, loads, emitters, q, training, reads, tell };
}

describe('the Compare tab after a reload cut a sweep short', () => {
  it('says the sweep was interrupted after k of n runs; Resume trains only the others, in order, into the same group', async () => {
    const { kv, store, loads, emitters, q, training } = setup(JSON.stringify(savedQueueOf({ kind: 'sweep', name: 'Frontier sweep, λ 2 to 20', groupId: 'group-abc', at: 1, specs })));
    const notice = await screen.findByTestId('queue-notice');
    expect(screen.getByTestId('queue-notice-text').textContent).toBe(
      'The sweep “Frontier sweep, λ 2 to 20” was interrupted after 1 of 4 runs. Resume trains the 3 runs that did not finish, into the same group; Discard keeps the finished runs and forgets the rest.',
    );
    expect(notice.getAttribute('data-kind')).toBe('interrupted');

    fireEvent.click(screen.getByTestId('queue-resume'));
    await waitFor(() => expect(loads).toHaveLength(1));
    expect(training).toEqual([['group-abc', true]]);
    expect(screen.queryByTestId('queue-notice')).toBeNull();
    expect(screen.getAllByTestId('queue-progress-text')[0].textContent).toMatch(/^1 of 4 runs done/);
    // Runs 1 to 3 train, in the sweep's order (λ by λ, early then late): λ 2 late, λ 20 early, λ 20 late.
    for (let i = 0; i < 3; i++) {
      await act(async () => {
        emitters[0]({ type: 'snapshot', snapshot: { step: 100, totalSteps: 100, history: [evalPoint(0), evalPoint(100)], diverged: null, gates: null, backend: { name: 'wasm' } } as unknown as Snapshot });
        emitters[0]({ type: 'status', status: 'finished', message: '' });
        await new Promise((r) => setTimeout(r, 0));
      });
    }
    expect(loads).toEqual([-2, 20, -20]);
    expect(screen.getAllByTestId('queue-progress-text')[0].textContent).toMatch(/^4 of 4 runs done/);
    expect(training).toEqual([['group-abc', true], ['group-abc', false]]);
    const kept = (await store.list()).sort((a, b) => a.group!.index - b.group!.index);
    // One record per run, all of one group: the part-trained run's record was replaced.
    expect(kept.map((r) => [r.group!.id, r.group!.index, r.finished])).toEqual([0, 1, 2, 3].map((i) => ['group-abc', i, true]));
    expect(kept[1].id).toBe('run-1');
    expect(kept[0]).toEqual(record(q, 0, true, 100));
    // Finished: nothing is left to resume.
    expect(kv.map.has(KEY)).toBe(false);
  });

  it('reads the runs\' summaries, and whole only the records of the kept sweep it shows and resumes', async () => {
    const { reads } = setup(JSON.stringify(savedQueueOf({ kind: 'sweep', name: 'Frontier sweep, λ 2 to 20', groupId: 'group-abc', at: 1, specs })), false, undefined, 30);
    await screen.findByTestId('queue-notice');
    // The kept sweep is shown as it was: its finished run's curve comes from its record.
    await waitFor(() => expect(screen.getAllByTestId('queue-progress-text')[0].textContent).toMatch(/^1 of 4 runs/));
    expect(reads.lists).toBe(0);
    expect([...reads.gets].sort()).toEqual(['run-0', 'run-1']);
    fireEvent.click(screen.getByTestId('queue-resume'));
    await waitFor(() => expect(screen.queryByTestId('queue-notice')).toBeNull());
    expect(reads.lists).toBe(0);
    expect(new Set(reads.gets)).toEqual(new Set(['run-0', 'run-1']));
  });

  it('Discard keeps the finished runs and forgets the rest', async () => {
    const { kv, store } = setup(JSON.stringify(savedQueueOf({ kind: 'sweep', name: 'Frontier sweep, λ 2 to 20', groupId: 'group-abc', at: 1, specs })));
    await screen.findByTestId('queue-notice');
    fireEvent.click(screen.getByTestId('queue-discard'));
    expect(screen.queryByTestId('queue-notice')).toBeNull();
    expect(kv.map.has(KEY)).toBe(false);
    expect(await store.list()).toHaveLength(2);
  });

  it('a sweep deleted in Runs is offered no more: its notice goes and what was saved to resume it is forgotten', async () => {
    const counts: number[] = [];
    const { kv, tell } = setup(JSON.stringify(savedQueueOf({ kind: 'sweep', name: 'Frontier sweep, λ 2 to 20', groupId: 'group-abc', at: 1, specs })), false, (n) => counts.push(n));
    await screen.findByTestId('queue-notice');
    // Another group's deletion leaves it be.
    tell({ type: 'group-removed', id: 'group-other' });
    expect(screen.getByTestId('queue-notice')).toBeTruthy();
    expect(kv.map.has(KEY)).toBe(true);
    tell({ type: 'group-removed', id: 'group-abc' });
    expect(screen.queryByTestId('queue-notice')).toBeNull();
    await waitFor(() => expect(kv.map.has(KEY)).toBe(false));
    expect(counts.at(-1)).toBe(0);
  });

  it('tells the page how many queues wait (for the tab marker): 1 while the notice shows, 0 once discarded', async () => {
    const counts: number[] = [];
    setup(JSON.stringify(savedQueueOf({ kind: 'sweep', name: 'Frontier sweep, λ 2 to 20', groupId: 'group-abc', at: 1, specs })), false, (n) => counts.push(n));
    await screen.findByTestId('queue-notice');
    expect(counts.at(-1)).toBe(1);
    fireEvent.click(screen.getByTestId('queue-discard'));
    await waitFor(() => expect(counts.at(-1)).toBe(0));
  });

  it('a malformed saved queue is named, offers only Discard, and the finished runs stay', async () => {
    const { kv, store } = setup('{"version":1,"kind":"sweep","runs":"edited by hand"}');
    const notice = await screen.findByTestId('queue-notice');
    expect(notice.getAttribute('data-kind')).toBe('unreadable');
    expect(notice.textContent).toMatch(/cannot be read \(its name is missing\).*Its finished runs are kept in Runs/);
    expect(screen.queryByTestId('queue-resume')).toBeNull();
    // The sweep's kept runs are still shown in their section.
    expect(screen.getAllByTestId('queue-progress-text')[0].textContent).toMatch(/^1 of 4 runs/);
    fireEvent.click(screen.getByTestId('queue-discard'));
    expect(kv.map.has(KEY)).toBe(false);
    expect(await store.list()).toHaveLength(2);
  });

  it('says when storage is full that a sweep will not resume after a reload, and the sweep trains on', async () => {
    const { loads } = setup(null, true);
    fireEvent.click(screen.getByTestId('sweep-run'));
    const notice = await screen.findByTestId('queue-notice');
    expect(notice.getAttribute('data-kind')).toBe('unsaved');
    expect(notice.textContent).toMatch(/^“Frontier sweep, λ 0\.3 to 100” will not resume after a reload: the browser’s storage is full\. Its runs are still kept in Runs as they train\.Dismiss$/);
    await waitFor(() => expect(loads).toHaveLength(1));
    fireEvent.click(screen.getByTestId('queue-discard'));
    expect(screen.queryByTestId('queue-notice')).toBeNull();
  });
});
