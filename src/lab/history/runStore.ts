import type { RunRecord } from './runRecord';
import type { RunSummary } from './runSummary';

/** Where runs are kept. The page uses IndexedDB; tests and browsers without storage use memory. */
export interface RunStore {
  readonly kind: 'indexeddb' | 'memory';
  /**
   * Every record whole, newest first. It reads every config and evaluation kept: with thousands of
   * runs stored that is seconds of the page's main thread, so the page lists `summaries()` instead.
   */
  list(): Promise<RunRecord[]>;
  /** What the Runs list shows of each run, newest first: cheap with thousands stored (runSummary.ts). */
  summaries(): Promise<RunSummary[]>;
  get(id: string): Promise<RunRecord | undefined>;
  put(record: RunRecord): Promise<void>;
  remove(id: string): Promise<void>;
  /** Runs kept in memory only, because the store refused to save them (fallbackRunStore.ts). */
  unsaved?(): ReadonlySet<string>;
}

export type StorageProblemReason = 'unavailable' | 'quota' | 'failed';

/** A storage failure in words a user can act on. */
export class StorageProblem extends Error {
  constructor(
    readonly reason: StorageProblemReason,
    message: string,
  ) {
    super(message);
    this.name = 'StorageProblem';
  }
}

export function toStorageProblem(error: unknown): StorageProblem {
  if (error instanceof StorageProblem) return error;
  const name = error instanceof Error || (error && typeof error === 'object' && 'name' in error) ? String((error).name) : '';
  const detail = error instanceof Error ? error.message : String(error);
  if (name === 'QuotaExceededError' || /quota/i.test(detail)) {
    return new StorageProblem('quota', 'Browser storage is full, so the latest run was not saved. Delete or export old runs to make room; the lab keeps working.');
  }
  if (name === 'InvalidStateError' || name === 'SecurityError' || name === 'UnknownError') {
    return new StorageProblem('unavailable', `This browser does not allow saving runs here (private mode?): ${detail}. The lab keeps working; export runs to keep them.`);
  }
  return new StorageProblem('failed', `Saving runs failed: ${detail}. The lab keeps working; export runs to keep them.`);
}

export function sortNewestFirst<R extends { createdAt: number }>(records: readonly R[]): R[] {
  return [...records].sort((a, b) => b.createdAt - a.createdAt);
}
