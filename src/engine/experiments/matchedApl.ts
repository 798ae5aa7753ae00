/**
 * The nonlinear advantage at matched APL: runs are compared at the same amount of remaining
 * nonlinearity, not just at the end of training (where one run may simply be more linear).
 *
 * The rule (stated in the Compare tab, MATCHED_APL_RULE): the matched APL is the largest of the runs'
 * final APLs, so every run got at least that linear. Each run is read at its best test accuracy among
 * the evaluations, after its prior switched on, from which its APL stayed at or below that value to
 * the end of the run. APL need not fall monotonically (slopes can drift back below 1), so a passing
 * dip, an evaluation that was briefly more linear than the run then stayed, is never read: what a run
 * is credited with at an APL is what it held there.
 */
import type { EvalPoint } from '../training/snapshot';

export type AplVariant = 'normalized' | 'unnormalized';

export interface CurvePoint {
  step: number;
  apl: number;
  accuracy: number;
  /** The prior was in force at this evaluation (lambda > 0). */
  priorOn: boolean;
}

export interface AplReading {
  /** The run's APL at the evaluation read (at or below the matched APL). */
  apl: number;
  accuracy: number;
  step: number;
}

export type MatchedApl =
  | { kind: 'matched'; apl: number; readings: AplReading[] }
  | { kind: 'no-data'; message: string };

export const MATCHED_APL_RULE =
  'Matched APL is the largest of the runs’ final APLs. Each run is read at its best test accuracy among the ' +
  'evaluations, after its prior switched on, from which its APL stayed at or below that value to the end: a ' +
  'passing dip in APL is never read.';

/** APLs closer than this count as equal (float noise in the APL computation). */
const APL_TOLERANCE = 1e-9;

/** The evaluations with a test accuracy, as (step, APL, accuracy, prior on). */
export function aplCurve(history: readonly EvalPoint[], variant: AplVariant = 'normalized'): CurvePoint[] {
  return history
    .filter((p) => p.testAccuracy !== null && Number.isFinite(p.testAccuracy))
    .map((p) => ({
      step: p.step,
      apl: variant === 'normalized' ? p.aplNormalized : p.aplUnnormalized,
      accuracy: p.testAccuracy as number,
      priorOn: p.lambda > 0,
    }))
    .filter((p) => Number.isFinite(p.apl));
}

/**
 * The run's best accuracy among evaluations with the prior on from which its APL stayed at or below
 * `target` to the end; null when it never did (its last evaluation is above `target`, or the prior
 * never switched on). Ties go to the later evaluation.
 */
export function heldAccuracyAtApl(curve: readonly CurvePoint[], target: number): AplReading | null {
  let best: AplReading | null = null;
  let laterMax = -Infinity;
  for (let i = curve.length - 1; i >= 0; i--) {
    const p = curve[i];
    laterMax = Math.max(laterMax, p.apl);
    if (laterMax > target + APL_TOLERANCE) break;
    if (!p.priorOn) continue;
    if (best === null || p.accuracy > best.accuracy) best = { apl: p.apl, accuracy: p.accuracy, step: p.step };
  }
  return best;
}

export function matchAtApl(curves: readonly (readonly CurvePoint[])[]): MatchedApl {
  if (curves.length < 2) return { kind: 'no-data', message: 'Matching needs at least two runs.' };
  const withPrior = curves.map((c) => c.filter((p) => p.priorOn));
  if (withPrior.some((c) => c.length === 0)) {
    return { kind: 'no-data', message: 'A run has no evaluation with the prior on and a test accuracy yet.' };
  }
  const target = Math.max(...curves.map((c) => (c.at(-1) as CurvePoint).apl));
  const readings = curves.map((c) => heldAccuracyAtApl(c, target));
  if (readings.some((r) => r === null)) {
    // Only when a run's last evaluation came before its prior switched on.
    return { kind: 'no-data', message: 'A run has not evaluated since its prior switched on.' };
  }
  return { kind: 'matched', apl: target, readings: readings as AplReading[] };
}
