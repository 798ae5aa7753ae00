import type { RunRecord } from './runRecord';
import { migrateRunRecord } from './runRecordMigration';
import { sortNewestFirst, StorageProblem, toStorageProblem, type RunStore } from './runStore';
import { summarizeRun, type RunSummary } from './runSummary';

const DB_NAME = 'nonlinear-lab';
/**
 * 1: the runs, one object per run. 2: and a summary of each (runSummary.ts), built once from the
 * stored runs when a version 1 database opens, then written with every record.
 */
const DB_VERSION = 2;
const RUNS = 'runs';
const SUMMARIES = 'runSummaries';

/**
 * Runs in IndexedDB, one object per run keyed by id, and beside it in its own object store the run's
 * summary, which the Runs list reads: a record and its summary are written and deleted in one
 * transaction, so they never disagree. Each record carries its record version; older ones are
 * migrated as they are read (runRecordMigration.ts) and written back in today's shape the next time
 * the run is saved; their summaries are made from the migrated record. A stored object that is not a
 * run record is left out of the list (it has no summary). Rejects with a StorageProblem when the
 * browser has no IndexedDB or refuses it (private mode), so the page can fall back to memory and say so.
 */
export async function openIndexedDbRunStore(factory: IDBFactory | undefined = globalThis.indexedDB): Promise<RunStore> {
  if (!factory) throw new StorageProblem('unavailable', 'This browser offers no IndexedDB, so runs are kept only until the page closes. Export runs to keep them.');
  const db = await openDatabase(factory);
  // A later version of the lab in another tab upgrades the database: let it, rather than block it.
  db.onversionchange = () => db.close();

  const run = <T>(stores: string[], mode: IDBTransactionMode, body: (tx: IDBTransaction) => IDBRequest<T>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      let tx: IDBTransaction;
      try {
        tx = db.transaction(stores, mode);
      } catch (e) {
        reject(toStorageProblem(e));
        return;
      }
      let request: IDBRequest<T>;
      try {
        request = body(tx);
      } catch (e) {
        // A record that cannot be stored (not cloneable): nothing of the write is kept, its summary included.
        tx.abort();
        reject(toStorageProblem(e));
        return;
      }
      tx.oncomplete = () => resolve(request.result);
      tx.onerror = () => reject(toStorageProblem(tx.error ?? request.error));
      tx.onabort = () => reject(toStorageProblem(tx.error ?? request.error ?? new Error('the write was aborted')));
    });

  return {
    kind: 'indexeddb',
    list: async () => {
      const stored = await run([RUNS], 'readonly', (tx) => tx.objectStore(RUNS).getAll() as IDBRequest<unknown[]>);
      return sortNewestFirst(stored.map(migrateRunRecord).filter((r): r is RunRecord => r !== null));
    },
    summaries: async () => sortNewestFirst(await run([SUMMARIES], 'readonly', (tx) => tx.objectStore(SUMMARIES).getAll() as IDBRequest<RunSummary[]>)),
    get: async (id) => migrateRunRecord(await run([RUNS], 'readonly', (tx) => tx.objectStore(RUNS).get(id) as IDBRequest<unknown>)) ?? undefined,
    put: async (record) => {
      // The summary first: a record that cannot be summarized (or cloned) writes nothing.
      const summary = summarizeRun(record);
      await run([RUNS, SUMMARIES], 'readwrite', (tx) => {
        tx.objectStore(SUMMARIES).put(summary);
        return tx.objectStore(RUNS).put(record);
      });
    },
    remove: async (id) => {
      await run([RUNS, SUMMARIES], 'readwrite', (tx) => {
        tx.objectStore(SUMMARIES).delete(id);
        return tx.objectStore(RUNS).delete(id);
      });
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
      const db = request.result;
      const tx = request.transaction!;
      if (!db.objectStoreNames.contains(RUNS)) db.createObjectStore(RUNS, { keyPath: 'id' });
      if (!db.objectStoreNames.contains(SUMMARIES)) {
        const summaries = db.createObjectStore(SUMMARIES, { keyPath: 'id' });
        writeSummaries(tx.objectStore(RUNS), summaries);
      }
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () =>
      reject(new StorageProblem('unavailable', `Runs cannot be saved in this browser (${request.error?.message ?? 'IndexedDB refused'}; private mode?). They are kept until the page closes; export them to keep them.`));
    request.onblocked = () => reject(new StorageProblem('unavailable', 'Another tab holds an older copy of the run history open; close it and reload.'));
  });
}

/** Records read at a time by the upgrade: small enough that no one task of the page holds many. */
const UPGRADE_BATCH = 200;

/**
 * The upgrade to version 2, inside its transaction (all or nothing): a summary of every stored run,
 * migrated as a read migrates it, read UPGRADE_BATCH records at a time in key order (each batch its
 * own task, so the page keeps answering). The records themselves are left exactly as they were.
 */
function writeSummaries(runs: IDBObjectStore, summaries: IDBObjectStore, after?: IDBValidKey): void {
  const request = runs.getAll(after === undefined ? null : IDBKeyRange.lowerBound(after, true), UPGRADE_BATCH);
  request.onsuccess = () => {
    const batch = request.result as unknown[];
    for (const raw of batch) {
      const record = migrateRunRecord(raw);
      let summary: RunSummary | null = null;
      try {
        summary = record && summarizeRun(record);
      } catch {
        // A record whose config cannot be described is kept as it is (get still reads it), not listed:
        // one damaged record must not abort the upgrade and leave every run unlisted.
      }
      if (summary) summaries.put(summary);
    }
    if (batch.length === UPGRADE_BATCH) writeSummaries(runs, summaries, (batch[batch.length - 1] as { id: IDBValidKey }).id);
  };
}
