import type { RunRecord } from '../lab/history/runRecord';

/**
 * The one palette for overlaid runs, in Runs' comparison and in Compare & sweep alike: the i-th run
 * has the same colour in both. Early warm, late cool, so the two schedules read apart at a glance.
 */
const RUN_COLORS = ['#d9485f', '#2f6db5', '#2a9d8f', '#b07aa1', '#edc948', '#9c755f'] as const;

export function runColor(index: number): string {
  return RUN_COLORS[index % RUN_COLORS.length];
}

/**
 * Kept runs in the order that gives them their colours: the runs of one comparison in the order
 * Compare drew them (so each keeps its colour there), other runs oldest first, as they were trained.
 */
export function inRunOrder(records: readonly RunRecord[]): RunRecord[] {
  return [...records].sort((a, b) =>
    a.group && b.group && a.group.id === b.group.id ? a.group.index - b.group.index : a.createdAt - b.createdAt,
  );
}
