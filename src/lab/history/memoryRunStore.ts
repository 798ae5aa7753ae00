import type { RunRecord } from './runRecord';
import { sortNewestFirst, type RunStore } from './runStore';

/** Runs kept for this page only: for tests, and when the browser offers no IndexedDB. */
export function createMemoryRunStore(initial: RunRecord[] = []): RunStore {
  const records = new Map(initial.map((r) => [r.id, structuredClone(r)]));
  return {
    kind: 'memory',
    list: async () => sortNewestFirst([...records.values()].map((r) => structuredClone(r))),
    get: async (id) => {
      const record = records.get(id);
      return record ? structuredClone(record) : undefined;
    },
    put: async (record) => {
      records.set(record.id, structuredClone(record));
    },
    remove: async (id) => {
      records.delete(id);
    },
  };
}
