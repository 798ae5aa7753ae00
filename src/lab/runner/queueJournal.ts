/**
 * Where a running comparison or sweep keeps its queue (savedQueue.ts) so a reload can resume it:
 * the browser's localStorage, one key per group, shared by the tabs of the lab. While a queue trains,
 * the tab training it holds a Web Lock named after its group; the browser lets go of it when that
 * tab closes, reloads or crashes. So a saved queue whose lock is free was interrupted, and one whose
 * lock is held is training in another tab: it is not offered for resuming there. Resuming takes the
 * lock first (if another tab took it, this one does not resume) and reads the queue again under it
 * (if another tab resumed and finished it, or discarded it, it is gone): one queue is never resumed
 * twice at once. Without Web Locks (older browsers) every saved queue counts as interrupted.
 */
import { readSavedQueue, type SavedQueue, type SavedQueueRead } from './savedQueue';

export const QUEUE_KEY_PREFIX = 'nonlinear-lab.queue.';

/** The part of the Storage API the journal uses (window.localStorage). */
export interface KeyValueStorage {
  readonly length: number;
  key(index: number): string | null;
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** The part of the Web Locks API the journal uses (navigator.locks). */
export interface QueueLocks {
  request(name: string, options: { ifAvailable?: boolean }, callback: (lock: unknown) => unknown): Promise<unknown>;
}

export interface QueueClaim {
  release(): void;
}

export interface SavedQueueEntry {
  key: string;
  read: SavedQueueRead;
}

export class QueueJournal {
  constructor(
    private readonly storage: KeyValueStorage | null,
    private readonly locks: QueueLocks | null,
  ) {}

  /** Keeps a queue that starts; returns what went wrong in words, or null. */
  save(queue: SavedQueue): string | null {
    if (!this.storage) return 'this browser does not let the lab keep it (storage is off)';
    try {
      this.storage.setItem(keyOf(queue.groupId), JSON.stringify(queue));
      return null;
    } catch (error) {
      const name = error && typeof error === 'object' && 'name' in error ? String(error.name) : '';
      return name === 'QuotaExceededError' ? 'the browser’s storage is full' : 'the browser refused to keep it';
    }
  }

  read(key: string): SavedQueueRead {
    return readSavedQueue(this.getItem(key));
  }

  /** Every saved queue, read and checked (a malformed one with its problem). */
  list(): SavedQueueEntry[] {
    if (!this.storage) return [];
    const keys: string[] = [];
    try {
      for (let i = 0; i < this.storage.length; i++) {
        const key = this.storage.key(i);
        if (key?.startsWith(QUEUE_KEY_PREFIX)) keys.push(key);
      }
    } catch {
      return [];
    }
    return keys.sort().map((key) => ({ key, read: this.read(key) }));
  }

  remove(key: string): void {
    try {
      this.storage?.removeItem(key);
    } catch {
      // Nothing to do: a queue left behind is offered again, and can be discarded then.
    }
  }

  /** Holds the group's lock until release(); null when another tab holds it. */
  claim(groupId: string): Promise<QueueClaim | null> {
    const locks = this.locks;
    if (!locks) return Promise.resolve({ release: () => undefined });
    return new Promise((resolve) => {
      locks
        .request(lockOf(groupId), { ifAvailable: true }, (lock) => {
          if (!lock) return resolve(null);
          return new Promise<void>((release) => resolve({ release: () => release() }));
        })
        .catch(() => resolve({ release: () => undefined }));
    });
  }

  /** Resolves once no tab holds the group's lock (at once when none does). */
  whenFree(groupId: string): Promise<void> {
    if (!this.locks) return Promise.resolve();
    return this.locks.request(lockOf(groupId), {}, () => undefined).then(
      () => undefined,
      () => undefined,
    );
  }

  private getItem(key: string): string | null {
    try {
      return this.storage?.getItem(key) ?? null;
    } catch {
      return null;
    }
  }
}

export function keyOf(groupId: string): string {
  return `${QUEUE_KEY_PREFIX}${groupId}`;
}

function lockOf(groupId: string): string {
  return `${QUEUE_KEY_PREFIX}${groupId}`;
}

/** The page's journal: localStorage and Web Locks where the browser has them. */
export function browserQueueJournal(): QueueJournal {
  let storage: KeyValueStorage | null;
  try {
    storage = window.localStorage;
  } catch {
    storage = null; // a browser that blocks storage throws on reading localStorage
  }
  const locks = typeof navigator !== 'undefined' && 'locks' in navigator ? (navigator.locks as unknown as QueueLocks) : null;
  return new QueueJournal(storage, locks);
}
