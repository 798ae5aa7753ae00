import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../engine/config/defaults';
import { CONFIG_VERSION } from '../../engine/config/types';
import { openIndexedDbRunStore } from './indexedDbRunStore';
import { RUN_RECORD_VERSION, type RunRecord } from './runRecord';

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
