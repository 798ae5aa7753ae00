/**
 * One import of a runs file, driven from the page. A worker reads and checks the file (progress:
 * bytes read, runs checked); only once it has accepted the whole file are the runs stored, a batch
 * at a time (progress: runs stored). Cancel stops it: while reading, the worker is ended and nothing
 * has been stored; while storing, the runs this import stored are removed again. The outcome counts
 * what the store really kept.
 */
import type { ImportedRun } from '../export/runExport';
import { newRunId, type RunRecord } from '../history/runRecord';
import { toStorageProblem, type RunStore } from '../history/runStore';
import type { ImportWorkerEvent, ReadFileCommand } from './importProtocol';

/** The import worker as the page sees it (a Worker; a stand-in in Node tests). */
export interface ImportWorkerPort {
  postMessage(command: ReadFileCommand): void;
  terminate(): void;
  onmessage: ((event: MessageEvent<ImportWorkerEvent>) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
}

export interface ImportProgress {
  phase: 'reading' | 'storing';
  bytesRead: number;
  totalBytes: number;
  /** Runs checked by the worker (kept or skipped). */
  runsChecked: number;
  runsStored: number;
  runsToStore: number;
}

export interface ImportOutcome {
  /** Elements of the file's list of runs. */
  runsInFile: number;
  /** Runs that passed the checks: the ones the import stores. */
  read: number;
  /** Skipped by the checks, each with a problem saying why. */
  skipped: number;
  /** Runs of this import now stored in the browser. */
  saved: number;
  /** Runs of this import the browser refused to store: listed until the page closes (fallbackRunStore.ts). */
  unsaved: number;
  problems: string[];
  /** Why the browser refused a write, in words a user can act on; null when it refused none. */
  refusal: string | null;
  /** The user cancelled. */
  cancelled: boolean;
  /** Cancelled while storing: runs stored, then removed again. Any that could not be removed are counted in `saved`. */
  removed: number;
  /** The runs this import stored (saved or kept in memory), so the page can list them without reading every stored run again. Empty after a cancel. */
  stored: RunRecord[];
}

export interface RunsImportOptions {
  store: RunStore;
  createWorker: () => ImportWorkerPort;
  onProgress: (progress: ImportProgress) => void;
  /** The import's time: runs whose file gives no creation time get it. */
  now?: number;
  /** Writes queued together before progress is told again. */
  batchSize?: number;
  newId?: () => string;
}

export interface RunsImport {
  done: Promise<ImportOutcome>;
  /** Stop the import; `done` then says what is left of it (nothing, unless a removal failed). */
  cancel: () => void;
}

type ReadEnd = Extract<ImportWorkerEvent, { type: 'done' }>;

export function startRunsImport(file: Blob, options: RunsImportOptions): RunsImport {
  const { store, onProgress, now = Date.now(), batchSize = 100, newId = newRunId } = options;
  const progress: ImportProgress = { phase: 'reading', bytesRead: 0, totalBytes: file.size, runsChecked: 0, runsStored: 0, runsToStore: 0 };
  const held: ImportedRun[] = [];
  let cancelled = false;
  let worker: ImportWorkerPort | null = null;
  let endReading: (end: ReadEnd | null) => void = () => undefined;
  const reading = new Promise<ReadEnd | null>((resolve) => (endReading = resolve));
  const stopWorker = () => {
    worker?.terminate();
    worker = null;
  };

  try {
    worker = options.createWorker();
    worker.onmessage = ({ data }) => {
      if (cancelled) return;
      if (data.type === 'progress') {
        Object.assign(progress, { bytesRead: data.bytesRead, totalBytes: data.totalBytes, runsChecked: data.runsChecked });
        onProgress({ ...progress });
      } else if (data.type === 'runs') held.push(...data.runs);
      else if (data.type === 'done') {
        stopWorker();
        endReading(data);
      }
    };
    worker.onerror = (event) => {
      event.preventDefault();
      stopWorker();
      endReading(refusedRead(`The import could not run (${event.message || 'its worker did not start'}); nothing was imported.`));
    };
    worker.postMessage({ type: 'read', file, now });
  } catch (e) {
    stopWorker();
    endReading(refusedRead(`The import could not start (${e instanceof Error ? e.message : String(e)}); nothing was imported.`));
  }

  const done = (async (): Promise<ImportOutcome> => {
    const end = await reading;
    if (!end) return { ...emptyOutcome(), cancelled: true };
    if (end.refused) return { ...emptyOutcome(), runsInFile: end.runsInFile, problems: end.problems };

    const base: ImportOutcome = { ...emptyOutcome(), runsInFile: end.runsInFile, read: held.length, skipped: end.runsInFile - held.length, problems: end.problems };
    Object.assign(progress, { phase: 'storing', runsToStore: held.length });
    onProgress({ ...progress });
    // newRunId() can repeat within one millisecond: a thousand runs stored at once each get their own suffix.
    const idBase = newId();
    const stored: RunRecord[] = [];
    let saved = 0;
    let refusal: string | null = null;
    for (let at = 0; at < held.length && !cancelled; at += batchSize) {
      const batch = held.slice(at, at + batchSize).map((run, i) => ({ ...run, id: `${idBase}-${at + i}` }));
      const results = await Promise.allSettled(batch.map((record) => store.put(record)));
      results.forEach((result, i) => {
        // Stored either way: a refused write is kept in memory by the page's store (fallbackRunStore.ts).
        stored.push(batch[i]);
        if (result.status === 'fulfilled') saved++;
        else refusal ??= toStorageProblem(result.reason).message;
      });
      progress.runsStored = stored.length;
      onProgress({ ...progress });
    }
    if (cancelled) {
      const removals = await Promise.allSettled(stored.map((record) => store.remove(record.id)));
      const left = removals.filter((r) => r.status === 'rejected').length;
      return { ...base, cancelled: true, saved: left, removed: stored.length - left, refusal };
    }
    return { ...base, saved, unsaved: stored.length - saved, refusal, stored };
  })();

  return {
    done,
    cancel() {
      if (cancelled) return;
      cancelled = true;
      if (worker) {
        stopWorker();
        endReading(null);
      }
    },
  };
}

function refusedRead(problem: string): ReadEnd {
  return { type: 'done', refused: true, problems: [problem], runsInFile: 0, runsKept: 0 };
}

function emptyOutcome(): ImportOutcome {
  return { runsInFile: 0, read: 0, skipped: 0, saved: 0, unsaved: 0, problems: [], refusal: null, cancelled: false, removed: 0, stored: [] };
}
