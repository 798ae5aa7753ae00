import type { RunRecord } from './runRecord';
import { migrateRunRecord } from './runRecordMigration';
import { sortNewestFirst, StorageProblem, toStorageProblem, type RunStore } from './runStore';

const DB_NAME = 'nonlinear-lab';
const DB_VERSION = 1;
const RUNS = 'runs';

/**
 * Runs in IndexedDB, one object per run keyed by id. Each record carries its record version; older
 * ones are migrated as they are read (runRecordMigration.ts) and written back in today's shape the
 * next time the run is saved. A stored object that is not a run record is left out of the list. Rejects with a StorageProblem when the browser
 * has no IndexedDB or refuses it (private mode), so the page can fall back to memory and say so.
 */
export async function openIndexedDbRunStore(factory: IDBFactory | undefined = globalThis.indexedDB): Promise<RunStore> {
  if (!factory) throw new StorageProblem('unavailable', 'This browser offers no IndexedDB, so runs are kept only until the page closes. Export runs to keep them.');
  const db = await openDatabase(factory);

  const run = <T>(mode: IDBTransactionMode, body: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      let tx: IDBTransaction;
      try {
        tx = db.transaction(RUNS, mode);
      } catch (e) {
        reject(toStorageProblem(e));
        return;
      }
      const request = body(tx.objectStore(RUNS));
      tx.oncomplete = () => resolve(request.result);
      tx.onerror = () => reject(toStorageProblem(tx.error ?? request.error));
      tx.onabort = () => reject(toStorageProblem(tx.error ?? request.error ?? new Error('the write was aborted')));
    });

  return {
    kind: 'indexeddb',
    list: async () => {
      const stored = await run('readonly', (s) => s.getAll() as IDBRequest<unknown[]>);
      return sortNewestFirst(stored.map(migrateRunRecord).filter((r): r is RunRecord => r !== null));
    },
    get: async (id) => migrateRunRecord(await run('readonly', (s) => s.get(id) as IDBRequest<unknown>)) ?? undefined,
    put: async (record) => {
      await run('readwrite', (s) => s.put(record));
    },
    remove: async (id) => {
      await run('readwrite', (s) => s.delete(id));
    },
  };
}

function openDatabase(factory: IDBFactory): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    let request: IDBOpenDBRequest;
    try {
      request = factory.open(DB_NAME, DB_VERSION);
    } catch (e) {
      reject(new StorageProblem('unavailable', `This browser refuses IndexedDB (${e instanceof Error ? e.message : String(e)}), so runs are kept only until the page closes. Export runs to keep them.`));
      return;
    }
    request.onupgradeneeded = () => {
      if (!request.result.objectStoreNames.contains(RUNS)) request.result.createObjectStore(RUNS, { keyPath: 'id' });
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () =>
      reject(new StorageProblem('unavailable', `Runs cannot be saved in this browser (${request.error?.message ?? 'IndexedDB refused'}; private mode?). They are kept until the page closes; export them to keep them.`));
    request.onblocked = () => reject(new StorageProblem('unavailable', 'Another tab holds an older copy of the run history open; close it and reload.'));
  });
}
