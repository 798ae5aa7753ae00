/** Messages between the page and the import worker (runsImportWorker.ts). Plain, cloneable data. */
import type { ImportedRun } from '../export/runExport';

/** The page asks the worker to read one file. `now`: the import's time (runs without a creation time get it). */
export interface ReadFileCommand {
  type: 'read';
  file: Blob;
  now: number;
}

export type ImportWorkerEvent =
  /** How far the worker got: bytes of the file read, and runs checked (kept or skipped). */
  | { type: 'progress'; bytesRead: number; totalBytes: number; runsChecked: number }
  /** Runs that passed the checks, in file order; the page holds them until 'done' accepts the file. */
  | { type: 'runs'; runs: ImportedRun[] }
  /** The whole file was read. When refused, nothing of it may be stored and problems[0] says why. */
  | { type: 'done'; refused: boolean; problems: string[]; runsInFile: number; runsKept: number };
