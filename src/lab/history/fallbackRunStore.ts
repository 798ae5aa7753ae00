/**
 * A store that never loses a run it was handed: when the real store refuses a write (full quota,
 * storage taken away), the record is kept in memory for as long as the page lives, listed with the
 * saved ones and marked unsaved, while put still rejects so the page can say why. A later write of
 * the same run that succeeds makes it saved again.
 */
import type { RunRecord } from './runRecord';
import { sortNewestFirst, type RunStore } from './runStore';
import { summarizeRun } from './runSummary';

export function withMemoryFallback(store: RunStore): RunStore {
  const unsaved = new Map<string, RunRecord>();
  return {
    get kind() {
      return store.kind;
    },
    unsaved: () => new Set(unsaved.keys()),
    list: async () => {
      const saved = (await store.list()).filter((r) => !unsaved.has(r.id));
      return sortNewestFirst([...saved, ...[...unsaved.values()].map((r) => structuredClone(r))]);
    },
    summaries: async () => {
      const saved = (await store.summaries()).filter((r) => !unsaved.has(r.id));
      return sortNewestFirst([...saved, ...[...unsaved.values()].map(summarizeRun)]);
    },
    get: async (id) => {
      const kept = unsaved.get(id);
      return kept ? structuredClone(kept) : store.get(id);
    },
    put: async (record) => {
      try {
        await store.put(record);
        unsaved.delete(record.id);
      } catch (error) {
        unsaved.set(record.id, structuredClone(record));
        throw error;
      }
    },
    remove: async (id) => {
      const wasUnsaved = unsaved.delete(id);
      try {
        await store.remove(id);
      } catch (error) {
        if (!wasUnsaved) throw error;
      }
    },
  };
}
