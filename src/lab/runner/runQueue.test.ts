import { describe, expect, it, vi } from 'vitest';
import { defaultConfig } from '../../engine/config/defaults';
import type { EvalPoint, Snapshot } from '../../engine/training/snapshot';
import type { LabApi, LabEvent } from '../labApi';
import { createLabClient } from '../../worker/labClient';
import { runQueue, type RunnerEvent, type RunSpec } from './runQueue';
import { formatRemaining, queueProgress } from './progress';

/** A fake worker: a run "trains" when played, streaming a snapshot per call of advance(). */
function fakeWorkers() {
  const apis: { api: LabApi; emit: (e: LabEvent) => void; loads: number[]; disposed: boolean }[] = [];
  const create = (): LabApi => {
    const listeners = new Set<(e: LabEvent) => void>();
    const entry = { api: null as unknown as LabApi, emit: (e: LabEvent) => listeners.forEach((l) => l(e)), loads: [] as number[], disposed: false };
    entry.api = {
      load: (config) => entry.loads.push(config.prior.lambda),
      play: vi.fn(), pause: vi.fn(), step: vi.fn(), reset: vi.fn(), change: vi.fn(), snap: vi.fn(), rewind: vi.fn(), setPace: vi.fn(), skipTo: vi.fn(),
      subscribe: (l) => { listeners.add(l); return () => listeners.delete(l); },
      dispose: () => { entry.disposed = true; listeners.clear(); },
    };
    apis.push(entry);
    return entry.api;
  };
  return { apis, create };
}

const point = (step: number): EvalPoint => ({
  step, epoch: 0, trainLoss: 1, trainAccuracy: 0.5, testLoss: 1, testAccuracy: 0.5, fractionNonlinear: 1, aplNormalized: 3, aplUnnormalized: 3, lambda: 1,
});
const snapshot = (step: number, history: EvalPoint[]) => ({ type: 'snapshot', snapshot: { step, totalSteps: 100, history, diverged: null, gates: [{ name: 'dense 1', slopes: [0, 1], fractionNonlinear: 0.5 }], backend: { name: 'wasm' } } as unknown as Snapshot }) as const;
const specs: RunSpec[] = [1, 2, 3].map((lambda) => ({ id: `r${lambda}`, label: `λ=${lambda}`, config: { ...defaultConfig(), prior: { ...defaultConfig().prior, lambda } } }));
const tick = () => new Promise((r) => setTimeout(r, 0));

describe('runQueue', () => {
  it('runs the configs one after another on one worker and reports each run’s evaluations', async () => {
    const { apis, create } = fakeWorkers();
    const events: RunnerEvent[] = [];
    const queue = runQueue(create, specs, (e) => events.push(e));
    await tick();
    expect(apis).toHaveLength(1);
    for (let i = 0; i < 3; i++) {
      apis[0].emit(snapshot(50, [point(50)]));
      apis[0].emit(snapshot(100, [point(50), point(100)]));
      apis[0].emit({ type: 'status', status: 'finished', message: '' });
    }
    const done = await queue.done;
    expect(done).toMatchObject({ stopped: false, finished: 3, failed: 0 });
    expect(apis[0].loads).toEqual([1, 2, 3]);
    const finished = events.filter((e) => e.type === 'run-finished');
    expect(finished.map((e) => e.id)).toEqual(['r1', 'r2', 'r3']);
    expect(finished[0].type === 'run-finished' && finished[0].history.map((p) => p.step)).toEqual([50, 100]);
    // Each run ends with its last gates and backend, so its finished state can be shown without training it again.
    expect(finished[0]).toMatchObject({ gates: [{ name: 'dense 1', slopes: [0, 1] }], backend: 'wasm' });
    expect(apis[0].disposed).toBe(true);
  });

  it('a resumed queue trains only the runs it is given, in order, each named by its place in the whole queue', async () => {
    const { apis, create } = fakeWorkers();
    const events: RunnerEvent[] = [];
    const queue = runQueue(create, specs, (e) => events.push(e), [0, 2]);
    await tick();
    for (let i = 0; i < 2; i++) {
      apis[0].emit(snapshot(100, [point(100)]));
      apis[0].emit({ type: 'status', status: 'finished', message: '' });
    }
    expect(await queue.done).toMatchObject({ stopped: false, finished: 2, failed: 0 });
    expect(apis[0].loads).toEqual([1, 3]);
    expect(events.filter((e) => e.type === 'run-started').map((e) => e.type === 'run-started' && [e.index, e.id])).toEqual([[0, 'r1'], [2, 'r3']]);
    expect(events.filter((e) => e.type === 'run-finished').map((e) => e.type === 'run-finished' && e.index)).toEqual([0, 2]);
  });

  it('a resumed queue with nothing left to train is done at once', async () => {
    const { apis, create } = fakeWorkers();
    const queue = runQueue(create, specs, () => undefined, []);
    expect(await queue.done).toMatchObject({ stopped: false, finished: 0 });
    expect(apis).toHaveLength(0);
  });

  it('stop ends at once and keeps what finished', async () => {
    const { apis, create } = fakeWorkers();
    const events: RunnerEvent[] = [];
    const queue = runQueue(create, specs, (e) => events.push(e));
    await tick();
    apis[0].emit({ type: 'status', status: 'finished', message: '' });
    apis[0].emit(snapshot(10, []));
    queue.stop();
    apis[0].emit({ type: 'status', status: 'finished', message: '' }); // too late: ignored
    expect(await queue.done).toMatchObject({ stopped: true, finished: 1 });
    expect(apis[0].disposed).toBe(true);
    expect(events.filter((e) => e.type === 'run-started')).toHaveLength(2);
  });

  it('a failed run is reported and the next one gets a fresh worker', async () => {
    const { apis, create } = fakeWorkers();
    const events: RunnerEvent[] = [];
    const queue = runQueue(create, specs.slice(0, 2), (e) => events.push(e));
    await tick();
    apis[0].emit({ type: 'status', status: 'error', message: 'The training worker failed.' });
    expect(apis).toHaveLength(2);
    apis[1].emit({ type: 'status', status: 'finished', message: '' });
    expect(await queue.done).toMatchObject({ finished: 1, failed: 1 });
    expect(events.find((e) => e.type === 'run-failed')).toMatchObject({ id: 'r1', message: 'The training worker failed.' });
  });
});

describe('queueProgress', () => {
  it('estimates the time left from the pace so far, assuming unseen runs are as long as seen ones', () => {
    const p = queueProgress({
      runsTotal: 4,
      knownTotals: new Map([[0, 100], [1, 100]]),
      stepsByRun: new Map([[0, 100], [1, 50]]),
      runsDone: 1,
      elapsedMs: 15_000,
    });
    expect(p.stepsTotal).toBe(400);
    expect(p.stepsDone).toBe(150);
    expect(p.fraction).toBeCloseTo(0.375);
    expect(p.remainingMs).toBeCloseTo(25_000);
    expect(formatRemaining(p.remainingMs)).toBe('about 25 s left');
    expect(formatRemaining(95_000)).toBe('about 1 min 35 s left');
  });

  it('a resumed queue counts the runs that finished before as done, but times only the steps trained since', () => {
    const p = queueProgress({
      runsTotal: 4,
      knownTotals: new Map([[0, 100], [1, 100]]),
      stepsByRun: new Map([[0, 100], [1, 50]]),
      runsDone: 1,
      elapsedMs: 10_000,
      stepsBefore: 100,
    });
    expect(p.fraction).toBeCloseTo(0.375);
    // 50 steps in 10 s: the 250 left take 50 s.
    expect(p.remainingMs).toBeCloseTo(50_000);
    expect(queueProgress({ runsTotal: 2, knownTotals: new Map([[0, 100]]), stepsByRun: new Map([[0, 100]]), runsDone: 1, elapsedMs: 500, stepsBefore: 100 }).remainingMs).toBeNull();
  });

  it('does not guess before any work is done', () => {
    const p = queueProgress({ runsTotal: 2, knownTotals: new Map(), stepsByRun: new Map(), runsDone: 0, elapsedMs: 3000 });
    expect(p.remainingMs).toBeNull();
    expect(formatRemaining(p.remainingMs)).toMatch(/estimating/);
  });
});

describe('runQueue on a worker that cannot be created', () => {
  it('fails each run with the reason and finishes, instead of waiting on "Starting" forever', async () => {
    // Node has no Worker: creating the training worker throws, as a CSP or an old browser makes it throw.
    expect(typeof (globalThis as { Worker?: unknown }).Worker).toBe('undefined');
    const events: RunnerEvent[] = [];
    const queue = runQueue(() => createLabClient({ backend: null }), specs.slice(0, 2), (e) => events.push(e));
    const done = await queue.done;
    expect(done).toEqual({ type: 'done', stopped: false, finished: 0, failed: 2 });
    const failures = events.filter((e) => e.type === 'run-failed');
    expect(failures.map((e) => e.id)).toEqual(['r1', 'r2']);
    for (const failure of failures) expect(failure).toMatchObject({ message: expect.stringMatching(/training worker could not be started/) });
  });
});
