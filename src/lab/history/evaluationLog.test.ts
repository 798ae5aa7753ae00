import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import type { EvalPoint } from '../../engine/training/snapshot';
import { openEvaluationLog, replayEvaluations } from './evaluationLog';
import { EvaluationLogWriter } from './evaluationLogWriter';
import { StorageProblem } from './runStore';

export function evalPoint(step: number, trainLoss = 1 / (step + 1)): EvalPoint {
  return {
    step, epoch: step / 10, trainLoss, trainAccuracy: 0.5, testLoss: null, testAccuracy: null,
    fractionNonlinear: 1, aplNormalized: 2, aplUnnormalized: 2, lambda: 0,
  };
}
const steps = (points: EvalPoint[]) => points.map((p) => p.step);
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

describe('evaluation log (IndexedDB, fake-indexeddb)', () => {
  it('keeps each run’s chunks apart, reads them back in order and deletes one run’s only', async () => {
    const log = openEvaluationLog(new IDBFactory(), IDBKeyRange);
    await log.putChunks([
      { runId: 'a', index: 1, points: [evalPoint(3), evalPoint(4)] },
      { runId: 'a', index: 0, points: [evalPoint(0), evalPoint(1), evalPoint(2)] },
      { runId: 'b', index: 0, points: [evalPoint(7)] },
    ]);
    expect(steps(await log.read('a'))).toEqual([0, 1, 2, 3, 4]);
    expect(await log.lastIndex('a')).toBe(1);
    expect(await log.lastIndex('nobody')).toBe(-1);
    await log.remove('a');
    expect(await log.read('a')).toEqual([]);
    expect(steps(await log.read('b'))).toEqual([7]);
  });

  it('outlives the page: a second opening of the same browser storage reads what the first wrote', async () => {
    const factory = new IDBFactory();
    await openEvaluationLog(factory, IDBKeyRange).putChunks([{ runId: 'a', index: 0, points: [evalPoint(5)] }]);
    expect(steps(await openEvaluationLog(factory, IDBKeyRange).read('a'))).toEqual([5]);
  });

  it('rejects every call with a StorageProblem when the browser has no IndexedDB', async () => {
    const log = openEvaluationLog(undefined, IDBKeyRange);
    await expect(log.read('a')).rejects.toBeInstanceOf(StorageProblem);
    await expect(log.putChunks([{ runId: 'a', index: 0, points: [evalPoint(0)] }])).rejects.toThrow(/full evaluation record/);
  });

  it('a run that went back to its last good evaluation reads as it ended up: the replaced evaluations left out', () => {
    // Trained 0..5, went back to step 3 and trained 4..6 again: 4 and 5 were replaced.
    const replayed = replayEvaluations([[evalPoint(0), evalPoint(1), evalPoint(2)], [evalPoint(3), evalPoint(4), evalPoint(5)], [evalPoint(4, 9), evalPoint(5, 9), evalPoint(6, 9)]]);
    expect(steps(replayed)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(replayed.slice(4).map((p) => p.trainLoss)).toEqual([9, 9, 9]);
  });
});

describe('evaluation log writer', () => {
  it('writes filled chunks once and rewrites the open one, so the log holds every point written', async () => {
    const log = openEvaluationLog(new IDBFactory(), IDBKeyRange);
    const writer = new EvaluationLogWriter(log, 3);
    writer.append([evalPoint(0), evalPoint(1)]);
    await writer.write('a');
    expect(steps(await log.read('a'))).toEqual([0, 1]);
    writer.append(range(2, 8).map((s) => evalPoint(s)));
    await writer.write('a');
    expect(steps(await log.read('a'))).toEqual(range(0, 8));
    // Chunks 0 [0,1,2], 1 [3,4,5], 2 [6,7] (open).
    expect(await log.lastIndex('a')).toBe(2);
  });

  it('continues a run after its stored chunks and leaves out what the store already holds', async () => {
    const log = openEvaluationLog(new IDBFactory(), IDBKeyRange);
    const first = new EvaluationLogWriter(log, 3);
    first.append(range(0, 5).map((s) => evalPoint(s)));
    await first.write('a');
    // The page reloaded at step 4: the run trains again from step 0, the record continues after 4.
    const again = new EvaluationLogWriter(log, 3);
    again.append(range(0, 8).map((s) => evalPoint(s)));
    await again.write('a', 4);
    expect(steps(await log.read('a'))).toEqual(range(0, 8));
  });

  it('drops what waits when the run is deleted', async () => {
    const log = openEvaluationLog(new IDBFactory(), IDBKeyRange);
    const writer = new EvaluationLogWriter(log, 3);
    writer.append([evalPoint(0)]);
    writer.discard();
    await writer.write('a');
    expect(await log.read('a')).toEqual([]);
  });
});
