import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../engine/config/defaults';
import { earlyVersusLate, lateSchedule } from '../../engine/experiments/schedules';
import { sweepRuns } from '../../engine/experiments/sweepGrid';
import { linearizationRuns } from '../../engine/experiments/kernelRuns';
import type { EvalPoint } from '../../engine/training/snapshot';
import { recordGroup } from './groupRecorder';
import { createMemoryRunStore } from './memoryRunStore';
import { comparisonSpec, kernelSpec, latestGroups, readGroup, readRecords, sweepSpec } from './runGroups';
import { summarizeRun } from './runSummary';
import type { RunRecord } from './runRecord';

const point = (step: number, accuracy: number, apl: number): EvalPoint => ({
  step, epoch: step / 10, trainLoss: 1, trainAccuracy: accuracy, testLoss: 1, testAccuracy: accuracy, fractionNonlinear: apl / 2, aplNormalized: apl, aplUnnormalized: apl, lambda: 2,
});
const gates = [{ name: 'dense 1', slopes: [0, 1], fractionNonlinear: 0.5 }];
const flush = () => new Promise((r) => setTimeout(r, 0));

function recorder(specs: Parameters<typeof recordGroup>[0]['specs'], kind: Parameters<typeof recordGroup>[0]['kind'] = 'comparison', t = { now: 0 }) {
  const store = createMemoryRunStore();
  let n = 0;
  const writes: RunRecord[] = [];
  const group = recordGroup({
    kind,
    name: 'Early versus late',
    specs,
    keep: async (r) => {
      writes.push(structuredClone(r));
      await store.put(r);
    },
    throttleMs: 1000,
    now: () => t.now,
    newId: (prefix) => (prefix === 'group' && t.now > 0 ? `group-at-${t.now}` : `${prefix}-${++n}`),
  });
  return { store, group, writes, t };
}

describe('a comparison kept as a group of run records', () => {
  const specs = earlyVersusLate(defaultConfig(), lateSchedule(10, 'epoch'));

  it('keeps each run that trained, with its end state, under one group id and its place in the comparison', async () => {
    const { store, group } = recorder(specs);
    group.handle({ type: 'run-started', index: 0, id: 'early' });
    group.handle({ type: 'run-progress', index: 0, id: 'early', step: 0, totalSteps: 20, history: [point(0, 0.3, 2)], gates, backend: 'wasm' });
    await flush();
    expect(await store.list()).toEqual([]); // step 0: nothing trained yet
    group.handle({ type: 'run-finished', index: 0, id: 'early', step: 20, totalSteps: 20, history: [point(0, 0.3, 2), point(20, 0.9, 1)], gates, backend: 'wasm', diverged: null });
    group.handle({ type: 'run-started', index: 1, id: 'late@10epoch' });
    group.handle({ type: 'run-progress', index: 1, id: 'late@10epoch', step: 5, totalSteps: 20, history: [point(0, 0.3, 2)], gates, backend: 'wasm' });
    group.handle({ type: 'done', stopped: true, finished: 1, failed: 0 });
    await flush();

    const kept = await store.list();
    expect(kept).toHaveLength(2);
    const [early, late] = [...kept].sort((a, b) => a.group!.index - b.group!.index);
    expect(early.group).toEqual({ id: 'group-1', kind: 'comparison', name: 'Early versus late', member: 'early', label: 'early (prior from step 0)', index: 0, size: 2, linearizeAt: null, width: null });
    expect(late.group?.id).toBe('group-1');
    expect(early).toMatchObject({ name: 'Early versus late: early (prior from step 0)', step: 20, finished: true, gates, backend: 'wasm', source: 'trained', recordVersion: 2 });
    expect(early.history.map((p) => p.step)).toEqual([0, 20]);
    expect(early.config).toEqual(specs[0].config);
    // Stopped half-way: kept as far as it got, not finished.
    expect(late).toMatchObject({ step: 5, finished: false });
    expect(late.config.prior.start).toBe(10);
  });

  it('writes a run at most once per throttle interval while it trains, and once more when it ends', async () => {
    const { group, writes, t } = recorder(specs);
    group.handle({ type: 'run-started', index: 0, id: 'early' });
    for (let step = 1; step <= 10; step++) {
      t.now = step * 300;
      group.handle({ type: 'run-progress', index: 0, id: 'early', step, totalSteps: 10, history: [], gates, backend: 'wasm' });
    }
    t.now = 3100;
    group.handle({ type: 'run-finished', index: 0, id: 'early', step: 10, totalSteps: 10, history: [], gates, backend: 'wasm', diverged: null });
    group.handle({ type: 'done', stopped: false, finished: 1, failed: 0 });
    await flush();
    // Steps 1 (t=300), 5 (t=1500), 9 (t=2700), then the finish: every write is one record, in order.
    expect(writes.map((w) => [w.step, w.finished])).toEqual([[1, false], [5, false], [9, false], [10, true]]);
    expect(new Set(writes.map((w) => w.id)).size).toBe(1);
  });
});

describe('a resumed comparison', () => {
  it('joins its group again and writes over the record of the run that trained part way: one record per run', async () => {
    const specs = earlyVersusLate(defaultConfig(), lateSchedule(10, 'epoch'));
    const { store, group } = recorder(specs);
    group.handle({ type: 'run-started', index: 0, id: 'early' });
    group.handle({ type: 'run-finished', index: 0, id: 'early', step: 20, totalSteps: 20, history: [point(20, 0.9, 1)], gates, backend: 'wasm', diverged: null });
    group.handle({ type: 'run-started', index: 1, id: 'late@10epoch' });
    group.handle({ type: 'run-progress', index: 1, id: 'late@10epoch', step: 7, totalSteps: 20, history: [point(7, 0.5, 2)], gates, backend: 'wasm' });
    await flush(); // the page goes here: no 'done'
    const before = await store.list();
    const partial = before.find((r) => !r.finished)!;
    expect(partial.step).toBe(7);

    const resumed = recordGroup({
      kind: 'comparison', name: 'Early versus late', specs, groupId: group.groupId, recordIds: [null, partial.id], keep: (r) => store.put(r), throttleMs: 0, newId: (p) => `${p}-new`,
    });
    resumed.handle({ type: 'run-started', index: 1, id: 'late@10epoch' });
    resumed.handle({ type: 'run-progress', index: 1, id: 'late@10epoch', step: 3, totalSteps: 20, history: [point(3, 0.4, 2)], gates, backend: 'wasm' });
    resumed.handle({ type: 'run-finished', index: 1, id: 'late@10epoch', step: 20, totalSteps: 20, history: [point(20, 0.8, 1)], gates, backend: 'wasm', diverged: null });
    resumed.handle({ type: 'done', stopped: false, finished: 1, failed: 0 });
    await flush();
    const after = (await store.list()).sort((a, b) => a.group!.index - b.group!.index);
    expect(after.map((r) => [r.id, r.group!.id, r.group!.index, r.finished, r.step])).toEqual([
      [before.find((r) => r.finished)!.id, group.groupId, 0, true, 20],
      [partial.id, group.groupId, 1, true, 20],
    ]);
    expect(latestGroups(after).get('comparison')).toHaveLength(2);
  });
});

describe('kept groups read back for the Compare tab', () => {
  it('finds the latest group of each kind, in order, and rebuilds what each section draws', async () => {
    const base = defaultConfig();
    const sweep = sweepRuns(base, [2, 200], [{ kind: 'early', start: 0, unit: 'step' }, lateSchedule(10, 'epoch')]);
    const older = recorder(sweep, 'sweep', { now: 10 });
    const newer = recorder(sweep, 'sweep', { now: 20 });
    const kernel = recorder(linearizationRuns(base, [0, 100]), 'linearize', { now: 30 });
    for (const { group } of [older, newer, kernel]) {
      // Run 1 before run 0: the group's order, not the order of saving, decides.
      for (const index of [1, 0]) {
        group.handle({ type: 'run-started', index, id: String(index) });
        group.handle({ type: 'run-finished', index, id: String(index), step: 10, totalSteps: 10, history: [point(10, 0.8, 1)], gates, backend: 'wasm', diverged: null });
      }
    }
    await flush();
    expect(new Set([older, newer, kernel].map((r) => r.group.groupId)).size).toBe(3);
    const all = [...(await older.store.list()), ...(await newer.store.list()), ...(await kernel.store.list())];
    const groups = latestGroups(all);
    expect([...groups.keys()].sort()).toEqual(['linearize', 'sweep']);
    // From the runs' summaries (what the Compare tab lists at open), the same runs in the same order;
    // read whole by id, they are the records.
    const fromSummaries = latestGroups(all.map(summarizeRun));
    expect([...fromSummaries].map(([kind, runs]) => [kind, runs.map((r) => r.id)])).toEqual([...groups].map(([kind, runs]) => [kind, runs.map((r) => r.id)]));
    const newerStore = createMemoryRunStore(await newer.store.list());
    expect(await readRecords(newerStore, fromSummaries.get('sweep')!)).toEqual(groups.get('sweep'));
    expect(await readGroup(newerStore, newer.group.groupId)).toEqual(expect.arrayContaining(groups.get('sweep')!));
    const sweepKept = groups.get('sweep')!;
    expect(sweepKept.map((r) => r.group.index)).toEqual([0, 1]);
    expect(sweepKept.every((r) => r.group.id === newer.group.groupId)).toBe(true);
    // The spec a kept sweep run rebuilds is the one it was trained from.
    expect(sweepKept.map(sweepSpec)).toEqual(sweep.slice(0, 2));
    expect(comparisonSpec(sweepKept[1])).toMatchObject({ id: sweep[1].id, label: sweep[1].label });
    expect(groups.get('linearize')!.map(kernelSpec).map((s) => [s.id, s.linearizeAt])).toEqual([['real', null], ['lin0', 0]]);
  });
});
