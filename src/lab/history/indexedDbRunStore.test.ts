import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it, vi } from 'vitest';
import { defaultConfig } from '../../engine/config/defaults';
import { CONFIG_VERSION } from '../../engine/config/types';
import { openIndexedDbRunStore } from './indexedDbRunStore';
import { describeConfig, RUN_RECORD_VERSION, type RunRecord } from './runRecord';
import { StorageProblem } from './runStore';
import { summarizeRun } from './runSummary';

// A browser has it as a global; the upgrade reads the stored runs in key ranges.
vi.stubGlobal('IDBKeyRange', IDBKeyRange);

function record(id: string, createdAt: number, extra: Partial<RunRecord> = {}): RunRecord {
  const config = defaultConfig();
  return {
    recordVersion: RUN_RECORD_VERSION,
    id,
    name: `run ${id}`,
    createdAt,
    updatedAt: createdAt + 5,
    config: { ...config, dataset: { ...config.dataset, kind: 'spirals' }, prior: { ...config.prior, lambda: 3 } },
    backend: 'wasm',
    history: [
      { step: 0, epoch: 0, trainLoss: 1.1, trainAccuracy: 0.3, testLoss: 1.1, testAccuracy: 0.32, fractionNonlinear: 1, aplNormalized: 2, aplUnnormalized: 2, lambda: 0, ntkDistance: 0, ntkVelocity: null, ntkAlignment: 0.1 },
      // A diverged run keeps NaN and Infinity as they were.
      { step: 40, epoch: 2, trainLoss: NaN, trainAccuracy: 0.5, testLoss: Infinity, testAccuracy: null, fractionNonlinear: 0.25, aplNormalized: 0.5, aplUnnormalized: 1, lambda: 3 },
    ],
    gates: [
      { name: 'dense 1', slopes: [0, 0.25, 1], fractionNonlinear: 2 / 3 },
      { name: 'dense 2', slopes: [1, 1], fractionNonlinear: 0 },
    ],
    step: 40,
    totalSteps: 80,
    finished: false,
    diverged: 'the loss became NaN at step 40',
    source: 'trained',
    group: null,
    ...extra,
  };
}

/** Writes objects straight into the lab's database as an older lab left them. */
async function writeRaw(factory: IDBFactory, objects: unknown[]): Promise<void> {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const request = factory.open('nonlinear-lab', 1);
    request.onupgradeneeded = () => request.result.createObjectStore('runs', { keyPath: 'id' });
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB open failed'));
  });
  await new Promise<void>((resolve, reject) => {
    const tx = db.transaction('runs', 'readwrite');
    for (const o of objects) tx.objectStore('runs').put(o);
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error ?? new Error('IndexedDB write failed'));
  });
  db.close();
}

describe('runs in IndexedDB', () => {
  it('reads back exactly what was saved: config, every evaluation (NaN included), gates, group and state', async () => {
    const store = await openIndexedDbRunStore(new IDBFactory());
    const lone = record('a', 1000);
    const grouped = record('b', 2000, {
      finished: true,
      diverged: null,
      group: { id: 'group-1', kind: 'sweep', name: 'Frontier sweep, λ 2 to 200', member: 'late@10epoch/λ=2', label: 'late (prior from epoch 10), λ = 2', index: 1, size: 4, linearizeAt: null, width: null },
    });
    await store.put(lone);
    await store.put(grouped);
    expect(await store.get('a')).toEqual(lone);
    expect(await store.get('b')).toEqual(grouped);
    expect(await store.list()).toEqual([grouped, lone]);
    expect(await store.get('missing')).toBeUndefined();
  });

  it('replaces a run saved again under its id, and deletes it', async () => {
    const factory = new IDBFactory();
    const store = await openIndexedDbRunStore(factory);
    await store.put(record('a', 1000));
    await store.put({ ...record('a', 1000), name: 'renamed', step: 80, finished: true });
    expect((await store.list()).map((r) => [r.id, r.name, r.step, r.finished])).toEqual([['a', 'renamed', 80, true]]);
    // Another opening of the same database (a reload) sees the same.
    expect((await (await openIndexedDbRunStore(factory)).get('a'))?.name).toBe('renamed');
    await store.remove('a');
    expect(await store.list()).toEqual([]);
  });

  it('migrates a record written before record versions: its config read as the config version it was made with, no group', async () => {
    const factory = new IDBFactory();
    const current = record('old', 500);
    // A record as the lab wrote it before versioning: no recordVersion, no group, and a config v1
    // (no prior form: v1 applied the prior as a proximal step).
    const { recordVersion: _v, group: _g, ...withoutVersion } = current;
    const { mode: _m, ...priorV1 } = current.config.prior;
    const oldRecord = { ...withoutVersion, config: { ...current.config, version: 1, prior: priorV1 } };
    await writeRaw(factory, [oldRecord, { id: 'not-a-run', note: 'something else' }]);

    const store = await openIndexedDbRunStore(factory);
    const migrated = await store.get('old');
    expect(migrated).toEqual({
      ...current,
      recordVersion: 2,
      group: null,
      config: { ...current.config, version: CONFIG_VERSION, prior: { ...current.config.prior, mode: 'proximal' } },
    });
    // The list reads the same, and leaves out what is no run record.
    expect(await store.list()).toEqual([migrated]);
    expect(await store.get('not-a-run')).toBeUndefined();
    // Saved again, it is stored in today's shape.
    await store.put(migrated!);
    expect(await (await openIndexedDbRunStore(factory)).get('old')).toEqual(migrated);
  });

  it('keeps a record from a newer lab as it is, and drops a group it cannot read', async () => {
    const factory = new IDBFactory();
    const newer = { ...record('n', 1), recordVersion: 9, extra: 'from the future' };
    const badGroup = { ...record('g', 2), group: { id: 'x', kind: 'tournament', member: 'a', index: 0, size: 1 } };
    await writeRaw(factory, [newer, badGroup]);
    const store = await openIndexedDbRunStore(factory);
    expect(await store.get('n')).toEqual(newer);
    expect((await store.get('g'))?.group).toBeNull();
  });
});

/** Every object of one object store of the lab's database, as stored, and the database's version. */
async function readRaw(factory: IDBFactory, storeName: string): Promise<{ version: number; objects: unknown[] }> {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const request = factory.open('nonlinear-lab');
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB open failed'));
  });
  try {
    const objects = await new Promise<unknown[]>((resolve, reject) => {
      const request = db.transaction(storeName).objectStore(storeName).getAll();
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error ?? new Error('IndexedDB read failed'));
    });
    return { version: db.version, objects };
  } finally {
    db.close();
  }
}

describe('the runs list read from summaries', () => {
  const sweep = (index: number) => ({ id: 'sweep-1', kind: 'sweep' as const, name: 'Frontier sweep', member: `m${index}`, label: `λ ${index}`, index, size: 2, linearizeAt: null, width: null });

  it('upgrades a version 1 database: every run listed as before, from a summary of its migrated record; no record changed', async () => {
    const factory = new IDBFactory();
    const current = record('current', 3000, { group: sweep(0) });
    const unfinished = record('unfinished', 2000, { history: [], gates: null, finished: false, diverged: null });
    const { recordVersion: _v, group: _g, ...withoutVersion } = record('old', 1000);
    const { mode: _m, ...priorV1 } = withoutVersion.config.prior;
    const old = { ...withoutVersion, config: { ...withoutVersion.config, version: 1, prior: priorV1 } };
    const written = [current, unfinished, old, { id: 'not-a-run', note: 'something else' }];
    await writeRaw(factory, written);
    const { objects: storedBefore } = await readRaw(factory, 'runs');
    expect(storedBefore).toHaveLength(4);

    const store = await openIndexedDbRunStore(factory);
    const records = await store.list();
    expect(records.map((r) => r.id)).toEqual(['current', 'unfinished', 'old']);
    const summaries = await store.summaries();
    expect(summaries).toEqual(records.map(summarizeRun));
    // The migrated record's summary describes its config as migrated (config v1 read as today's).
    expect(summaries[2].description).toBe(describeConfig(records[2].config));
    expect(summaries[0]).toMatchObject({ group: sweep(0), finished: false, diverged: 'the loss became NaN at step 40', testAccuracy: 0.32, aplNormalized: 0.5, hasGates: true, step: 40, totalSteps: 80 });
    expect(summaries[1]).toMatchObject({ testAccuracy: null, aplNormalized: null, hasGates: false });
    // The records are stored exactly as they were, the object that is no run included.
    const after = await readRaw(factory, 'runs');
    expect(after.version).toBe(2);
    expect(after.objects).toEqual(storedBefore);
    // A second opening does not build them again: the same summaries, none doubled.
    expect(await (await openIndexedDbRunStore(factory)).summaries()).toEqual(summaries);
  });

  it('upgrades a database of hundreds of runs, read in batches: every one summarized once, newest first', async () => {
    const factory = new IDBFactory();
    // Ids in another order than their times: the batches go by key, the list by time.
    const runs = Array.from({ length: 450 }, (_, i) => record(`run-${String((i * 7) % 450).padStart(3, '0')}`, 1000 + i));
    await writeRaw(factory, runs);
    const store = await openIndexedDbRunStore(factory);
    expect(await store.summaries()).toEqual([...runs].reverse().map(summarizeRun));
  });

  it('keeps each summary in step with its record: put, put again, remove; a write that fails writes neither', async () => {
    const factory = new IDBFactory();
    const store = await openIndexedDbRunStore(factory);
    expect(await store.summaries()).toEqual([]);
    const a = record('a', 1000);
    const b = record('b', 2000, { group: sweep(1) });
    await store.put(a);
    await store.put(b);
    expect(await store.summaries()).toEqual([summarizeRun(b), summarizeRun(a)]);

    const renamed = { ...a, name: 'renamed', step: 80, finished: true, updatedAt: 9000 };
    await store.put(renamed);
    expect(await store.summaries()).toEqual([summarizeRun(b), summarizeRun(renamed)]);
    expect(await (await openIndexedDbRunStore(factory)).summaries()).toEqual([summarizeRun(b), summarizeRun(renamed)]);

    await store.remove('b');
    expect(await store.summaries()).toEqual([summarizeRun(renamed)]);
    expect(await store.get('b')).toBeUndefined();
    expect((await readRaw(factory, 'runSummaries')).objects).toHaveLength(1);

    // A record the browser cannot store (here: a function in it) is refused whole: no summary of it either.
    const unstorable = { ...record('c', 3000), history: [{ ...record('c', 3000).history[0], extra: () => 1 }] } as unknown as RunRecord;
    await expect(store.put(unstorable)).rejects.toBeInstanceOf(StorageProblem);
    expect(await store.summaries()).toEqual([summarizeRun(renamed)]);
    expect(await store.get('c')).toBeUndefined();
  });
});
