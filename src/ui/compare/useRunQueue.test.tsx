// @vitest-environment jsdom
import { act, cleanup, renderHook } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { defaultConfig } from '../../engine/config/defaults';
import type { EvalPoint, Snapshot } from '../../engine/training/snapshot';
import { recordGroup } from '../../lab/history/groupRecorder';
import { createMemoryRunStore } from '../../lab/history/memoryRunStore';
import type { RunRecord } from '../../lab/history/runRecord';
import type { LabApi, LabEvent } from '../../lab/labApi';
import type { RunSpec } from '../../lab/runner/runQueue';
import { useRunQueue, type QueueRecorder, type RunState } from './useRunQueue';

afterEach(cleanup);

/** Fake training workers: each records the λ of the configs it was asked to load; the test emits what it would post. */
function fakeWorkers() {
  const workers: { loads: number[]; plays: number; disposed: boolean; emit: (e: LabEvent) => void }[] = [];
  const create = (): LabApi => {
    const listeners = new Set<(e: LabEvent) => void>();
    const worker = { loads: [] as number[], plays: 0, disposed: false, emit: (e: LabEvent) => listeners.forEach((l) => l(e)) };
    workers.push(worker);
    return {
      load: (config) => worker.loads.push(config.prior.lambda),
      play: () => worker.plays++,
      pause: vi.fn(), step: vi.fn(), reset: vi.fn(), change: vi.fn(), snap: vi.fn(), rewind: vi.fn(), setPace: vi.fn(), skipTo: vi.fn(),
      subscribe: (l) => {
        listeners.add(l);
        return () => listeners.delete(l);
      },
      dispose: () => {
        worker.disposed = true;
        listeners.clear();
      },
    };
  };
  return { workers, create };
}

const point = (step: number): EvalPoint => ({
  step, epoch: step / 10, trainLoss: 1, trainAccuracy: 0.5, testLoss: 1, testAccuracy: 0.5, fractionNonlinear: 1, aplNormalized: 3, aplUnnormalized: 3, lambda: 1,
});
const gates = [{ name: 'dense1', slopes: [0, 1], fractionNonlinear: 0.5 }];
const snapshot = (step: number, diverged: string | null = null): LabEvent => ({
  type: 'snapshot',
  snapshot: { step, totalSteps: 100, history: [point(0), ...(step > 0 ? [point(step)] : [])], diverged, gates, backend: { name: 'wasm' } } as unknown as Snapshot,
});
const finished: LabEvent = { type: 'status', status: 'finished', message: 'Finished: 100 steps.' };
const specs: RunSpec[] = [1, 2, 3].map((lambda) => ({ id: `r${lambda}`, label: `λ=${lambda}`, config: { ...defaultConfig(), prior: { ...defaultConfig().prior, lambda } } }));

/** The hook on fake workers, its runs kept as one group in a memory store (as CompareView does). */
function setup() {
  const { workers, create } = fakeWorkers();
  const store = createMemoryRunStore();
  const onStart = vi.fn<(stop: () => void) => void>();
  const record: QueueRecorder<RunSpec> = (s) => recordGroup({ kind: 'comparison', name: 'Test', specs: s, keep: (r) => store.put(r), throttleMs: 0 }).handle;
  const hook = renderHook(() => useRunQueue<RunSpec>(create, onStart, record));
  /** Starts the queue and lets it load its first run (the queue starts on a microtask). */
  const start = async (list = specs) => {
    await act(async () => {
      hook.result.current.start(list);
      await Promise.resolve();
    });
  };
  const emit = (worker: number, ...events: LabEvent[]) => act(() => events.forEach((e) => workers[worker].emit(e)));
  const phases = () => hook.result.current.runs.map((r) => r.phase);
  /** The kept records, by their place in the group, once the queued writes are done. */
  const kept = async (): Promise<RunRecord[]> => {
    await act(() => new Promise((r) => setTimeout(r, 0)));
    return (await store.list()).sort((a, b) => (a.group?.index ?? 0) - (b.group?.index ?? 0));
  };
  return { hook, workers, start, emit, phases, kept, onStart };
}

describe('useRunQueue', () => {
  it('runs the specs one after another on one worker, showing each run’s progress as it comes', async () => {
    const q = setup();
    await q.start();
    expect(q.hook.result.current.active).toBe(true);
    expect(q.hook.result.current.message).toBe('Starting a training worker for the comparison…');
    expect(q.phases()).toEqual(['running', 'waiting', 'waiting']);
    expect(q.workers[0].loads).toEqual([1]);

    q.emit(0, { type: 'status', status: 'loading-data', message: 'Loading MNIST…' });
    expect(q.hook.result.current.message).toBe('Loading MNIST…');
    q.emit(0, snapshot(40));
    const first = q.hook.result.current.runs[0];
    expect(first).toMatchObject({ phase: 'running', step: 40, totalSteps: 100, gates, backend: 'wasm' });
    expect(first.history.map((p) => p.step)).toEqual([0, 40]);
    expect(q.hook.result.current.message).toBe('');
    expect(q.hook.result.current.progress).toMatchObject({ runsDone: 0, runsTotal: 3, stepsDone: 40, stepsTotal: 300 });

    q.emit(0, snapshot(100), finished);
    expect(q.phases()).toEqual(['finished', 'running', 'waiting']);
    expect(q.workers[0].loads).toEqual([1, 2]); // the next run on the same worker
    q.emit(0, snapshot(100), finished, snapshot(100), finished);

    expect(q.phases()).toEqual(['finished', 'finished', 'finished']);
    expect(q.hook.result.current.runs.map((r) => r.step)).toEqual([100, 100, 100]);
    expect(q.hook.result.current).toMatchObject({ active: false, message: '' });
    expect(q.hook.result.current.progress).toMatchObject({ runsDone: 3, fraction: 1 });
    expect(q.workers).toHaveLength(1);
    expect(q.workers[0].disposed).toBe(true);
    expect(q.onStart).toHaveBeenCalledOnce();
  });

  it('keeps each run as a record of one group, from its first trained step to its end', async () => {
    const q = setup();
    await q.start();
    q.emit(0, snapshot(0));
    expect(await q.kept()).toEqual([]); // nothing trained yet
    q.emit(0, snapshot(40));
    expect((await q.kept()).map((r) => [r.group?.index, r.step, r.finished])).toEqual([[0, 40, false]]);
    q.emit(0, snapshot(100), finished, snapshot(30));

    const records = await q.kept();
    expect(records.map((r) => [r.group?.index, r.group?.member, r.step, r.finished])).toEqual([
      [0, 'r1', 100, true],
      [1, 'r2', 30, false],
    ]);
    expect(new Set(records.map((r) => r.group?.id)).size).toBe(1);
    expect(records[0]).toMatchObject({ name: 'Test: λ=1', gates, backend: 'wasm' });
    expect(records[0].config.prior.lambda).toBe(1);
  });

  it('stop ends the queue at once: its worker goes, finished runs stay, the rest are marked stopped and kept as far as they got', async () => {
    const q = setup();
    await q.start();
    q.emit(0, snapshot(100), finished, snapshot(30));
    act(() => q.hook.result.current.stop());

    expect(q.phases()).toEqual(['finished', 'stopped', 'stopped']);
    expect(q.hook.result.current).toMatchObject({ active: false, message: 'Stopped: 1 of 3 runs finished and kept.' });
    expect(q.workers[0].disposed).toBe(true);
    expect(q.workers[0].loads).toEqual([1, 2]); // the third never started
    q.emit(0, snapshot(60), finished); // a late message from the ended worker changes nothing
    expect(q.phases()).toEqual(['finished', 'stopped', 'stopped']);
    expect((await q.kept()).map((r) => [r.group?.index, r.step, r.finished])).toEqual([
      [0, 100, true],
      [1, 30, false],
    ]);
  });

  it('reports a run that failed and goes on with the next on a fresh worker', async () => {
    const q = setup();
    await q.start();
    q.emit(0, snapshot(20), { type: 'status', status: 'error', message: 'The training worker ran out of memory.' });
    expect(q.hook.result.current.runs[0]).toMatchObject({ phase: 'failed', problem: 'The training worker ran out of memory.', step: 20 });
    expect(q.phases()).toEqual(['failed', 'running', 'waiting']);
    expect(q.workers.map((w) => w.disposed)).toEqual([true, false]);
    expect(q.workers[1].loads).toEqual([2]);

    q.emit(1, { type: 'restarted', message: 'The training worker stopped responding and was restarted.', reload: true });
    expect(q.hook.result.current.runs[1]).toMatchObject({ phase: 'failed', problem: 'The training worker stopped responding and was restarted.' });
    q.emit(2, snapshot(100), finished);

    expect(q.phases()).toEqual(['failed', 'failed', 'finished']);
    expect(q.hook.result.current).toMatchObject({ active: false, message: '' });
    expect(q.hook.result.current.progress).toMatchObject({ runsDone: 3 });
    // The failed run is kept as far as it trained; the one that never trained a step is not.
    expect((await q.kept()).map((r) => [r.group?.index, r.step, r.finished])).toEqual([
      [0, 20, false],
      [2, 100, true],
    ]);
  });

  it('a diverged run counts as finished, with the divergence as its problem', async () => {
    const q = setup();
    await q.start(specs.slice(0, 1));
    q.emit(0, snapshot(30, 'The loss became NaN at step 30.'), finished);
    expect(q.hook.result.current.runs[0]).toMatchObject({ phase: 'finished', problem: 'The loss became NaN at step 30.' });
  });

  it('a second start stops the first queue and its worker, and shows only the new runs', async () => {
    const q = setup();
    await q.start();
    q.emit(0, snapshot(100), finished);
    await q.start(specs.slice(2));
    expect(q.workers[0].disposed).toBe(true);
    expect(q.workers[1].loads).toEqual([3]);
    expect(q.hook.result.current).toMatchObject({ active: true, message: 'Starting a training worker for the comparison…' });
    expect(q.hook.result.current.runs.map((r) => [r.spec.id, r.phase])).toEqual([['r3', 'running']]);
    expect(q.onStart).toHaveBeenCalledTimes(2);
  });

  it('unmounting stops the queue: the worker is disposed and the runs so far are kept', async () => {
    const q = setup();
    await q.start();
    q.emit(0, snapshot(100), finished, snapshot(50));
    q.hook.unmount();
    expect(q.workers[0].disposed).toBe(true);
    expect((await q.kept()).map((r) => [r.group?.index, r.step, r.finished])).toEqual([
      [0, 100, true],
      [1, 50, false],
    ]);
  });

  it('restore shows runs kept from before, unless a queue was started here', async () => {
    const kept: RunState<RunSpec>[] = [
      { spec: specs[0], phase: 'finished', step: 100, totalSteps: 100, history: [point(0), point(100)], problem: null, gates, backend: 'wasm' },
      { spec: specs[1], phase: 'stopped', step: 40, totalSteps: 100, history: [point(0)], problem: null, gates, backend: 'wasm' },
    ];
    const q = setup();
    act(() => q.hook.result.current.restore(kept, 3, 'Kept: Test, 1 of 3 runs finished.'));
    expect(q.hook.result.current).toMatchObject({ runs: kept, active: false, message: 'Kept: Test, 1 of 3 runs finished.' });
    expect(q.hook.result.current.progress).toMatchObject({ runsDone: 1, runsTotal: 3, stepsDone: 140, stepsTotal: 300 });

    await q.start(specs.slice(2));
    act(() => q.hook.result.current.restore(kept, 3, 'Kept: Test'));
    expect(q.hook.result.current.runs.map((r) => r.spec.id)).toEqual(['r3']);
  });

  it('show puts a kept group asked for in place of the runs shown, refuses while a queue trains, and wins over a later restore', async () => {
    const kept: RunState<RunSpec>[] = [{ spec: specs[0], phase: 'finished', step: 100, totalSteps: 100, history: [point(0), point(100)], problem: null, gates, backend: 'wasm' }];
    const q = setup();
    await q.start(specs.slice(2));
    let shown = true;
    act(() => {
      shown = q.hook.result.current.show(kept, 1, 'Kept: Older');
    });
    expect(shown).toBe(false);
    expect(q.hook.result.current.runs.map((r) => r.spec.id)).toEqual(['r3']);

    q.emit(0, snapshot(100), finished);
    expect(q.hook.result.current.active).toBe(false);
    act(() => {
      shown = q.hook.result.current.show(kept, 1, 'Kept: Older');
    });
    expect(shown).toBe(true);
    expect(q.hook.result.current).toMatchObject({ active: false, message: 'Kept: Older' });
    expect(q.hook.result.current.runs.map((r) => [r.spec.id, r.phase])).toEqual([['r1', 'finished']]);
    expect(q.hook.result.current.progress).toMatchObject({ runsDone: 1, runsTotal: 1 });

    const fresh = setup();
    act(() => void fresh.hook.result.current.show(kept, 1, 'Kept: Older'));
    act(() => fresh.hook.result.current.restore([{ ...kept[0], spec: specs[1] }], 1, 'Kept: Latest'));
    expect(fresh.hook.result.current.message).toBe('Kept: Older');
  });
});
