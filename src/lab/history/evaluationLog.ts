/**
 * Every evaluation of every trained run, kept in IndexedDB apart from the runs themselves (a database
 * of its own, so the run store's records stay small and its versions are its own): append-only
 * chunks of at most EVALUATION_CHUNK_SIZE evaluations, keyed [run id, chunk index]. The page keeps
 * only the charts' bounded history in memory (chartHistory.ts); exports read the full record here.
 */
import type { EvalPoint } from '../../engine/training/snapshot';
import { StorageProblem, toStorageProblem } from './runStore';

export const EVALUATION_LOG_DB = 'nonlinear-lab-evaluations';
const DB_VERSION = 1;
const CHUNKS = 'chunks';
export const EVALUATION_CHUNK_SIZE = 500;

export interface EvaluationChunk {
  runId: string;
  index: number;
  points: EvalPoint[];
}

export interface EvaluationLog {
  /** Writes (or rewrites, same run and index) these chunks in one transaction. */
  putChunks(chunks: EvaluationChunk[]): Promise<void>;
  /** The highest chunk index stored for the run, or -1 when it has none. */
  lastIndex(runId: string): Promise<number>;
  /** The run's evaluations in the order they were trained, a rewound run's replaced ones left out. */
  read(runId: string): Promise<EvalPoint[]>;
  /** Deletes all of the run's chunks. */
  remove(runId: string): Promise<void>;
}

/**
 * The log in IndexedDB, usable at once (calls wait for the database to open). When the browser has
 * no IndexedDB or refuses it, every call rejects with a StorageProblem: the recorder then keeps the
 * bounded history only and says so.
 */
export function openEvaluationLog(
  factory: IDBFactory | undefined = globalThis.indexedDB,
  keyRange: typeof IDBKeyRange | undefined = globalThis.IDBKeyRange,
): EvaluationLog {
  const opening = openDatabase(keyRange ? factory : undefined);
  // Rejections are reported by the calls that wait for it, not as an unhandled one here.
  opening.catch(() => undefined);

  const run = async <T>(mode: IDBTransactionMode, body: (store: IDBObjectStore) => IDBRequest<T> | void): Promise<T | undefined> => {
    const db = await opening;
    return new Promise<T | undefined>((resolve, reject) => {
      let tx: IDBTransaction;
      try {
        tx = db.transaction(CHUNKS, mode);
      } catch (e) {
        reject(toStorageProblem(e));
        return;
      }
      let request: IDBRequest<T> | void;
      try {
        request = body(tx.objectStore(CHUNKS));
      } catch (e) {
        tx.abort();
        reject(toStorageProblem(e));
        return;
      }
      tx.oncomplete = () => resolve(request ? request.result : undefined);
      tx.onerror = () => reject(toStorageProblem(tx.error ?? new Error('the evaluation log refused the request')));
      tx.onabort = () => reject(toStorageProblem(tx.error ?? new Error('the write was aborted')));
    });
  };
  const ofRun = (runId: string) => (keyRange).bound([runId, -Infinity], [runId, Infinity]);

  return {
    putChunks: async (chunks) => {
      if (chunks.length === 0) return;
      await run('readwrite', (s) => {
        for (const chunk of chunks) s.put(chunk);
      });
    },
    lastIndex: async (runId) => {
      const key = await run('readonly', (s) => s.getAllKeys(ofRun(runId)));
      const last = key?.at(-1);
      return Array.isArray(last) ? Number(last[1]) : -1;
    },
    read: async (runId) => {
      const chunks = (await run('readonly', (s) => s.getAll(ofRun(runId)) as IDBRequest<EvaluationChunk[]>)) ?? [];
      return replayEvaluations(chunks.map((c) => c.points));
    },
    remove: async (runId) => {
      await run('readwrite', (s) => s.delete(ofRun(runId)));
    },
  };
}

/**
 * The evaluations as the run ended up with them: a point at or before an earlier point's step (the
 * run went back to its last good evaluation and trained again) replaces the ones from that step on.
 */
export function replayEvaluations(batches: readonly (readonly EvalPoint[])[]): EvalPoint[] {
  const out: EvalPoint[] = [];
  for (const batch of batches) {
    for (const point of batch) {
      if (out.length > 0 && (out.at(-1) as EvalPoint).step >= point.step) {
        let keep = out.length;
        while (keep > 0 && out[keep - 1].step >= point.step) keep--;
        out.length = keep;
      }
      out.push(point);
    }
  }
  return out;
}

function openDatabase(factory: IDBFactory | undefined): Promise<IDBDatabase> {
  const unavailable = (why: string) =>
    new StorageProblem('unavailable', `This browser does not keep the full evaluation record (${why}), so runs keep only the charts' thinned history. Export runs while they are short to keep every evaluation.`);
  if (!factory) return Promise.reject(unavailable('no IndexedDB'));
  return new Promise((resolve, reject) => {
    let request: IDBOpenDBRequest;
    try {
      request = factory.open(EVALUATION_LOG_DB, DB_VERSION);
    } catch (e) {
      reject(unavailable(e instanceof Error ? e.message : String(e)));
      return;
    }
    request.onupgradeneeded = () => {
      if (!request.result.objectStoreNames.contains(CHUNKS)) request.result.createObjectStore(CHUNKS, { keyPath: ['runId', 'index'] });
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(unavailable(request.error?.message ?? 'IndexedDB refused'));
    request.onblocked = () => reject(unavailable('another tab holds an older copy of it open'));
  });
}
