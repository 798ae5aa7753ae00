import { withMemoryFallback } from './fallbackRunStore';
import { openIndexedDbRunStore } from './indexedDbRunStore';
import { createMemoryRunStore } from './memoryRunStore';
import { toStorageProblem, type RunStore, type StorageProblem } from './runStore';

export interface OpenedRunStore {
  /** Usable at once: calls wait for IndexedDB to open, and fall back to memory if it cannot. */
  store: RunStore;
  /** Resolves to the reason runs will not outlive the page, or null when they are saved. */
  ready: Promise<StorageProblem | null>;
}

export function openRunStore(open: () => Promise<RunStore> = () => openIndexedDbRunStore()): OpenedRunStore {
  const opening = open().then(
    (store) => ({ store, problem: null }),
    (error: unknown) => ({ store: createMemoryRunStore(), problem: toStorageProblem(error) }),
  );
  let kind: RunStore['kind'] = 'memory';
  void opening.then(({ store }) => {
    kind = store.kind;
  });
  const store: RunStore = withMemoryFallback({
    get kind() {
      return kind;
    },
    list: async () => (await opening).store.list(),
    summaries: async () => (await opening).store.summaries(),
    get: async (id) => (await opening).store.get(id),
    put: async (record) => (await opening).store.put(record),
    remove: async (id) => (await opening).store.remove(id),
  });
  return { store, ready: opening.then(({ problem }) => problem) };
}
