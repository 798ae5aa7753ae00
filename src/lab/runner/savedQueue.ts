/**
 * A comparison's or sweep's queue as it is kept across reloads, so that a queue cut short (a reload,
 * a discarded tab, a crash) can be resumed: its group and every run's spec, written once when the
 * queue starts and removed when it ends (finished, or stopped by the user). Which runs finished is
 * not kept here: the run records of the group say it (lab/history/groupRecorder.ts), so the two can
 * never disagree. Plain functions, no DOM; queueJournal.ts keeps the text in the browser.
 *
 *   version 1: { version, kind, name, groupId, savedAt, runs: [{ member, label, linearizeAt, width, config }] }
 */
import type { ExperimentConfig } from '../../engine/config/types';
import { validateConfig } from '../../engine/config/validate';
import { RUN_GROUP_KINDS, type RunGroupKind, type RunRecord } from '../history/runRecord';

export const SAVED_QUEUE_VERSION = 1;

/** Most runs a saved queue may hold (the sweep form allows 2 × 40). */
export const SAVED_QUEUE_MAX_RUNS = 200;

export interface SavedQueueRun {
  /** The run's key in its group (RunGroup.member, the run spec's id). */
  member: string;
  label: string;
  linearizeAt: number | null;
  width: number | null;
  config: ExperimentConfig;
}

export interface SavedQueue {
  version: number;
  kind: RunGroupKind;
  /** The comparison's name, as its records carry it ("Frontier sweep, λ 2 to 200"). */
  name: string;
  groupId: string;
  savedAt: number;
  runs: SavedQueueRun[];
}

/** What a queue's recorder knows of each run (lab/history/groupRecorder.ts's GroupRunSpec). */
export interface QueueRunSpec {
  id: string;
  label: string;
  config: ExperimentConfig;
  linearizeAt?: number | null;
  width?: number;
}

export function savedQueueOf(fields: { kind: RunGroupKind; name: string; groupId: string; at: number; specs: readonly QueueRunSpec[] }): SavedQueue {
  return {
    version: SAVED_QUEUE_VERSION,
    kind: fields.kind,
    name: fields.name,
    groupId: fields.groupId,
    savedAt: fields.at,
    runs: fields.specs.map((s) => ({ member: s.id, label: s.label, linearizeAt: s.linearizeAt ?? null, width: s.width ?? null, config: structuredClone(s.config) })),
  };
}

export type SavedQueueRead = { ok: true; queue: SavedQueue } | { ok: false; problem: string };

/**
 * A saved queue's text read back, every field checked: a queue that is not exactly what this lab
 * wrote (hand-edited, from a newer lab, cut off) is refused with the reason, never half-resumed.
 * Every run's config goes through the config schema (engine/config/validate.ts) and must come out
 * unchanged, budget included: a resumed run must train what the interrupted one trained.
 */
export function readSavedQueue(text: string | null): SavedQueueRead {
  if (text === null) return { ok: false, problem: 'nothing is saved' };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, problem: 'it is not JSON' };
  }
  if (!isObject(raw)) return { ok: false, problem: 'it is not an object' };
  if (raw.version !== SAVED_QUEUE_VERSION) {
    return { ok: false, problem: typeof raw.version === 'number' && raw.version > SAVED_QUEUE_VERSION ? `it was saved by a newer lab (version ${raw.version})` : 'it has no known version' };
  }
  const { kind, name, groupId, savedAt, runs } = raw;
  if (typeof kind !== 'string' || !(RUN_GROUP_KINDS as readonly string[]).includes(kind)) return { ok: false, problem: 'its kind is not a comparison or sweep' };
  if (typeof name !== 'string' || name.length > 200) return { ok: false, problem: 'its name is missing' };
  if (typeof groupId !== 'string' || !/^[\w-]{1,80}$/.test(groupId)) return { ok: false, problem: 'its group id is missing or malformed' };
  if (typeof savedAt !== 'number' || !Number.isFinite(savedAt)) return { ok: false, problem: 'its date is missing' };
  if (!Array.isArray(runs) || runs.length === 0 || runs.length > SAVED_QUEUE_MAX_RUNS) return { ok: false, problem: `it must list 1 to ${SAVED_QUEUE_MAX_RUNS} runs` };
  const read: SavedQueueRun[] = [];
  const members = new Set<string>();
  for (const [i, run] of runs.entries()) {
    const where = `run ${i + 1}`;
    if (!isObject(run)) return { ok: false, problem: `${where} is not an object` };
    const { member, label, linearizeAt, width, config } = run;
    if (typeof member !== 'string' || !member || member.length > 120) return { ok: false, problem: `${where} has no key` };
    if (members.has(member)) return { ok: false, problem: `${where} repeats the key "${member}"` };
    members.add(member);
    if (typeof label !== 'string' || label.length > 200) return { ok: false, problem: `${where} has no label` };
    if (!(linearizeAt === null || isCount(linearizeAt))) return { ok: false, problem: `${where}'s linearization step is not a whole number` };
    if (!(width === null || (isCount(width) && width >= 1))) return { ok: false, problem: `${where}'s width is not a positive whole number` };
    const checked = validateConfig(config);
    if (checked.issues.length > 0) return { ok: false, problem: `${where}'s config is not valid (${checked.issues[0].field}: ${checked.issues[0].message})` };
    if (canonical(checked.config) !== canonical(config)) return { ok: false, problem: `${where}'s config is not one this lab wrote` };
    read.push({ member, label, linearizeAt, width, config: checked.config });
  }
  return { ok: true, queue: { version: SAVED_QUEUE_VERSION, kind: kind as RunGroupKind, name, groupId, savedAt, runs: read } };
}

/** What a plan reads of a kept run: its record, or its summary (history/runSummary.ts). */
export type PlannedRun = Pick<RunRecord, 'id' | 'finished' | 'group'>;

export interface ResumePlan<R extends PlannedRun = RunRecord> {
  /** By the queue's order: the finished run's record, or null when the run must train (again). */
  done: (R | null)[];
  /** The runs to train, in the queue's order. */
  todo: number[];
  /** By the queue's order: the record a run that trains again replaces (it trained part way), else null. */
  replace: (string | null)[];
  finished: number;
  total: number;
}

/**
 * What resuming a saved queue trains, from the records the store holds: a run whose record of this
 * group finished is done; a run with a record that did not finish (it was training when the page
 * went, or it failed) trains again from its start into that record (same id: the partial record is
 * replaced, never doubled); a run without a record trains into a new one.
 */
export function resumePlan<R extends PlannedRun>(queue: SavedQueue, records: readonly R[]): ResumePlan<R> {
  const byMember = new Map<string, R[]>();
  for (const r of records) {
    if (r.group?.id !== queue.groupId) continue;
    byMember.set(r.group.member, [...(byMember.get(r.group.member) ?? []), r]);
  }
  const done: (R | null)[] = [];
  const replace: (string | null)[] = [];
  const todo: number[] = [];
  queue.runs.forEach((run, i) => {
    const kept = byMember.get(run.member) ?? [];
    const finished = kept.find((r) => r.finished) ?? null;
    done.push(finished);
    replace.push(finished ? null : (kept[0]?.id ?? null));
    if (!finished) todo.push(i);
  });
  const finished = done.filter((r) => r !== null).length;
  return { done, todo, replace, finished, total: queue.runs.length };
}

/** "The frontier sweep "…" was interrupted after 3 of 12 runs." */
export function describeInterrupted(queue: SavedQueue, plan: Pick<ResumePlan, 'finished' | 'total'>): string {
  const what = queue.kind === 'sweep' || queue.kind === 'widths' ? 'sweep' : 'comparison';
  return `The ${what} “${queue.name}” was interrupted after ${plan.finished} of ${plan.total} run${plan.total === 1 ? '' : 's'}.`;
}

/** JSON with every object's keys sorted: two configs are the same whatever order their fields were written in. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_, v: unknown) => (isObject(v) ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, v[k]])) : v));
}

function isCount(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
