/**
 * What the Compare tab says about saved queues (savedQueue.ts, kept by queueJournal.ts), and what its
 * Resume and Discard do. The UI renders the notices; this decides them.
 */
import type { RunRecord } from '../history/runRecord';
import type { QueueClaim, QueueJournal, SavedQueueEntry } from './queueJournal';
import { keyOf } from './queueJournal';
import { describeInterrupted, resumePlan, savedQueueOf, type PlannedRun, type QueueRunSpec, type ResumePlan, type SavedQueue } from './savedQueue';
import type { RunnerEvent } from './runQueue';
import type { RunGroupKind } from '../history/runRecord';

export type QueueNotice =
  /** Cut short: Resume or Discard. */
  | { kind: 'interrupted'; key: string; queue: SavedQueue; plan: ResumePlan<PlannedRun>; text: string }
  /** Training in another tab now: nothing to do here. */
  | { kind: 'elsewhere'; key: string; queue: SavedQueue; text: string }
  /** Saved, but not readable (hand-edited, cut off, from a newer lab): Discard only. */
  | { kind: 'unreadable'; key: string; text: string }
  /** A queue of this tab that could not be saved: it trains, but will not resume after a reload. */
  | { kind: 'unsaved'; key: string; text: string };

/**
 * The notice for one saved queue, given the runs in the store (their summaries do); null (and the
 * queue forgotten) when every run of it finished, the page having gone before the queue could say it was done.
 */
export async function noticeFor(journal: QueueJournal, entry: SavedQueueEntry, records: readonly PlannedRun[]): Promise<QueueNotice | null> {
  const { key, read } = entry;
  if (!read.ok) {
    return {
      kind: 'unreadable',
      key,
      text: `A comparison or sweep was cut short, but what was saved of it cannot be read (${read.problem}), so it cannot be resumed. Its finished runs are kept in Runs.`,
    };
  }
  const queue = read.queue;
  const claim = await journal.claim(queue.groupId);
  if (!claim) return { kind: 'elsewhere', key, queue, text: `“${queue.name}” is training in another tab of the lab.` };
  claim.release();
  const plan = resumePlan(queue, records);
  const left = plan.total - plan.finished;
  if (left === 0) {
    journal.remove(key);
    return null;
  }
  return {
    kind: 'interrupted',
    key,
    queue,
    plan,
    text: `${describeInterrupted(queue, plan)} Resume trains the ${left} run${left === 1 ? '' : 's'} that did not finish, into the same group; Discard keeps the finished runs and forgets the rest.`,
  };
}

export type ResumeStart = { ok: true; queue: SavedQueue; plan: ResumePlan; claim: QueueClaim } | { ok: false; problem: string };

/**
 * Resume: takes the queue's lock (or says another tab has it), reads the queue again under it (it may
 * have been resumed and finished, or discarded, meanwhile) and plans from the records as they are now:
 * `groupRecords` reads the whole records of the queue's group (runGroups.ts readGroup), which the
 * resumed queue shows. The caller trains `plan.todo` and hands `claim` to trackQueue, which lets go
 * of it when the queue ends.
 */
export async function startResume(journal: QueueJournal, key: string, groupRecords: (groupId: string) => Promise<readonly RunRecord[]>): Promise<ResumeStart> {
  const before = journal.read(key);
  if (!before.ok) return { ok: false, problem: `It cannot be resumed: ${before.problem}.` };
  const claim = await journal.claim(before.queue.groupId);
  if (!claim) return { ok: false, problem: 'Another tab of the lab is training it now.' };
  const read = journal.read(key);
  if (!read.ok) {
    claim.release();
    return { ok: false, problem: 'It was resumed or discarded in another tab meanwhile.' };
  }
  try {
    const plan = resumePlan(read.queue, await groupRecords(read.queue.groupId));
    return { ok: true, queue: read.queue, plan, claim };
  } catch {
    claim.release();
    return { ok: false, problem: 'The kept runs could not be read, so it was not resumed.' };
  }
}

export interface TrackedQueue {
  /** Why this queue will not resume after a reload (storage full or off), or null. */
  problem: string | null;
  key: string;
  handle(event: RunnerEvent): void;
}

/**
 * Keeps a queue resumable while it trains: saved when it starts, its lock held (`claim`, taken by a
 * resume; a new queue takes it here), and forgotten when it ends, finished or stopped by the user.
 */
export function trackQueue(
  journal: QueueJournal,
  fields: { kind: RunGroupKind; name: string; groupId: string; at: number; specs: readonly QueueRunSpec[] },
  claim?: QueueClaim,
): TrackedQueue {
  const queue = savedQueueOf(fields);
  const held: Promise<QueueClaim | null> = claim ? Promise.resolve(claim) : journal.claim(queue.groupId);
  const problem = journal.save(queue);
  const key = keyOf(queue.groupId);
  return {
    key,
    problem: problem && `“${queue.name}” will not resume after a reload: ${problem}. Its runs are still kept in Runs as they train.`,
    handle(event) {
      if (event.type !== 'done') return;
      journal.remove(key);
      void held.then((c) => c?.release());
    },
  };
}
