import { describe, expect, it, vi } from 'vitest';
import { defaultConfig } from '../../engine/config/defaults';
import { earlySchedule, lateSchedule } from '../../engine/experiments/schedules';
import { sweepRuns } from '../../engine/experiments/sweepGrid';
import { linearizationRuns, widthRuns } from '../../engine/experiments/kernelRuns';
import { PRESETS } from '../../engine/experiments/presets';
import { newRunRecord, type RunRecord } from '../history/runRecord';
import { createMemoryRunStore } from '../history/memoryRunStore';
import { readGroup } from '../history/runGroups';
import { summarizeRun } from '../history/runSummary';
import { memoryStorage } from './memoryStorage';
import { QueueJournal, type QueueLocks } from './queueJournal';
import { noticeFor, startResume, trackQueue } from './resumeQueue';
import { readSavedQueue, resumePlan, savedQueueOf, SAVED_QUEUE_VERSION, type SavedQueue } from './savedQueue';

const base = { ...defaultConfig(), dataset: { ...defaultConfig().dataset, kind: 'xor' as const } };
const specs = sweepRuns(defaultConfig(), [2, 20], [earlySchedule(), lateSchedule(5, 'epoch')]);
const queue = (): SavedQueue => savedQueueOf({ kind: 'sweep', name: 'Frontier sweep, λ 2 to 20', groupId: 'group-abc', at: 1000, specs });

/** A record of run `index` of the queue's group: finished, or trained to `step` of 100. */
function record(q: SavedQueue, index: number, finished: boolean, step = 100, id = `run-${index}`): RunRecord {
  const run = q.runs[index];
  return {
    ...newRunRecord({
      id, name: run.label, at: 1, config: run.config,
      group: { id: q.groupId, kind: q.kind, name: q.name, member: run.member, label: run.label, index, size: q.runs.length, linearizeAt: null, width: null },
    }),
    step, totalSteps: 100, finished,
  };
}

describe('a saved queue', () => {
  it('reads back exactly what was saved, configs included', () => {
    const q = queue();
    const read = readSavedQueue(JSON.stringify(q));
    expect(read).toEqual({ ok: true, queue: q });
    expect(q.version).toBe(SAVED_QUEUE_VERSION);
    expect(q.runs.map((r) => r.member)).toEqual(specs.map((s) => s.id));
  });

  it('reads back every preset’s runs and the kernel sections’ runs (their configs pass the schema unchanged)', () => {
    const queues = [
      ...PRESETS.filter((p) => p.runs.length > 0).map((p) => ({ kind: p.comparison === 'linearize' || p.comparison === 'widths' ? p.comparison : ('comparison' as const), name: p.title, specs: p.runs })),
      { kind: 'linearize' as const, name: 'Linearized at step t', specs: linearizationRuns(base, [0, 100, 300]) },
      { kind: 'widths' as const, name: 'Width sweep', specs: widthRuns(base, [8, 32, 128]) },
    ];
    for (const q of queues) {
      const saved = savedQueueOf({ ...q, groupId: 'group-1', at: 1 });
      expect(readSavedQueue(JSON.stringify(saved)), q.name).toEqual({ ok: true, queue: saved });
    }
  });

  it('reads a config whose fields were written in another order', () => {
    const q = queue();
    const { prior, ...rest } = q.runs[0].config;
    q.runs[0].config = { prior, ...rest };
    expect(readSavedQueue(JSON.stringify(q)).ok).toBe(true);
  });

  it.each([
    ['not JSON', '{"version":1,', /not JSON/],
    ['no version', JSON.stringify({ ...queue(), version: undefined }), /no known version/],
    ['a newer lab', JSON.stringify({ ...queue(), version: 9 }), /newer lab \(version 9\)/],
    ['an unknown kind', JSON.stringify({ ...queue(), kind: 'lab' }), /kind/],
    ['a bad group id', JSON.stringify({ ...queue(), groupId: '<script>' }), /group id/],
    ['no runs', JSON.stringify({ ...queue(), runs: [] }), /1 to 200 runs/],
    ['a run repeated', JSON.stringify({ ...queue(), runs: [queue().runs[0], queue().runs[0]] }), /repeats the key/],
    ['a negative linearization step', JSON.stringify({ ...queue(), runs: [{ ...queue().runs[0], linearizeAt: -1 }] }), /linearization step/],
    ['a hand-edited λ', JSON.stringify({ ...queue(), runs: [{ ...queue().runs[0], config: { ...queue().runs[0].config, prior: { ...queue().runs[0].config.prior, lambda: 'lots' } } }] }), /run 1's config is not valid \(prior\.lambda/],
    ['a config over the budget', JSON.stringify({ ...queue(), runs: [{ ...queue().runs[0], config: { ...base, model: { ...base.model, hidden: [4000, 4000, 4000] } } }] }), /run 1's config is not valid/],
    ['a config missing fields', JSON.stringify({ ...queue(), runs: [{ ...queue().runs[0], config: { version: 2 } }] }), /not one this lab wrote/],
  ])('is refused with its reason when it has %s', (_, text, reason) => {
    const read = readSavedQueue(text);
    expect(read.ok).toBe(false);
    if (!read.ok) expect(read.problem).toMatch(reason);
  });

  it('plans a resume of a finished / part-trained / not-started mix: only the unfinished runs, in order, the partial record replaced', () => {
    const q = queue();
    const other = { ...record(q, 1, true, 100, 'other'), group: { ...record(q, 1, true).group!, id: 'group-other' } };
    // Run 0 finished; run 1 trained to step 40 when the page went; run 2 failed (kept, not finished); run 3 never started.
    const plan = resumePlan(q, [record(q, 0, true), record(q, 1, false, 40), record(q, 2, false, 10), other]);
    expect(plan.todo).toEqual([1, 2, 3]);
    expect(plan.done.map((r) => r?.id ?? null)).toEqual(['run-0', null, null, null]);
    expect(plan.replace).toEqual([null, 'run-1', 'run-2', null]);
    expect({ finished: plan.finished, total: plan.total }).toEqual({ finished: 1, total: 4 });
  });

  it('plans the same from the runs\' summaries as from their records (a notice reads no record whole)', () => {
    const q = queue();
    const records = [record(q, 0, true), record(q, 1, false, 40), record(q, 2, false, 10)];
    const fromSummaries = resumePlan(q, records.map(summarizeRun));
    const fromRecords = resumePlan(q, records);
    expect({ ...fromSummaries, done: fromSummaries.done.map((r) => r?.id ?? null) }).toEqual({ ...fromRecords, done: fromRecords.done.map((r) => r?.id ?? null) });
  });

  it('resumes from the whole records of the queue\'s group only, read by id from the store', async () => {
    const q = queue();
    const other = { ...record(q, 1, true, 100, 'other'), group: { ...record(q, 1, true).group!, id: 'group-other' } };
    const store = createMemoryRunStore([record(q, 0, true), record(q, 1, false, 40), other, newRunRecord({ id: 'lab', name: 'lab', at: 5, config: base, group: null })]);
    const gets: string[] = [];
    const counted = { ...store, get: (id: string) => (gets.push(id), store.get(id)) };
    const storage = memoryStorage();
    storage.setItem('nonlinear-lab.queue.group-abc', JSON.stringify(q));
    const journal = new QueueJournal(storage, null);
    const asked: string[] = [];
    const started = await startResume(journal, 'nonlinear-lab.queue.group-abc', (groupId) => (asked.push(groupId), readGroup(counted, groupId)));
    expect(asked).toEqual(['group-abc']);
    expect(gets.sort()).toEqual(['run-0', 'run-1']);
    expect(started.ok).toBe(true);
    if (!started.ok) return;
    // The finished run comes whole (its history and gates are what Compare shows), the partial one is replaced.
    expect(started.plan.done[0]).toEqual(record(q, 0, true));
    expect(started.plan.replace).toEqual([null, 'run-1', null, null]);
    started.claim.release();
  });

  it('plans nothing to train when every run finished, and everything when no record was kept (private mode)', () => {
    const q = queue();
    expect(resumePlan(q, q.runs.map((_, i) => record(q, i, true))).todo).toEqual([]);
    expect(resumePlan(q, []).todo).toEqual([0, 1, 2, 3]);
  });
});


/** Web Locks shared by the "tabs" of a test: exclusive, ifAvailable, released when the callback's promise settles. */
function sharedLocks(): QueueLocks {
  const held = new Set<string>();
  const waiting = new Map<string, (() => void)[]>();
  const grant = async (name: string, callback: (lock: unknown) => unknown) => {
    held.add(name);
    try {
      return await callback({ name });
    } finally {
      held.delete(name);
      waiting.get(name)?.shift()?.();
    }
  };
  return {
    async request(name, options, callback) {
      if (!held.has(name)) return grant(name, callback);
      if (options.ifAvailable) return callback(null);
      await new Promise<void>((resolve) => waiting.set(name, [...(waiting.get(name) ?? []), resolve]));
      return grant(name, callback);
    },
  };
}

describe('the journal of running queues', () => {
  const fields = { kind: 'sweep' as const, name: 'Frontier sweep, λ 2 to 20', groupId: 'group-abc', at: 1000, specs };

  it('keeps a queue while it trains and forgets it when it ends', () => {
    const storage = memoryStorage();
    const journal = new QueueJournal(storage, sharedLocks());
    const tracked = trackQueue(journal, fields);
    expect(tracked.problem).toBeNull();
    expect(journal.list().map((e) => e.read.ok)).toEqual([true]);
    tracked.handle({ type: 'done', stopped: false, finished: 4, failed: 0 });
    expect(journal.list()).toEqual([]);
  });

  it('says so when storage is full, and the queue still trains', () => {
    const tracked = trackQueue(new QueueJournal(memoryStorage(true), null), fields);
    expect(tracked.problem).toMatch(/will not resume after a reload: the browser’s storage is full/);
  });

  it('offers a queue cut short for resuming, with how far it got', async () => {
    const storage = memoryStorage();
    storage.setItem('nonlinear-lab.queue.group-abc', JSON.stringify(queue()));
    const journal = new QueueJournal(storage, sharedLocks());
    const [entry] = journal.list();
    const notice = await noticeFor(journal, entry, [record(queue(), 0, true)]);
    expect(notice?.kind).toBe('interrupted');
    expect(notice?.text).toMatch(/^The sweep “Frontier sweep, λ 2 to 20” was interrupted after 1 of 4 runs\. Resume trains the 3 runs/);
  });

  it('forgets a queue every run of which finished (the page went before it could say so)', async () => {
    const storage = memoryStorage();
    storage.setItem('nonlinear-lab.queue.group-abc', JSON.stringify(queue()));
    const journal = new QueueJournal(storage, sharedLocks());
    expect(await noticeFor(journal, journal.list()[0], queue().runs.map((_, i) => record(queue(), i, true)))).toBeNull();
    expect(journal.list()).toEqual([]);
  });

  it('names a malformed saved queue, offers only Discard, and Discard leaves the records alone', async () => {
    const storage = memoryStorage();
    storage.setItem('nonlinear-lab.queue.group-abc', '{"version":1,"kind":"sweep"');
    const journal = new QueueJournal(storage, null);
    const [entry] = journal.list();
    const notice = await noticeFor(journal, entry, []);
    expect(notice).toMatchObject({ kind: 'unreadable', key: 'nonlinear-lab.queue.group-abc' });
    expect(notice?.text).toMatch(/cannot be read \(it is not JSON\).*finished runs are kept in Runs/);
    const started = await startResume(journal, entry.key, () => Promise.resolve([]));
    expect(started.ok).toBe(false);
  });

  it('a second tab neither offers nor resumes a queue another tab trains, and cannot resume one twice', async () => {
    const storage = memoryStorage();
    const locks = sharedLocks();
    const tabA = new QueueJournal(storage, locks);
    const tabB = new QueueJournal(storage, locks);
    storage.setItem('nonlinear-lab.queue.group-abc', JSON.stringify(queue()));
    const key = 'nonlinear-lab.queue.group-abc';

    // Both tabs opened after the reload: both offer it.
    expect((await noticeFor(tabA, tabA.list()[0], []))?.kind).toBe('interrupted');
    expect((await noticeFor(tabB, tabB.list()[0], []))?.kind).toBe('interrupted');
    // Tab A resumes it and holds it while it trains; B's Resume is refused, and B now says where it trains.
    const a = await startResume(tabA, key, () => Promise.resolve([record(queue(), 0, true)]));
    expect(a.ok).toBe(true);
    if (!a.ok) return;
    expect(a.plan.todo).toEqual([1, 2, 3]);
    const trackedA = trackQueue(tabA, { ...fields, at: 2000 }, a.claim);
    const b = await startResume(tabB, key, () => Promise.resolve([]));
    expect(b).toEqual({ ok: false, problem: 'Another tab of the lab is training it now.' });
    expect((await noticeFor(tabB, tabB.list()[0], []))?.kind).toBe('elsewhere');
    // A finishes: the queue is forgotten, and B's Resume (pressed late) finds nothing to resume.
    const free = vi.fn();
    void tabB.whenFree('group-abc').then(free);
    trackedA.handle({ type: 'done', stopped: false, finished: 3, failed: 0 });
    await new Promise((r) => setTimeout(r, 0));
    expect(free).toHaveBeenCalled();
    expect(tabB.list()).toEqual([]);
    expect((await startResume(tabB, key, () => Promise.resolve([]))).ok).toBe(false);
  });
});
