import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../engine/config/defaults';
import type { RunRecord } from '../../lab/history/runRecord';
import { upsertNewestFirst } from './useRuns';

const run = (id: string, createdAt: number, step = 1): RunRecord => ({
  recordVersion: 2, id, name: id, group: null, createdAt, updatedAt: createdAt, config: defaultConfig(), backend: null, history: [], gates: null,
  step, totalSteps: 10, finished: false, diverged: null, source: 'trained',
});

describe('a save updates the list in place (no re-read of every stored run)', () => {
  it('replaces the saved run, or puts a new one where its creation time belongs', () => {
    const list = [run('c', 3), run('b', 2), run('a', 1)];
    expect(upsertNewestFirst(list, run('b', 2, 7)).map((r) => [r.id, r.step])).toEqual([['c', 1], ['b', 7], ['a', 1]]);
    expect(upsertNewestFirst(list, run('d', 4)).map((r) => r.id)).toEqual(['d', 'c', 'b', 'a']);
    expect(upsertNewestFirst(list, run('z', 0)).map((r) => r.id)).toEqual(['c', 'b', 'a', 'z']);
    expect(upsertNewestFirst(list, run('m', 2.5)).map((r) => r.id)).toEqual(['c', 'm', 'b', 'a']);
  });
});
