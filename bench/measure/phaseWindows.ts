/**
 * What the snapshots of a block of lab phases say besides its rate (measure/interleaved.ts): where in
 * the run the block was, and how often the page received a snapshot while the lab trained (the
 * worker spaces snapshots by what drawing them costs the page, so a growing cost per snapshot shows
 * as fewer of them, not only as a lower rate).
 */
import type { StepMark } from './interleaved';

/** A lab phase: from play to the landed pause. */
export interface PhaseWindow {
  from: number;
  to: number;
}

const inside = (marks: readonly StepMark[], windows: readonly PhaseWindow[]) => marks.filter((m) => windows.some((w) => m.t >= w.from && m.t <= w.to));

/** The lowest and highest step of the snapshots inside the windows, or null without any. */
export function stepRange(marks: readonly StepMark[], windows: readonly PhaseWindow[]): { first: number; last: number } | null {
  const steps = inside(marks, windows).map((m) => m.step);
  return steps.length === 0 ? null : { first: Math.min(...steps), last: Math.max(...steps) };
}

/** Snapshots received inside the windows. */
export function snapshotsInside(marks: readonly StepMark[], windows: readonly PhaseWindow[]): number {
  return inside(marks, windows).length;
}

/** Snapshots received inside the windows per second of them, or null when the windows hold no time. */
export function snapshotsPerSecond(marks: readonly StepMark[], windows: readonly PhaseWindow[]): number | null {
  const seconds = windows.reduce((sum, w) => sum + Math.max(0, w.to - w.from), 0) / 1000;
  return seconds > 0 ? inside(marks, windows).length / seconds : null;
}
