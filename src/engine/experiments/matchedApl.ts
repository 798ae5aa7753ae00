/**
 * The nonlinear advantage at matched APL: runs are compared at the same amount of remaining
 * nonlinearity, not just at the end of training (where one run may simply be more linear).
 *
 * Each run is a path through (APL, accuracy) as it trains, joined point to point. A run's accuracy
 * at APL x is read where that path last crossed x (interpolated inside the segment): the most
 * trained state the run had at that nonlinearity. APL need not fall monotonically — slopes can
 * drift back — which is why the last crossing is used rather than a lookup in a sorted table.
 */
import type { EvalPoint } from '../training/snapshot';

export type AplVariant = 'normalized' | 'unnormalized';

export interface CurvePoint {
  step: number;
  apl: number;
  accuracy: number;
}

export interface AplReading {
  apl: number;
  accuracy: number;
  /** Where along the run (interpolated between evaluations). */
  step: number;
}

export type MatchedApl =
  /** Every run ended at the same APL (within tolerance): the final accuracies compare directly. */
  | { kind: 'at-end'; apl: number; readings: AplReading[] }
  /** Read at the lowest APL that every run reached. */
  | { kind: 'interpolated'; apl: number; readings: AplReading[] }
  /** Some pair of runs never shared an APL: no honest comparison exists. */
  | { kind: 'no-overlap'; ranges: [number, number][]; message: string }
  | { kind: 'no-data'; message: string };

/** Final APLs closer than this (in nonlinear channels per path) count as matching. */
export const DEFAULT_APL_TOLERANCE = 0.02;

/** The evaluations with a test accuracy, as (step, APL, accuracy). */
export function aplCurve(history: readonly EvalPoint[], variant: AplVariant = 'normalized'): CurvePoint[] {
  return history
    .filter((p) => p.testAccuracy !== null && Number.isFinite(p.testAccuracy))
    .map((p) => ({
      step: p.step,
      apl: variant === 'normalized' ? p.aplNormalized : p.aplUnnormalized,
      accuracy: p.testAccuracy as number,
    }))
    .filter((p) => Number.isFinite(p.apl));
}

export function aplRange(curve: readonly CurvePoint[]): [number, number] | null {
  if (curve.length === 0) return null;
  let lo = Infinity;
  let hi = -Infinity;
  for (const p of curve) {
    lo = Math.min(lo, p.apl);
    hi = Math.max(hi, p.apl);
  }
  return [lo, hi];
}

/** The run's accuracy the last time its APL was `target`, or null if it never was. */
export function accuracyAtApl(curve: readonly CurvePoint[], target: number): AplReading | null {
  const last = curve.at(-1);
  if (!last) return null;
  if (last.apl === target) return { apl: target, accuracy: last.accuracy, step: last.step };
  for (let i = curve.length - 2; i >= 0; i--) {
    const a = curve[i];
    const b = curve[i + 1];
    const lo = Math.min(a.apl, b.apl);
    const hi = Math.max(a.apl, b.apl);
    if (target < lo || target > hi) continue;
    if (a.apl === b.apl) return { apl: target, accuracy: b.accuracy, step: b.step };
    const t = (target - a.apl) / (b.apl - a.apl);
    return { apl: target, accuracy: a.accuracy + t * (b.accuracy - a.accuracy), step: a.step + t * (b.step - a.step) };
  }
  return null;
}

export function matchAtApl(curves: readonly (readonly CurvePoint[])[], tolerance = DEFAULT_APL_TOLERANCE): MatchedApl {
  if (curves.length < 2) return { kind: 'no-data', message: 'Matching needs at least two runs.' };
  if (curves.some((c) => c.length === 0)) return { kind: 'no-data', message: 'A run has no evaluation with a test accuracy yet.' };

  const finals = curves.map((c) => c.at(-1) as CurvePoint);
  const finalApls = finals.map((p) => p.apl);
  if (Math.max(...finalApls) - Math.min(...finalApls) <= tolerance) {
    const apl = finalApls.reduce((s, v) => s + v, 0) / finalApls.length;
    return { kind: 'at-end', apl, readings: finals.map((p) => ({ apl: p.apl, accuracy: p.accuracy, step: p.step })) };
  }

  const ranges = curves.map((c) => aplRange(c) as [number, number]);
  const target = Math.max(...ranges.map((r) => r[0]));
  const ceiling = Math.min(...ranges.map((r) => r[1]));
  if (target > ceiling) {
    const shown = ranges.map(([lo, hi]) => `${lo.toFixed(2)}–${hi.toFixed(2)}`).join(', ');
    return { kind: 'no-overlap', ranges, message: `The runs never had the same APL (their ranges: ${shown}), so they cannot be compared at matched APL.` };
  }
  const readings = curves.map((c) => accuracyAtApl(c, target));
  // A joined path crosses every value of its range, so a reading always exists here.
  return { kind: 'interpolated', apl: target, readings: readings as AplReading[] };
}
