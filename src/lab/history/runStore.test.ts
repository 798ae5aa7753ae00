import { describe, expect, it, vi } from 'vitest';
import { defaultConfig } from '../../engine/config/defaults';
import type { LabApi, LabEvent } from '../labApi';
import type { Snapshot } from '../../engine/training/snapshot';
import { createMemoryRunStore } from './memoryRunStore';
import { withMemoryFallback } from './fallbackRunStore';
import { openRunStore } from './openRunStore';
import type { RunRecord } from './runRecord';
import { ConfigStore } from '../configStore';
import { RunRecorder } from './runRecorder';
import { StorageProblem, type RunStore } from './runStore';
import { summarizeRun } from './runSummary';

function record(id: string, createdAt: number): RunRecord {
  return {
    recordVersion: 2,
    id,
    name: id,
    createdAt,
    updatedAt: createdAt,
    config: defaultConfig(),
    backend: 'wasm',
    history: [],
    gates: null,
    step: 3,
    totalSteps: 10,
    finished: false,
    diverged: null,
    source: 'trained',
    group: null,
  };
}

function snapshot(step: number, extra: Partial<Snapshot> = {}): Snapshot {
  return {
    step,
    totalSteps: 10,
    finished: false,
    diverged: null,
    gates: [{ name: 'dense 1', slopes: [0, 1], fractionNonlinear: 0.5 }],
    backend: { name: 'wasm', reason: '', attempts: [] },
    // The evaluation made since the previous snapshot (the charts' history is not the record's).
    history: [],
    newPoints: [{
      step, epoch: step / 10, trainLoss: 1 / (step + 1), trainAccuracy: 0.5, testLoss: null, testAccuracy: null,
      fractionNonlinear: 1, aplNormalized: 2, aplUnnormalized: 2, lambda: 0,
    }],
    ...extra,
  } as Snapshot;
}

function fakeLab() {
  const listeners = new Set<(e: LabEvent) => void>();
  const load = vi.fn<LabApi['load']>();
  const play = vi.fn<LabApi['play']>();
  const api: LabApi = {
    load, play, pause: vi.fn(), step: vi.fn(), reset: vi.fn(), change: vi.fn(), snap: vi.fn(), rewind: vi.fn(), setPace: vi.fn(), skipTo: vi.fn(), dispose: vi.fn(),
    subscribe: (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
  };
  return { api, load, play, emit: (e: LabEvent) => listeners.forEach((l) => l(e)) };
}

describe('memory run store', () => {
  it('keeps, lists newest first, renames by put and deletes', async () => {
    const store = createMemoryRunStore();
    await store.put(record('old', 1));
    await store.put(record('new', 2));
    expect((await store.list()).map((r) => r.id)).toEqual(['new', 'old']);
    await store.put({ ...record('old', 1), name: 'renamed' });
    expect((await store.get('old'))?.name).toBe('renamed');
    await store.remove('new');
    expect((await store.list()).map((r) => r.id)).toEqual(['old']);
  });

  it('lists the summaries of what it keeps, newest first, in step with put and remove', async () => {
    const store = createMemoryRunStore([record('old', 1)]);
    await store.put(record('new', 2));
    expect(await store.summaries()).toEqual([summarizeRun(record('new', 2)), summarizeRun(record('old', 1))]);
    await store.put({ ...record('old', 1), name: 'renamed', finished: true });
    expect((await store.summaries()).map((s) => [s.id, s.name, s.finished])).toEqual([['new', 'new', false], ['old', 'renamed', true]]);
    await store.remove('new');
    expect((await store.summaries()).map((s) => s.id)).toEqual(['old']);
    // A summary is a copy too.
    (await store.summaries())[0].name = 'changed';
    expect((await store.summaries())[0].name).toBe('renamed');
  });

  it('hands out copies: changing a listed record does not change the store', async () => {
    const store = createMemoryRunStore([record('a', 1)]);
    (await store.list())[0].name = 'changed';
    expect((await store.get('a'))?.name).toBe('a');
  });
});

describe('opening the store', () => {
  it('falls back to memory with a clear reason when IndexedDB is unavailable', async () => {
    const { store, ready } = openRunStore(() => Promise.reject(new StorageProblem('unavailable', 'no IndexedDB here (private mode?)')));
    const problem = await ready;
    expect(problem?.reason).toBe('unavailable');
    expect(problem?.message).toMatch(/private mode/);
    await store.put(record('kept', 1));
    expect((await store.list()).map((r) => r.id)).toEqual(['kept']);
    expect((await store.summaries()).map((r) => r.id)).toEqual(['kept']);
    expect(store.kind).toBe('memory');
  });
});

describe('run recorder', () => {
  it('records a run once it trains a step, with config, metrics and final gates', async () => {
    const store = createMemoryRunStore();
    const recorder = new RunRecorder({ store, throttleMs: 0, newId: () => 'r1' });
    const { api, load, emit } = fakeLab();
    const config = { ...defaultConfig(), name: 'my run' };
    const lab = new ConfigStore({ api, initialConfig: config, recorder });
    lab.open();
    expect(load).toHaveBeenCalledWith(config);
    emit({ type: 'snapshot', snapshot: snapshot(0) });
    await recorder.flush();
    expect(await store.list()).toEqual([]); // nothing trained yet

    lab.change({ prior: { lambda: 5 } });
    emit({ type: 'snapshot', snapshot: snapshot(4) });
    emit({ type: 'snapshot', snapshot: snapshot(10, { finished: true, gates: [{ name: 'dense 1', slopes: [1, 1], fractionNonlinear: 0 }] }) });
    emit({ type: 'status', status: 'finished', message: '' });
    await recorder.flush();
    const [saved] = await store.list();
    expect(saved.name).toBe('my run');
    expect(saved.config.prior.lambda).toBe(5);
    expect(saved.step).toBe(10);
    expect(saved.history.map((p) => p.step)).toEqual([0, 4, 10]);
    expect(saved.finished).toBe(true);
    expect(saved.gates?.[0].slopes).toEqual([1, 1]);
    expect(saved.backend).toBe('wasm');
  });

  it('a name made from the config follows a live λ; a name the user gave stays', async () => {
    const store = createMemoryRunStore();
    const recorder = new RunRecorder({ store, throttleMs: 0, newId: () => 'r1' });
    const { api, emit } = fakeLab();
    const lab = new ConfigStore({ api, initialConfig: { ...defaultConfig(), name: '' }, recorder });
    lab.open();
    expect(recorder.currentRun()?.name).toMatch(/λ 0 ·/);
    emit({ type: 'snapshot', snapshot: snapshot(0) });
    lab.change({ prior: { lambda: 5 } });
    emit({ type: 'snapshot', snapshot: snapshot(4) });
    await recorder.flush();
    expect((await store.get('r1'))?.name).toMatch(/λ 5 ·/);
    expect((await store.get('r1'))?.name).not.toMatch(/λ 0 ·/);

    recorder.rename('r1', 'mine');
    lab.change({ prior: { lambda: 7 } });
    emit({ type: 'snapshot', snapshot: snapshot(6) });
    await recorder.flush();
    expect((await store.get('r1'))?.name).toBe('mine');
  });

  it('says which run trains: none while paused, finished or loading', () => {
    const recorder = new RunRecorder({ store: createMemoryRunStore(), throttleMs: 0, newId: () => 'r1' });
    const { api, emit } = fakeLab();
    const events: (string | null)[] = [];
    recorder.subscribe((e) => {
      if (e.type === 'training') events.push(e.id);
    });
    new ConfigStore({ api, initialConfig: defaultConfig(), recorder }).open();
    expect(recorder.trainingRunId()).toBeNull();
    emit({ type: 'status', status: 'running', message: '' });
    expect(recorder.trainingRunId()).toBe('r1');
    emit({ type: 'status', status: 'paused', message: '' });
    expect(recorder.trainingRunId()).toBeNull();
    emit({ type: 'status', status: 'running', message: '' });
    emit({ type: 'status', status: 'finished', message: '' });
    expect(events).toEqual(['r1', null, 'r1', null]);
  });

  it('keeps a run that is not the lab\'s (a comparison\'s) and tells the list', async () => {
    const store = createMemoryRunStore();
    const recorder = new RunRecorder({ store });
    const saved: string[] = [];
    recorder.subscribe((e) => {
      if (e.type === 'saved') saved.push(e.record.id);
    });
    await recorder.keep(record('cmp', 5));
    expect(saved).toEqual(['cmp']);
    expect((await store.get('cmp'))?.id).toBe('cmp');
  });

  it('deletes a whole group, then says so (after its runs are gone)', async () => {
    const store = createMemoryRunStore([record('a', 1), record('b', 2), record('c', 3)]);
    const recorder = new RunRecorder({ store });
    const told: { id: string; left: number }[] = [];
    recorder.subscribe((e) => {
      if (e.type === 'group-removed') void store.summaries().then((left) => told.push({ id: e.id, left: left.length }));
    });
    await recorder.removeGroup('group-1', ['a', 'c']);
    expect((await store.summaries()).map((r) => r.id)).toEqual(['b']);
    await vi.waitFor(() => expect(told).toEqual([{ id: 'group-1', left: 1 }]));
  });

  it('writes at most once per throttle interval while training, and the last state after it', async () => {
    vi.useFakeTimers();
    try {
      let now = 0;
      const store = createMemoryRunStore();
      const put = vi.spyOn(store, 'put');
      const recorder = new RunRecorder({ store, throttleMs: 2000, now: () => now, newId: () => 'r' });
      const { api, emit } = fakeLab();
      const lab = new ConfigStore({ api, initialConfig: defaultConfig(), recorder });
      lab.open();
      emit({ type: 'snapshot', snapshot: snapshot(0) });
      for (let step = 1; step <= 5; step++) {
        now += 100;
        emit({ type: 'snapshot', snapshot: snapshot(step) });
      }
      await vi.advanceTimersByTimeAsync(0);
      expect(put).toHaveBeenCalledTimes(1);
      now += 2000;
      await vi.advanceTimersByTimeAsync(2000);
      expect(put).toHaveBeenCalledTimes(2);
      expect((await store.get('r'))?.step).toBe(5);
    } finally {
      vi.useRealTimers();
    }
  });

  it('ignores late snapshots of the previous run after a reset and starts a new record', async () => {
    const store = createMemoryRunStore();
    let n = 0;
    const recorder = new RunRecorder({ store, throttleMs: 0, newId: () => `r${++n}` });
    const { api, emit } = fakeLab();
    const lab = new ConfigStore({ api, initialConfig: defaultConfig(), recorder });
    lab.open();
    emit({ type: 'snapshot', snapshot: snapshot(0) });
    emit({ type: 'snapshot', snapshot: snapshot(6) });
    lab.reset();
    emit({ type: 'snapshot', snapshot: snapshot(7) }); // in flight before the reset
    emit({ type: 'snapshot', snapshot: snapshot(0) });
    emit({ type: 'snapshot', snapshot: snapshot(2) });
    await recorder.flush();
    const runs = await store.list();
    expect(runs.map((r) => [r.id, r.step]).sort()).toEqual([
      ['r1', 6],
      ['r2', 2],
    ]);
  });

  it('a reload continues the run in progress in the same record, from where it was saved', async () => {
    const store = createMemoryRunStore();
    let tabRun: string | null = null;
    const currentRunId = { get: () => tabRun, set: (id: string) => void (tabRun = id) };
    let n = 0;
    const page = () => {
      const recorder = new RunRecorder({ store, throttleMs: 0, newId: () => `r${++n}`, currentRunId });
      const { api, emit } = fakeLab();
      return { recorder, emit, lab: new ConfigStore({ api, initialConfig: defaultConfig(), recorder }) };
    };

    const before = page();
    before.lab.open();
    before.recorder.rename('r1', 'my run');
    for (const step of [0, 20, 40]) before.emit({ type: 'snapshot', snapshot: snapshot(step) });
    await before.recorder.flush();
    expect((await store.list()).map((r) => [r.id, r.step])).toEqual([['r1', 40]]);

    // The page reloads: the same config trains again from step 0.
    const after = page();
    after.lab.open();
    for (const step of [0, 20, 40]) after.emit({ type: 'snapshot', snapshot: snapshot(step) });
    await after.recorder.flush();
    expect((await store.list()).map((r) => [r.id, r.step])).toEqual([['r1', 40]]);
    after.emit({ type: 'snapshot', snapshot: snapshot(60) });
    await after.recorder.flush();
    const runs = await store.list();
    expect(runs.map((r) => [r.id, r.step, r.name])).toEqual([['r1', 60, 'my run']]);
    expect(runs[0].history.map((p) => p.step)).toEqual([0, 20, 40, 60]);

    // A new config in the reloaded page is a new run, and a reset too.
    after.lab.load({ ...defaultConfig(), dataset: { ...defaultConfig().dataset, kind: 'xor' } });
    after.emit({ type: 'snapshot', snapshot: snapshot(0) });
    after.emit({ type: 'snapshot', snapshot: snapshot(5) });
    await after.recorder.flush();
    expect((await store.list()).map((r) => r.id).sort()).toEqual(['r1', 'r2']);
    expect(tabRun).toBe('r2');
  });

  it('a reload with another config than the saved run starts a new record', async () => {
    const store = createMemoryRunStore();
    let tabRun: string | null = null;
    const currentRunId = { get: () => tabRun, set: (id: string) => void (tabRun = id) };
    let n = 0;
    for (const lambda of [0, 5]) {
      const recorder = new RunRecorder({ store, throttleMs: 0, newId: () => `r${++n}`, currentRunId });
      const { api, emit } = fakeLab();
      new ConfigStore({ api, initialConfig: { ...defaultConfig(), prior: { ...defaultConfig().prior, lambda } }, recorder }).open();
      emit({ type: 'snapshot', snapshot: snapshot(0) });
      emit({ type: 'snapshot', snapshot: snapshot(10) });
      await recorder.flush();
    }
    expect((await store.list()).map((r) => r.id).sort()).toEqual(['r1', 'r2']);
  });

  it('reports a full quota and keeps the lab going', async () => {
    const failing: RunStore = {
      ...createMemoryRunStore(),
      put: () => Promise.reject(Object.assign(new Error('The quota has been exceeded.'), { name: 'QuotaExceededError' })),
    };
    const recorder = new RunRecorder({ store: failing, throttleMs: 0 });
    const problems: string[] = [];
    recorder.subscribe((e) => e.type === 'problem' && problems.push(e.problem.message));
    const { api, play, emit } = fakeLab();
    const lab = new ConfigStore({ api, initialConfig: defaultConfig(), recorder });
    lab.open();
    emit({ type: 'snapshot', snapshot: snapshot(0) });
    emit({ type: 'snapshot', snapshot: snapshot(3) });
    await recorder.flush();
    expect(problems[0]).toMatch(/storage is full/i);
    lab.api.play();
    expect(play).toHaveBeenCalled();
  });
});

describe('a store that refuses writes (full quota)', () => {
  const full = (): RunStore => {
    const inner = createMemoryRunStore([record('old', 1)]);
    return {
      ...inner,
      put: () => Promise.reject(Object.assign(new Error('The quota has been exceeded.'), { name: 'QuotaExceededError' })),
    };
  };

  it('still lists the runs it could not save, marked unsaved, and says why', async () => {
    const store = withMemoryFallback(full());
    await expect(store.put(record('new', 2))).rejects.toThrow(/quota/);
    expect((await store.list()).map((r) => r.id)).toEqual(['new', 'old']);
    expect([...store.unsaved!()]).toEqual(['new']);
    expect(await store.summaries()).toEqual([summarizeRun(record('new', 2)), summarizeRun(record('old', 1))]);
    expect(await store.get('new')).toMatchObject({ id: 'new', step: 3 });
    await store.remove('new');
    expect((await store.list()).map((r) => r.id)).toEqual(['old']);
    expect((await store.summaries()).map((r) => r.id)).toEqual(['old']);
  });

  it('counts a run as saved again once a later write succeeds', async () => {
    let refuse = true;
    const inner = createMemoryRunStore();
    const store = withMemoryFallback({ ...inner, put: (r) => (refuse ? Promise.reject(new Error('quota')) : inner.put(r)) });
    await store.put(record('a', 1)).catch(() => {});
    expect(store.unsaved!().has('a')).toBe(true);
    refuse = false;
    await store.put(record('a', 1));
    expect(store.unsaved!().size).toBe(0);
    expect(await store.list()).toHaveLength(1);
    expect(await store.summaries()).toHaveLength(1);
  });

  it('keeps a recorded run listed when the browser refuses to save it', async () => {
    const store = withMemoryFallback(full());
    const recorder = new RunRecorder({ store, throttleMs: 0 });
    const problems: string[] = [];
    recorder.subscribe((e) => e.type === 'problem' && problems.push(e.problem.reason));
    recorder.start(defaultConfig());
    recorder.handle({ type: 'snapshot', snapshot: snapshot(0) });
    recorder.handle({ type: 'snapshot', snapshot: snapshot(4) });
    await recorder.flush();
    expect(problems).toContain('quota');
    const listed = await store.list();
    expect(listed.map((r) => r.step)).toEqual([4, 3]);
    expect(store.unsaved!().has(listed[0].id)).toBe(true);
  });
});
