/**
 * Comparisons and sweeps read back from the run store: the runs of one group, in their order, and
 * each run's spec as the Compare tab's sections draw it.
 */
import { describeSchedule, scheduleId, type ScheduleSpec } from '../../engine/experiments/schedules';
import type { SweepRun } from '../../engine/experiments/sweepGrid';
import type { KernelRunSpec } from '../../engine/experiments/kernelRuns';
import type { RunSpec } from '../runner/runQueue';
import type { RunGroup, RunGroupKind, RunRecord } from './runRecord';
import type { RunStore } from './runStore';

export type GroupedRecord = RunRecord & { group: RunGroup };
/** A run record or its summary (runSummary.ts): what finding a group's runs reads. */
export type GroupedRun = { id: string; updatedAt: number; group: RunGroup | null };

/** What a run spec is made from: a kept record, or a run of a saved queue (runner/savedQueue.ts). */
export interface GroupMember {
  group: Pick<RunGroup, 'member' | 'label' | 'linearizeAt' | 'width'>;
  config: RunRecord['config'];
}

/**
 * For each kind, the runs of its most recently saved group, in the group's order. Given summaries,
 * it says which runs to read whole (readRecords).
 */
export function latestGroups<R extends GroupedRun>(records: readonly R[]): Map<RunGroupKind, (R & { group: RunGroup })[]> {
  type Grouped = R & { group: RunGroup };
  const groups = new Map<string, Grouped[]>();
  for (const r of records) {
    if (!r.group) continue;
    const runs = groups.get(r.group.id) ?? [];
    runs.push(r as Grouped);
    groups.set(r.group.id, runs);
  }
  const latest = new Map<RunGroupKind, { runs: Grouped[]; updatedAt: number }>();
  for (const runs of groups.values()) {
    const updatedAt = Math.max(...runs.map((r) => r.updatedAt));
    const kind = runs[0].group.kind;
    const seen = latest.get(kind);
    if (!seen || updatedAt > seen.updatedAt) latest.set(kind, { runs, updatedAt });
  }
  return new Map([...latest].map(([kind, { runs }]) => [kind, [...runs].sort((a, b) => a.group.index - b.group.index)]));
}

/**
 * The whole records of `runs` (summaries of a group's runs), in their order: read one by one, as a
 * group is a few runs of the thousands a store may hold. A run deleted meanwhile is left out.
 */
export async function readRecords(store: Pick<RunStore, 'get'>, runs: readonly { id: string }[]): Promise<RunRecord[]> {
  const read = await Promise.all(runs.map((r) => store.get(r.id)));
  return read.filter((r): r is RunRecord => r !== undefined);
}

/** The whole records of one group's runs, found by the store's summaries. */
export async function readGroup(store: Pick<RunStore, 'get' | 'summaries'>, groupId: string): Promise<RunRecord[]> {
  return readRecords(store, (await store.summaries()).filter((s) => s.group?.id === groupId));
}

export function comparisonSpec(record: GroupMember): RunSpec {
  return { id: record.group.member, label: record.group.label, config: record.config, linearizeAt: record.group.linearizeAt };
}

/** A sweep run's λ and schedule are its config's. */
export function sweepSpec(record: GroupMember): SweepRun {
  const { prior } = record.config;
  const schedule: ScheduleSpec = { kind: prior.start === 0 ? 'early' : 'late', start: prior.start, unit: prior.startUnit };
  return {
    id: record.group.member,
    lambda: prior.lambda,
    schedule,
    scheduleKey: scheduleId(schedule),
    scheduleLabel: describeSchedule(schedule),
    label: record.group.label,
    config: record.config,
  };
}

export function kernelSpec(record: GroupMember): KernelRunSpec {
  return {
    id: record.group.member,
    label: record.group.label,
    config: record.config,
    linearizeAt: record.group.linearizeAt,
    ...(record.group.width !== null ? { width: record.group.width } : {}),
  };
}
