import { describe, expect, it } from 'vitest';
import { parseRunsImport } from '../export/runExport';
import { withMemoryFallback } from '../history/fallbackRunStore';
import { createMemoryRunStore } from '../history/memoryRunStore';
import type { RunRecord } from '../history/runRecord';
import { sortNewestFirst, type RunStore } from '../history/runStore';
import type { ImportWorkerEvent, ReadFileCommand } from './importProtocol';
import { damagedFixtureFile, fixtureFile, fixtureRun, NOW } from './importFixtures';
import { blobChunks, readRunsFile } from './readRunsFile';
import { startRunsImport, type ImportProgress, type ImportWorkerPort } from './runsImport';

/** Lets a stand-in go one step further each time the test opens it (an open before the wait counts). */
function turnstile() {
  let allowed = 0;
  const waiting: (() => void)[] = [];
  return {
    wait: async () => {
      if (allowed > 0) allowed--;
      else await new Promise<void>((r) => waiting.push(r));
    },
    open: () => {
      const next = waiting.shift();
      if (next) next();
      else allowed++;
    },
  };
}

/** Lets everything waiting at it go at once when opened. */
function barrier() {
  let open: () => void = () => undefined;
  let promise = new Promise<void>((r) => (open = r));
  return {
    wait: () => promise,
    open: () => {
      open();
      promise = new Promise<void>((r) => (open = r));
    },
  };
}

/**
 * The import worker run in this process: the real readRunsFile over the Blob's bytes in chunks of
 * `chunkBytes`. With `step`, it waits at the gate before each chunk. Terminated, it reads no further.
 */
function inProcessWorker(chunkBytes: number, step?: ReturnType<typeof turnstile>) {
  const port: ImportWorkerPort & { terminated: boolean; chunksRead: number } = {
    onmessage: null,
    onerror: null,
    terminated: false,
    chunksRead: 0,
    postMessage(command: ReadFileCommand) {
      async function* chunks() {
        const bytes = new Uint8Array(await command.file.arrayBuffer());
        for (let at = 0; at < bytes.length; at += chunkBytes) {
          if (step) await step.wait();
          if (port.terminated) return;
          port.chunksRead++;
          yield bytes.slice(at, at + chunkBytes);
        }
      }
      void readRunsFile(chunks(), command.file.size, command.now, (event: ImportWorkerEvent) => {
        if (!port.terminated) port.onmessage?.({ data: event } as MessageEvent<ImportWorkerEvent>);
      });
    },
    terminate() {
      port.terminated = true;
    },
  };
  return port;
}

const fileOf = (text: string) => new Blob([text], { type: 'application/json' });
const until = async (condition: () => boolean) => {
  while (!condition()) await new Promise((r) => setTimeout(r, 0));
};

describe('importing a runs file through the import worker', () => {
  it('reads in chunks, tells progress in bytes and runs, then stores every run and counts them', async () => {
    const text = fixtureFile(250);
    const store = createMemoryRunStore();
    const seen: ImportProgress[] = [];
    const worker = inProcessWorker(4096);
    const outcome = await startRunsImport(fileOf(text), { store, createWorker: () => worker, onProgress: (p) => seen.push(p), now: NOW, batchSize: 40 }).done;

    expect(outcome).toMatchObject({ runsInFile: 250, read: 250, skipped: 0, saved: 250, unsaved: 0, cancelled: false, removed: 0, problems: [], refusal: null });
    const stored = await store.list();
    expect(stored).toHaveLength(250);
    expect(new Set(stored.map((r) => r.id)).size).toBe(250);
    // What is stored is what reading the file whole gives, with ids.
    expect(stored.map(({ id: _id, ...run }) => run)).toEqual(parseRunsImport(text, NOW).runs.reverse());
    // The outcome hands over what it stored, so the page lists it without reading the store again.
    expect(sortNewestFirst(outcome.stored)).toEqual(stored);

    const reading = seen.filter((p) => p.phase === 'reading');
    const storing = seen.filter((p) => p.phase === 'storing');
    const bytes = new TextEncoder().encode(text).byteLength;
    expect(reading.length).toBeGreaterThanOrEqual(Math.floor(bytes / 4096));
    expect(reading.at(-1)).toMatchObject({ bytesRead: bytes, totalBytes: bytes, runsChecked: 250 });
    expect(reading.map((p) => p.bytesRead)).toEqual([...reading.map((p) => p.bytesRead)].sort((a, b) => a - b));
    expect(new Set(reading.map((p) => p.runsChecked)).size).toBeGreaterThan(10);
    expect(storing.map((p) => p.runsStored)).toEqual([0, 40, 80, 120, 160, 200, 240, 250]);
    expect(seen.indexOf(storing[0])).toBeGreaterThan(seen.indexOf(reading.at(-1)!));
    expect(worker.terminated).toBe(true);
  });

  it('reports the runs it skipped and why, and stores the rest', async () => {
    const store = createMemoryRunStore();
    const outcome = await startRunsImport(fileOf(damagedFixtureFile()), { store, createWorker: () => inProcessWorker(100), onProgress: () => undefined, now: NOW }).done;
    expect(outcome).toMatchObject({ runsInFile: 4, read: 2, skipped: 2, saved: 2 });
    expect(outcome.problems.join('\n')).toMatch(/Run 3 is not a run object; skipped/);
    expect(await store.list()).toHaveLength(2);
  });

  it('stores nothing from a file that turns out broken at its end', async () => {
    const store = createMemoryRunStore([{ ...fixtureRun(99), id: 'kept' }]);
    const text = fixtureFile(30);
    const outcome = await startRunsImport(fileOf(text.slice(0, -3)), { store, createWorker: () => inProcessWorker(512), onProgress: () => undefined, now: NOW }).done;
    expect(outcome).toMatchObject({ saved: 0, unsaved: 0, read: 0, cancelled: false });
    expect(outcome.problems[0]).toMatch(/^The file is not JSON .*nothing was imported\.$/);
    expect((await store.list()).map((r) => r.id)).toEqual(['kept']);
  });

  it('cancelled while reading: the worker is ended, no more progress, the store as it was', async () => {
    const store = createMemoryRunStore([{ ...fixtureRun(99), id: 'kept' }]);
    const step = turnstile();
    const worker = inProcessWorker(1024, step);
    const seen: ImportProgress[] = [];
    const running = startRunsImport(fileOf(fixtureFile(40)), { store, createWorker: () => worker, onProgress: (p) => seen.push(p), now: NOW });
    for (let i = 0; i < 5; i++) {
      step.open();
      await until(() => seen.length === i + 1);
    }
    expect(seen.at(-1)!.runsChecked).toBeGreaterThan(0);
    running.cancel();
    expect(worker.terminated).toBe(true);
    step.open();
    const outcome = await running.done;
    expect(outcome).toMatchObject({ cancelled: true, saved: 0, unsaved: 0, removed: 0 });
    expect(worker.chunksRead).toBe(5);
    expect(seen).toHaveLength(5);
    expect((await store.list()).map((r) => r.id)).toEqual(['kept']);
  });

  it('cancelled while storing: the writes under way end, no more start, and what it stored is removed again', async () => {
    const memory = createMemoryRunStore([{ ...fixtureRun(99), id: 'kept' }]);
    const step = barrier();
    let puts = 0;
    const slow: RunStore = { ...memory, kind: 'memory', put: async (record: RunRecord) => {
        puts++;
        return step.wait().then(() => memory.put(record));
      } };
    const seen: ImportProgress[] = [];
    const running = startRunsImport(fileOf(fixtureFile(30)), { store: slow, createWorker: () => inProcessWorker(2048), onProgress: (p) => seen.push(p), now: NOW, batchSize: 10 });
    await until(() => seen.some((p) => p.phase === 'storing'));
    step.open();
    await until(() => seen.some((p) => p.runsStored === 10));
    expect(await memory.list()).toHaveLength(11);
    // The second batch's writes are under way when the user cancels: they end, the third never starts.
    await until(() => puts === 20);
    running.cancel();
    step.open();
    const outcome = await running.done;
    expect(outcome).toMatchObject({ cancelled: true, read: 30, saved: 0, removed: 20, stored: [] });
    expect(puts).toBe(20);
    expect(seen.at(-1)!.runsStored).toBe(20);
    expect((await memory.list()).map((r) => r.id)).toEqual(['kept']);
  });

  it('a store that refuses writes: the runs are kept in memory, counted unsaved, and the reason told', async () => {
    const refusing = createMemoryRunStore();
    refusing.put = () => Promise.reject(new DOMException('The quota has been exceeded.', 'QuotaExceededError'));
    const store = withMemoryFallback(refusing);
    const outcome = await startRunsImport(fileOf(fixtureFile(12)), { store, createWorker: () => inProcessWorker(4096), onProgress: () => undefined, now: NOW, batchSize: 5 }).done;
    expect(outcome).toMatchObject({ read: 12, saved: 0, unsaved: 12 });
    expect(outcome.refusal).toMatch(/Browser storage is full/);
    expect(await store.list()).toHaveLength(12);
    expect(store.unsaved!().size).toBe(12);
  });

  it('gives every run its own id even when the id source repeats', async () => {
    const store = createMemoryRunStore();
    await startRunsImport(fileOf(fixtureFile(50)), { store, createWorker: () => inProcessWorker(8192), onProgress: () => undefined, now: NOW, newId: () => 'run-same' }).done;
    expect(new Set((await store.list()).map((r) => r.id)).size).toBe(50);
  });

  it('a worker that cannot start is said, and nothing stored', async () => {
    const store = createMemoryRunStore();
    const broken: ImportWorkerPort = {
      onmessage: null,
      onerror: null,
      postMessage() {
        queueMicrotask(() => broken.onerror?.({ message: 'Refused to create a worker', preventDefault: () => undefined } as ErrorEvent));
      },
      terminate: () => undefined,
    };
    const outcome = await startRunsImport(fileOf(fixtureFile(2)), { store, createWorker: () => broken, onProgress: () => undefined }).done;
    expect(outcome.problems).toEqual(['The import could not run (Refused to create a worker); nothing was imported.']);
    expect(await store.list()).toEqual([]);
  });
});

describe('the worker reading a Blob', () => {
  it('decodes characters cut between chunks and counts every byte', async () => {
    const text = fixtureFile(3);
    const bytes = new TextEncoder().encode(text);
    // eslint-disable-next-line @typescript-eslint/require-await -- a stand-in for a file's stream: it need not wait to hand over its chunks
    async function* threeBytes() {
      for (let at = 0; at < bytes.length; at += 3) yield bytes.slice(at, at + 3);
    }
    const events: ImportWorkerEvent[] = [];
    await readRunsFile(threeBytes(), bytes.length, NOW, (e) => events.push(e));
    const runs = events.flatMap((e) => (e.type === 'runs' ? e.runs : []));
    expect(runs.map((r) => r.name)).toEqual(['run 0 {"a": [1, 2]} \\ ü ✓ 🧪', 'run 1 {"a": [1, 2]} \\ ü ✓ 🧪', 'run 2 {"a": [1, 2]} \\ ü ✓ 🧪']);
    expect(events.at(-1)).toEqual({ type: 'done', refused: false, problems: [], runsInFile: 3, runsKept: 3 });
    expect(events.filter((e) => e.type === 'progress').at(-1)).toMatchObject({ bytesRead: bytes.length, runsChecked: 3 });
  });

  it('reads a Blob as a stream of chunks, a byte-order mark dropped', async () => {
    const text = fixtureFile(2);
    const blob = new Blob(['\uFEFF', text]);
    const events: ImportWorkerEvent[] = [];
    await readRunsFile(blobChunks(blob), blob.size, NOW, (e) => events.push(e));
    expect(events.at(-1)).toMatchObject({ type: 'done', refused: false, runsKept: 2 });
  });

  it('stops reading a file that says it is something else', async () => {
    let chunksGiven = 0;
    // eslint-disable-next-line @typescript-eslint/require-await -- a stand-in for a file's stream: it need not wait to hand over its chunks
    async function* many() {
      yield new TextEncoder().encode('{"format": "other", "runs": [');
      for (; chunksGiven < 1000; chunksGiven++) yield new TextEncoder().encode('{"name": "x"},');
    }
    const events: ImportWorkerEvent[] = [];
    await readRunsFile(many(), 0, NOW, (e) => events.push(e));
    expect(chunksGiven).toBe(0);
    expect(events.at(-1)).toMatchObject({ type: 'done', refused: true });
  });
});
