/**
 * What the Runs list shows: one entry per run of the lab, and one per comparison or sweep (its runs
 * under it), newest first. A sweep of 8 runs is one entry, not 8 rows among the lab's runs.
 */
import type { RunGroupKind, RunRecord } from './runRecord';

/** What the list needs of a run: a whole record, or its summary (runSummary.ts), which the Runs tab lists. */
export type ListedRun = Pick<RunRecord, 'id' | 'name' | 'group' | 'createdAt' | 'updatedAt' | 'finished' | 'diverged' | 'source'>;

/** A comparison or sweep as one entry of the list. */
export interface RunGroupEntry<R extends ListedRun = ListedRun> {
  type: 'group';
  /** The group's id (RunGroup.id). */
  id: string;
  kind: RunGroupKind;
  name: string;
  /** Its runs kept so far, in the group's order. */
  runs: R[];
  /** How many runs the group planned (a stopped or interrupted sweep kept fewer). */
  planned: number;
  finished: number;
  diverged: number;
  /** Every run came from a file. */
  imported: boolean;
  /** Creation of its newest run: where the group sits in the list. */
  newestAt: number;
  /** Latest write of any of its runs. */
  updatedAt: number;
}

export interface RunEntry<R extends ListedRun = ListedRun> {
  type: 'run';
  /** The run's id. */
  id: string;
  record: R;
}

export type RunListEntry<R extends ListedRun = ListedRun> = RunEntry<R> | RunGroupEntry<R>;

/** How a kind of group is called in the list. */
export const RUN_GROUP_KIND_LABELS: Record<RunGroupKind, string> = {
  comparison: 'comparison',
  sweep: 'sweep',
  linearize: 'linearization',
  widths: 'width sweep',
};

/**
 * The list's entries: runs without a group as they are, the runs of each group gathered into one
 * entry placed by its newest run; newest first (by creation, as the store lists runs), ties in the
 * order given.
 */
export function runListEntries<R extends ListedRun>(runs: readonly R[]): RunListEntry<R>[] {
  const entries: { entry: RunListEntry<R>; at: number; order: number }[] = [];
  const groups = new Map<string, { entry: RunGroupEntry<R>; at: number; order: number }>();
  runs.forEach((record, order) => {
    const group = record.group;
    if (!group) {
      entries.push({ entry: { type: 'run', id: record.id, record }, at: record.createdAt, order });
      return;
    }
    const seen = groups.get(group.id);
    if (!seen) {
      const entry: RunGroupEntry<R> = {
        type: 'group', id: group.id, kind: group.kind, name: group.name, runs: [record], planned: group.size,
        finished: 0, diverged: 0, imported: true, newestAt: record.createdAt, updatedAt: record.updatedAt,
      };
      const item = { entry, at: record.createdAt, order };
      groups.set(group.id, item);
      entries.push(item);
      return;
    }
    seen.entry.runs.push(record);
    seen.entry.planned = Math.max(seen.entry.planned, group.size);
    if (record.createdAt > seen.at) seen.at = record.createdAt;
    seen.entry.updatedAt = Math.max(seen.entry.updatedAt, record.updatedAt);
  });
  for (const { entry, at } of groups.values()) {
    entry.newestAt = at;
    entry.runs.sort((a, b) => a.group!.index - b.group!.index || a.createdAt - b.createdAt);
    entry.finished = entry.runs.filter((r) => r.finished && !r.diverged).length;
    entry.diverged = entry.runs.filter((r) => r.diverged).length;
    entry.imported = entry.runs.every((r) => r.source === 'imported');
  }
  return entries.sort((a, b) => b.at - a.at || a.order - b.order).map((e) => e.entry);
}

/** "sweep · 3 of 4 runs kept · 2 finished, 1 diverged": what a group holds, in a line. */
export function describeGroup(entry: Pick<RunGroupEntry, 'kind' | 'runs' | 'planned' | 'finished' | 'diverged' | 'imported'>): string {
  const kept = entry.runs.length;
  const runs = kept < entry.planned ? `${kept} of ${entry.planned} runs kept` : `${kept} run${kept === 1 ? '' : 's'}`;
  const finished = entry.finished === kept ? (kept === 1 ? 'finished' : 'all finished') : `${entry.finished} finished`;
  const diverged = entry.diverged > 0 ? `, ${entry.diverged} diverged` : '';
  return `${RUN_GROUP_KIND_LABELS[entry.kind]}${entry.imported ? ' (imported)' : ''} · ${runs} · ${finished}${diverged}`;
}

/**
 * A run's name under its group's row: without the group's name it starts with ("Frontier sweep, λ 2
 * to 200: late, λ = 20" reads "late, λ = 20" there). A name the user gave stays whole.
 */
export function nameInGroup(record: Pick<ListedRun, 'name' | 'group'>): string {
  const prefix = record.group ? `${record.group.name}: ` : '';
  return prefix && record.name.startsWith(prefix) && record.name.length > prefix.length ? record.name.slice(prefix.length) : record.name;
}
