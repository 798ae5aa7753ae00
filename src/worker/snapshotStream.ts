/**
 * The snapshot stream from the worker to the page. The worker's side (SnapshotUpdates) sends what
 * changed: new evaluations once, a run's constants with its first snapshot, and the predictions
 * preview only when the trainer computed a new one (it keeps the last between refreshes: most of a
 * snapshot's bytes, and the page would otherwise receive and compare it again every time). The page's side
 * (createSnapshotAssembler) rebuilds the whole Snapshot the page draws, with the chart history
 * bounded (chartHistory.ts). The history array stays the same object while no evaluation arrives.
 */
import { appendToChartHistory } from '../engine/training/chartHistory';
import type { EvalPoint, RunConstants, Snapshot, SnapshotUpdate, TrainerSnapshot } from '../engine/training/snapshot';

/** The worker's side: one per session, counting its runs so the page knows when a history starts afresh. */
export class SnapshotUpdates {
  private run = 0;
  private constantsSent = false;
  /** Evaluations since the last update: each is sent once. */
  private unsentPoints: EvalPoint[] = [];
  /** The preview last sent in this run (the trainer hands back the same object until it refreshes it). */
  private sentPreview: TrainerSnapshot['preview'] | undefined = undefined;

  /** A new run (a load or a reset): its constants go with its first update, and nothing of the last run's. */
  newRun(): void {
    this.run++;
    this.constantsSent = false;
    this.unsentPoints = [];
    this.sentPreview = undefined;
  }

  /** A constant changed (the run's length, when it trains on past its end): sent again with the next update. */
  constantsChanged(): void {
    this.constantsSent = false;
  }

  /** An evaluation, sent with the next update. */
  addEvaluation(point: EvalPoint): void {
    this.unsentPoints.push(point);
  }

  /** What changed since the last update, as of this snapshot; `running`: training goes on after it. */
  next(snapshot: TrainerSnapshot, running: boolean): SnapshotUpdate {
    const { stepsPerEpoch, totalSteps, aplAllNonlinear, backend, dataset, preview, ...changing } = snapshot;
    const update: SnapshotUpdate = { ...changing, running, run: this.run, newPoints: this.unsentPoints };
    if (!this.constantsSent) update.constants = { stepsPerEpoch, totalSteps, aplAllNonlinear, backend, dataset };
    if (preview !== this.sentPreview) update.preview = preview;
    this.sentPreview = preview;
    this.constantsSent = true;
    this.unsentPoints = [];
    return update;
  }
}

export type SnapshotAssembler = (update: SnapshotUpdate) => Snapshot | null;

export function createSnapshotAssembler(): SnapshotAssembler {
  let run = -1;
  let constants: RunConstants | null = null;
  let history: EvalPoint[] = [];
  let preview: Snapshot['preview'] = null;
  return (update) => {
    const { run: updateRun, constants: sent, preview: sentPreview, ...changing } = update;
    if (updateRun !== run) {
      run = updateRun;
      history = [];
      constants = null;
      preview = null;
    }
    if (sentPreview !== undefined) preview = sentPreview;
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
    return { ...changing, ...constants, preview, history };
  };
}
