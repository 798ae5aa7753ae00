import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../engine/config/defaults';
import { describeGroup, nameInGroup, runListEntries, type RunGroupEntry } from './runList';
import type { RunGroupKind, RunRecord } from './runRecord';
import { sortNewestFirst } from './runStore';

const run = (id: string, createdAt: number, extra: Partial<RunRecord> = {}): RunRecord => ({
  recordVersion: 2, id, name: id, group: null, createdAt, updatedAt: createdAt, config: defaultConfig(), backend: null, history: [], gates: null,
  step: 10, totalSteps: 10, finished: true, diverged: null, source: 'trained', ...extra,
});

const member = (id: string, createdAt: number, group: { id: string; kind: RunGroupKind; name: string; index: number; size: number }, extra: Partial<RunRecord> = {}) =>
  run(id, createdAt, { group: { ...group, member: id, label: id, linearizeAt: null, width: null }, ...extra });

const sweep = { id: 'g-sweep', kind: 'sweep' as const, name: 'Frontier sweep, λ 2 to 200', size: 3 };
const comparison = { id: 'g-cmp', kind: 'comparison' as const, name: 'Early versus late', size: 2 };

/** Two groups trained in turns (as two tabs would), a lab run between them, the sweep's last run not finished. */
const records = sortNewestFirst([
  member('s0', 10, { ...sweep, index: 0 }),
  member('c0', 20, { ...comparison, index: 0 }),
  member('s1', 30, { ...sweep, index: 1 }),
  run('lab', 35),
  member('c1', 40, { ...comparison, index: 1 }),
  member('s2', 50, { ...sweep, index: 2 }, { finished: false, step: 4, updatedAt: 55 }),
  run('older', 5),
]);

describe('runListEntries', () => {
  const entries = runListEntries(records);

  it('gathers each group into one entry placed by its newest run; runs without a group stay as they are, newest first', () => {
    expect(entries.map((e) => `${e.type}:${e.id}`)).toEqual(['group:g-sweep', 'group:g-cmp', 'run:lab', 'run:older']);
  });

  it("lists a group's runs in the group's order and counts what it holds", () => {
    const [s, c] = entries as RunGroupEntry[];
    expect(s.runs.map((r) => r.id)).toEqual(['s0', 's1', 's2']);
    expect(c.runs.map((r) => r.id)).toEqual(['c0', 'c1']);
    expect(s).toMatchObject({ kind: 'sweep', name: 'Frontier sweep, λ 2 to 200', planned: 3, finished: 2, diverged: 0, imported: false, newestAt: 50, updatedAt: 55 });
    expect(c).toMatchObject({ kind: 'comparison', planned: 2, finished: 2, newestAt: 40, updatedAt: 40 });
  });

  it('places a group by its newest run whatever order the runs come in', () => {
    const shuffled = [records[3], records[0], records[6], records[1], records[5], records[2], records[4]];
    expect(runListEntries(shuffled).map((e) => e.id)).toEqual(['g-sweep', 'g-cmp', 'lab', 'older']);
  });

  it('a lab run newer than every group comes first', () => {
    expect(runListEntries(sortNewestFirst([...records, run('newest', 60)])).map((e) => e.id)).toEqual(['newest', 'g-sweep', 'g-cmp', 'lab', 'older']);
  });

  it('keeps no group of an empty list', () => {
    expect(runListEntries([])).toEqual([]);
  });
});

describe('describeGroup', () => {
  const [s, c] = runListEntries(records) as RunGroupEntry[];
  it('says its kind, how many runs it kept of those planned, and how many finished or diverged', () => {
    expect(describeGroup(s)).toBe('sweep · 3 runs · 2 finished');
    expect(describeGroup(c)).toBe('comparison · 2 runs · all finished');
    expect(describeGroup({ ...s, runs: s.runs.slice(0, 2), planned: 8, finished: 1, diverged: 1 })).toBe('sweep · 2 of 8 runs kept · 1 finished, 1 diverged');
    expect(describeGroup({ ...c, kind: 'widths', imported: true, runs: c.runs.slice(0, 1), planned: 1, finished: 1 })).toBe('width sweep (imported) · 1 run · finished');
  });
});

describe('nameInGroup', () => {
  it("drops the group's name the run's name starts with, and keeps any other name whole", () => {
    const s0 = member('s0', 1, { ...sweep, index: 0 });
    expect(nameInGroup({ ...s0, name: 'Frontier sweep, λ 2 to 200: late, λ = 20' })).toBe('late, λ = 20');
    expect(nameInGroup({ ...s0, name: 'My favourite run' })).toBe('My favourite run');
    expect(nameInGroup({ ...s0, name: 'Frontier sweep, λ 2 to 200: ' })).toBe('Frontier sweep, λ 2 to 200: ');
    expect(nameInGroup(run('lab', 1, { name: 'Frontier sweep, λ 2 to 200: x' }))).toBe('Frontier sweep, λ 2 to 200: x');
  });
});
