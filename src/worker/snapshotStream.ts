/**
 * The page's side of the snapshot stream: the worker sends what changed (new evaluations, and a
 * run's constants once); this rebuilds the whole Snapshot the page draws, with the chart history
 * bounded (chartHistory.ts). The history array stays the same object while no evaluation arrives.
 */
import { appendToChartHistory } from '../engine/training/chartHistory';
import type { EvalPoint, RunConstants, Snapshot, SnapshotUpdate } from '../engine/training/snapshot';

export type SnapshotAssembler = (update: SnapshotUpdate) => Snapshot | null;

export function createSnapshotAssembler(): SnapshotAssembler {
  let run = -1;
  let constants: RunConstants | null = null;
  let history: EvalPoint[] = [];
  return (update) => {
    const { run: updateRun, constants: sent, ...changing } = update;
    if (updateRun !== run) {
      run = updateRun;
      history = [];
      constants = null;
    }
    constants = sent ?? constants;
    // Only a snapshot that lost its run's first would have none: nothing to draw it with.
    if (!constants) return null;
    if (update.newPoints.length > 0) {
      // After a rewind to the last good evaluation the run trains again from an earlier step: the
      // evaluations it went back past are dropped, not kept beside their replacements.
      const from = update.newPoints[0].step;
      if (history.length > 0 && (history.at(-1) as EvalPoint).step >= from) history = history.filter((p) => p.step < from);
      history = appendToChartHistory(history, update.newPoints);
    }
    return { ...changing, ...constants, history };
  };
}
