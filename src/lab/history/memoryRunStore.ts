import type { RunRecord } from './runRecord';
import { sortNewestFirst, type RunStore } from './runStore';
import { summarizeRun } from './runSummary';

/** Runs kept for this page only: for tests, and when the browser offers no IndexedDB. */
export function createMemoryRunStore(initial: RunRecord[] = []): RunStore {
  const records = new Map(initial.map((r) => [r.id, structuredClone(r)]));
  return {
    kind: 'memory',
    list: () => settle(() => sortNewestFirst([...records.values()].map((r) => structuredClone(r)))),
    summaries: () => settle(() => sortNewestFirst([...records.values()].map(summarizeRun))),
    get: (id) =>
      settle(() => {
        const record = records.get(id);
        return record ? structuredClone(record) : undefined;
      }),
    put: (record) => settle(() => void records.set(record.id, structuredClone(record))),
    remove: (id) => settle(() => void records.delete(id)),
  };
}

/** Like IndexedDB: a record that cannot be cloned rejects the promise rather than throwing. */
function settle<T>(work: () => T): Promise<T> {
  return new Promise((resolve) => resolve(work()));
}
