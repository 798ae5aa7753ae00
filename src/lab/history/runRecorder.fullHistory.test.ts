/** A long run's record stays bounded while every evaluation reaches the evaluation log, and exports read them all. */
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it, vi } from 'vitest';
import { defaultConfig } from '../../engine/config/defaults';
import { CHART_HISTORY_LIMIT } from '../../engine/training/chartHistory';
import type { EvalPoint, Snapshot } from '../../engine/training/snapshot';
import { metricsFromCsv, metricsToCsv } from '../export/metricsCsv';
import { exportRunsJson, parseRunsImport } from '../export/runExport';
import { evalPoint } from './evaluationLog.test';
import { openEvaluationLog, type EvaluationLog } from './evaluationLog';
import { createMemoryRunStore } from './memoryRunStore';
import { RunRecorder, type RecorderListener } from './runRecorder';
import { StorageProblem } from './runStore';

function snapshot(step: number, newPoints: EvalPoint[], totalSteps = 100_000): Snapshot {
  return {
    step, totalSteps, stepsPerEpoch: 0, finished: false, diverged: null,
    gates: [{ name: 'dense 1', slopes: [0, 1], fractionNonlinear: 0.5 }],
    backend: { name: 'wasm', reason: '', attempts: [] },
    history: [], newPoints,
  } as unknown as Snapshot;
}

/** Trains `evaluations` steps of one evaluation each, `perSnapshot` to a snapshot, from `from`. */
function train(recorder: RunRecorder, from: number, evaluations: number, perSnapshot = 7): void {
  recorder.handle({ type: 'snapshot', snapshot: snapshot(0, from === 0 ? [evalPoint(0)] : []) });
  for (let step = from + 1; step < from + evaluations; step += perSnapshot) {
    const points = [];
    for (let s = step; s < Math.min(step + perSnapshot, from + evaluations); s++) points.push(evalPoint(s));
    recorder.handle({ type: 'snapshot', snapshot: snapshot(points.at(-1)!.step, points) });
  }
}

const EVALUATIONS = 3 * CHART_HISTORY_LIMIT + 17;

describe('run recorder with the evaluation log', () => {
  it('keeps the record bounded on a long run while the log gets every evaluation, and exports read them all', async () => {
    const store = createMemoryRunStore();
    const log = openEvaluationLog(new IDBFactory(), IDBKeyRange);
    const recorder = new RunRecorder({ store, evaluations: log, throttleMs: 0, newId: () => 'long' });
    recorder.start(defaultConfig());
    train(recorder, 0, EVALUATIONS);
    await recorder.flush();

    const saved = (await store.get('long'))!;
    expect(saved.step).toBe(EVALUATIONS - 1);
    expect(saved.history.length).toBeLessThanOrEqual(CHART_HISTORY_LIMIT);
    expect(saved.history.at(-1)?.step).toBe(EVALUATIONS - 1);
    expect(saved).toMatchObject({ fullHistory: 'log', thinned: true });
    expect(recorder.currentRun()!.history.length).toBeLessThanOrEqual(CHART_HISTORY_LIMIT);

    const { history, note } = await recorder.fullHistory(saved);
    expect(note).toBeNull();
    expect(history.map((p) => p.step)).toEqual(Array.from({ length: EVALUATIONS }, (_, i) => i));
    // The CSV and the JSON carry all of them.
    expect(metricsFromCsv(metricsToCsv(history))).toHaveLength(EVALUATIONS);
    expect(parseRunsImport(exportRunsJson([{ ...saved, history }])).runs[0].history).toHaveLength(EVALUATIONS);
  });

  it('deleting a run deletes its evaluations', async () => {
    const store = createMemoryRunStore();
    const log = openEvaluationLog(new IDBFactory(), IDBKeyRange);
    const recorder = new RunRecorder({ store, evaluations: log, throttleMs: 0, newId: () => 'gone' });
    recorder.start(defaultConfig());
    train(recorder, 0, 1200);
    await recorder.flush();
    expect(await log.read('gone')).toHaveLength(1200);
    await recorder.remove('gone');
    expect(await store.get('gone')).toBeUndefined();
    expect(await log.read('gone')).toEqual([]);
    // Snapshots after the delete start nothing new.
    recorder.handle({ type: 'snapshot', snapshot: snapshot(1300, [evalPoint(1300)]) });
    await recorder.flush();
    expect(await log.read('gone')).toEqual([]);
  });

  it('a reload continues the log after the saved step, without writing the retrained steps twice', async () => {
    const store = createMemoryRunStore();
    const factory = new IDBFactory();
    let tab: string | null = null;
    const currentRunId = { get: () => tab, set: (id: string) => void (tab = id) };
    const before = new RunRecorder({ store, evaluations: openEvaluationLog(factory, IDBKeyRange), throttleMs: 0, newId: () => 'kept', currentRunId });
    before.start(defaultConfig(), { continueSaved: true });
    train(before, 0, 900);
    await before.flush();

    const after = new RunRecorder({ store, evaluations: openEvaluationLog(factory, IDBKeyRange), throttleMs: 0, newId: () => 'other', currentRunId });
    after.start(defaultConfig(), { continueSaved: true });
    train(after, 0, 2500);
    await after.flush();
    const saved = (await store.get('kept'))!;
    expect((await store.list()).map((r) => r.id)).toEqual(['kept']);
    const { history } = await after.fullHistory(saved);
    expect(history.map((p) => p.step)).toEqual(Array.from({ length: 2500 }, (_, i) => i));
  });

  it('after a rewind to the last good evaluation, record and export hold the run as it ended up', async () => {
    const store = createMemoryRunStore();
    const recorder = new RunRecorder({ store, evaluations: openEvaluationLog(new IDBFactory(), IDBKeyRange), throttleMs: 0, newId: () => 'r' });
    recorder.start(defaultConfig());
    train(recorder, 0, 50);
    // Went back to step 40 and trained 41.. again.
    recorder.handle({ type: 'snapshot', snapshot: snapshot(45, [41, 42, 43, 44, 45].map((s) => evalPoint(s, 7))) });
    await recorder.flush();
    const saved = (await store.get('r'))!;
    const expected = Array.from({ length: 46 }, (_, i) => i);
    expect(saved.history.map((p) => p.step)).toEqual(expected);
    const { history } = await recorder.fullHistory(saved);
    expect(history.map((p) => p.step)).toEqual(expected);
    expect(history.at(-1)?.trainLoss).toBe(7);
  });

  it('when the log refuses (storage full), keeps the bounded history, says so once, and exports say what is missing', async () => {
    // Runs are saved (the message is about the evaluations only; without any storage the page says that instead).
    const store = { ...createMemoryRunStore(), kind: 'indexeddb' as const };
    const full: EvaluationLog = {
      putChunks: vi.fn(() => Promise.reject(new DOMException('quota', 'QuotaExceededError'))),
      lastIndex: () => Promise.resolve(-1),
      read: () => Promise.resolve([]),
      remove: () => Promise.resolve(),
    };
    const recorder = new RunRecorder({ store, evaluations: full, throttleMs: 0, newId: () => 'r' });
    const problems: StorageProblem[] = [];
    const listener: RecorderListener = (e) => e.type === 'problem' && problems.push(e.problem);
    recorder.subscribe(listener);
    recorder.start(defaultConfig());
    train(recorder, 0, EVALUATIONS, 301);
    await recorder.flush();

    const saved = (await store.get('r'))!;
    expect(saved).toMatchObject({ fullHistory: 'history', thinned: true, step: EVALUATIONS - 1 });
    expect(problems).toHaveLength(1);
    expect(problems[0].reason).toBe('quota');
    expect(problems[0].message).toMatch(/full evaluation record could not be saved.*storage is full/i);
    const { history, note } = await recorder.fullHistory(saved);
    expect(history).toEqual(saved.history);
    expect(note).toMatch(/did not keep every evaluation.*\d[\d,]* kept for its charts/);
  });

  it('a short run without a log exports its whole history with no note', async () => {
    const store = createMemoryRunStore();
    const recorder = new RunRecorder({ store, throttleMs: 0, newId: () => 'r' });
    recorder.start(defaultConfig());
    train(recorder, 0, 30);
    await recorder.flush();
    const saved = (await store.get('r'))!;
    expect(saved.fullHistory).toBeUndefined();
    expect(await recorder.fullHistory(saved)).toEqual({ history: saved.history, note: null });
    expect(saved.history).toHaveLength(30);
  });
});
