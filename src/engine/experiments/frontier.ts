/**
 * The paper's main picture: final test accuracy against final APL, one curve per schedule, one
 * point per lambda. Points are ordered by APL so each curve reads left (linear) to right (deep).
 */
import type { EvalPoint } from '../training/snapshot';
import type { AplVariant } from './matchedApl';
import type { SweepRun } from './sweepGrid';

export interface FrontierPoint {
  runId: string;
  lambda: number;
  apl: number;
  accuracy: number;
}

export interface FrontierCurve {
  scheduleId: string;
  label: string;
  points: FrontierPoint[];
}

export interface FinishedRun {
  run: SweepRun;
  history: readonly EvalPoint[];
}

/** The last evaluation with a test accuracy, as a frontier point; null if there is none. */
export function frontierPoint(finished: FinishedRun, variant: AplVariant = 'normalized'): FrontierPoint | null {
  const last = [...finished.history].reverse().find((p) => p.testAccuracy !== null && Number.isFinite(p.testAccuracy));
  if (!last) return null;
  return {
    runId: finished.run.id,
    lambda: finished.run.lambda,
    apl: variant === 'normalized' ? last.aplNormalized : last.aplUnnormalized,
    accuracy: last.testAccuracy as number,
  };
}

export function frontierCurves(finished: readonly FinishedRun[], variant: AplVariant = 'normalized'): FrontierCurve[] {
  const curves = new Map<string, FrontierCurve>();
  for (const f of finished) {
    const point = frontierPoint(f, variant);
    if (!point) continue;
    const curve = curves.get(f.run.scheduleKey) ?? { scheduleId: f.run.scheduleKey, label: f.run.scheduleLabel, points: [] };
    curve.points.push(point);
    curves.set(f.run.scheduleKey, curve);
  }
  for (const curve of curves.values()) curve.points.sort((a, b) => a.apl - b.apl || b.lambda - a.lambda);
  return [...curves.values()];
}
