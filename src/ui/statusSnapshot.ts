import type { LabStatus } from '../lab/labApi';

/** Statuses that say where a run stands still: shown with the snapshot posted before them, never beside an older one. */
const SETTLED: ReadonlySet<LabStatus> = new Set(['paused', 'finished', 'ready', 'error']);

/**
 * Whether a status makes the page render the snapshot the worker posted just before it at once (App.tsx);
 * else that snapshot keeps its low priority (a transition). Only a settling status, and only once an
 * earlier snapshot may be on screen beside it: the load's first snapshot and its 'ready' leave the
 * page's first drawing interruptible, so the first trained step's snapshot, right behind them, need
 * not wait for it to end (issue #17: the first step within 3 s of navigation).
 */
export function showsSnapshotAtOnce(status: LabStatus, snapshotsSeen: number): boolean {
  return snapshotsSeen > 1 && SETTLED.has(status);
}
