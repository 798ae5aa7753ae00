/**
 * How fast the training session goes and how often it shows it: steps per slice, when a snapshot
 * is due, when a snapshot recomputes the predictions preview, and slow pace's wait between steps.
 * Plain bookkeeping over times the caller passes in (ms on one clock), so it is tested without a
 * trainer, a worker or a real clock (pacingPolicy.test.ts); the session (trainingSession.ts) acts on it.
 */
import { SLOW_STEPS_PER_SECOND, type TrainingPace } from './labApi';

/**
 * Snapshots are async readbacks; at most one per this interval while training (4 a second when
 * steps allow). Each one redraws every panel, and on a 2-core machine the page's drawing slows the
 * worker's training: at 150 ms the main thread was busy a third of the time.
 */
export const SNAPSHOT_INTERVAL_MS = 250;
/**
 * ...and snapshots take at most this share of the time, counting both what they cost the worker
 * (the readbacks: slow where a software GPU syncs on every read) and what drawing them costs the
 * page. The page reports how long each snapshot took from its arrival to the next painted frame
 * (labClient.ts). That is the main thread's part only: Chromium traces (BENCHMARKS.md) put the
 * page's whole cost per snapshot, with the message handling and both compositor threads, at 3 to 4
 * times it. On two cores both come out of the worker's training time, so they share one budget:
 * with the evaluations (~3 %), the lab keeps about 0.9 of a bare training loop's speed.
 */
export const SNAPSHOT_TIME_SHARE = 0.08;
export const PAGE_COST_PER_DRAWN_MS = 3;
const DRAW_TIMES_KEPT = 5;
/** The page's part of the spacing stops growing here: where it waits on a busy machine its frames come late without costing more. */
const MAX_DRAW_SPACED_INTERVAL_MS = 1000;
/** ...but never further apart than this, so the panels stay live on the slowest backend. */
export const MAX_SNAPSHOT_INTERVAL_MS = 2000;
/**
 * While training, the predictions preview (a forward pass) is recomputed only while it takes at most
 * this share of the time: every snapshot where it is cheap, every few seconds where a forward pass
 * is slow (~0.3 s for the CNN on a software GPU, which takes seconds a step there).
 */
export const PREVIEW_TIME_SHARE = 0.02;
/**
 * ...and at most once per this interval: the preview is most of a snapshot's bytes (an image strip
 * is ~150 kB of pixels as structured-clone numbers), and a snapshot without a fresh one does not
 * send it at all (snapshotStream.ts), so the page neither receives nor compares it. A second is
 * still live for predictions that change slowly; the charts and gates keep the snapshots' pace.
 */
export const MIN_PREVIEW_INTERVAL_MS = 1000;
/** Aim for slices of about this long, so pause and live changes take effect quickly. */
const SLICE_TARGET_MS = 40;
const MAX_STEPS_PER_SLICE = 32;

export class PacingPolicy {
  /** 'slow': one step per slice, a snapshot (with its preview) after each, SLOW_STEPS_PER_SECOND of them. */
  pace: TrainingPace = 'full';
  private stepsPerSlice = 1;
  private lastSnapshotAt = Number.NEGATIVE_INFINITY;
  private lastSnapshotMs = 0;
  private lastPreviewAt = Number.NEGATIVE_INFINITY;
  /** How long the page took to draw the last few snapshots. */
  private readonly drawTimes: number[] = [];
  /**
   * A snapshot sent while training ran is not drawn yet (the page is busy, or a hidden tab paints
   * nothing). Snapshots sent otherwise do not count: the load's is drawn while the page builds itself.
   */
  private drawPending = false;
  /** Slices trained in this run: the first one is shown at once, whatever the spacing says. */
  private slicesTrained = 0;

  /** A new run: how long its steps take is not known yet, so its first slice is one step. */
  newRun(): void {
    this.stepsPerSlice = 1;
    this.slicesTrained = 0;
  }

  /** Steps to train in the next slice: at least 1, at most `limit` (the steps to the next evaluation, say). */
  sliceSteps(limit: number): number {
    const perSlice = this.pace === 'slow' ? 1 : this.stepsPerSlice;
    return Math.max(1, Math.min(perSlice, limit));
  }

  /** A slice of `steps` steps took `elapsedMs` (read back included): at full pace the next one aims at SLICE_TARGET_MS. */
  sliceTrained(steps: number, elapsedMs: number): void {
    this.slicesTrained++;
    if (this.pace !== 'full') return;
    const msPerStep = Math.max(elapsedMs, 0.1) / steps;
    this.stepsPerSlice = Math.max(1, Math.min(MAX_STEPS_PER_SLICE, Math.floor(SLICE_TARGET_MS / msPerStep)));
  }

  /** The wait after a slice while training runs: slow pace's time between steps; 0 at full pace (only let events in). */
  waitAfterSliceMs(): number {
    return this.pace === 'slow' ? 1000 / SLOW_STEPS_PER_SECOND : 0;
  }

  /**
   * After a slice that did not end the run: whether to send a snapshot now. After a run's first
   * slice, always: the page shows that training started (the step-0 snapshot may be recent).
   */
  snapshotDue(now: number, softwareRenderer: boolean): boolean {
    return this.pace === 'slow' || this.slicesTrained === 1 || now - this.lastSnapshotAt >= this.snapshotInterval(softwareRenderer);
  }

  /** The spacing of snapshots while training at full pace, from start to start. */
  snapshotInterval(softwareRenderer: boolean): number {
    // On a software renderer the page's frames come from the renderer that trains, and they cost
    // training far more than the page can see (BENCHMARKS.md): the slowest pace there.
    if (this.drawPending || softwareRenderer) return MAX_SNAPSHOT_INTERVAL_MS;
    // The page's part is capped: where it waits on a busy machine its frames come late without costing more.
    const page = Math.min(MAX_DRAW_SPACED_INTERVAL_MS * SNAPSHOT_TIME_SHARE, this.typicalDrawMs() * PAGE_COST_PER_DRAWN_MS);
    const spacing = (this.lastSnapshotMs + page) / SNAPSHOT_TIME_SHARE;
    return Math.min(MAX_SNAPSHOT_INTERVAL_MS, Math.max(SNAPSHOT_INTERVAL_MS, spacing));
  }

  /**
   * A snapshot starts at `now`; whether it computes a fresh predictions preview (taking `previewMs`
   * the last time). Stopped, or one step at a time: always the current predictions.
   */
  snapshotStarts(now: number, running: boolean, previewMs: number): boolean {
    this.lastSnapshotAt = now; // start to start, so the readback's own time counts
    const spacing = Math.max(MIN_PREVIEW_INTERVAL_MS, previewMs / PREVIEW_TIME_SHARE);
    const preview = !running || this.pace === 'slow' || now - this.lastPreviewAt >= spacing;
    if (preview) this.lastPreviewAt = now;
    return preview;
  }

  /** The snapshot was read back at `now` and is about to be sent; `running`: training goes on after it. */
  snapshotTaken(now: number, running: boolean): void {
    this.lastSnapshotMs = now - this.lastSnapshotAt;
    this.drawPending = running;
  }

  /** The page reports it drew the last snapshot `ms` after it arrived. */
  snapshotDrawn(ms: number): void {
    if (this.drawPending) this.drawTimes.push(ms);
    if (this.drawTimes.length > DRAW_TIMES_KEPT) this.drawTimes.shift();
    this.drawPending = false;
  }

  /**
   * The (lower) median of the last few, once there are three: the first frames of a run draw panels
   * for the first time, and a frame may wait on a garbage collection; neither should hold them back.
   */
  private typicalDrawMs(): number {
    if (this.drawTimes.length < 3) return 0;
    const sorted = [...this.drawTimes].sort((a, b) => a - b);
    return sorted[Math.floor((sorted.length - 1) / 2)];
  }
}
