/** The tangent-kernel readings of a run's history, as the panels and comparisons read them. */

import type { EvalPoint } from '../training/snapshot';

/**
 * The tangent kernel is measured at the first evaluation of each block of this many steps (and
 * always at step 0 and at the end), so evaluating often does not multiply its
 * cost: at 100 steps it is under 1 % of training time for the default MLP, ~5 % for the CNN
 * (bench/measure/kernelCost.ts).
 */
export const KERNEL_SPACING_STEPS = 100;

export interface KernelCurvePoint {
  step: number;
  distance: number;
  /** Per 100 steps over the interval that ends here; null at step 0. */
  velocity: number | null;
  alignment: number | null;
}

/**
 * The evaluations that measured the kernel, oldest first, starting from initialization: the kernel
 * is at distance 0 from itself at step 0 even when the run was first evaluated later.
 */
export function kernelCurve(history: readonly EvalPoint[]): KernelCurvePoint[] {
  const curve = history
    .filter((p) => typeof p.ntkDistance === 'number')
    .map((p) => ({ step: p.step, distance: p.ntkDistance as number, velocity: p.ntkVelocity ?? null, alignment: p.ntkAlignment ?? null }));
  if (curve.length > 0 && curve[0].step > 0) curve.unshift({ step: 0, distance: 0, velocity: null, alignment: null });
  return curve;
}

/**
 * The kernel's velocity over the interval that holds `step` (the first reading after it: a
 * reading's velocity covers the steps since the previous one), or null if none was measured yet.
 */
export function velocityAt(curve: readonly KernelCurvePoint[], step: number): number | null {
  const reading = curve.find((p) => p.step >= step && p.step > 0 && p.velocity !== null);
  return reading?.velocity ?? null;
}

/** The largest velocity measured, or null. */
export function peakVelocity(curve: readonly KernelCurvePoint[]): number | null {
  const values = curve.map((p) => p.velocity).filter((v): v is number => v !== null && Number.isFinite(v));
  return values.length ? Math.max(...values) : null;
}

export interface SettlingReading {
  /** Velocity where the prior switched on, as a fraction of the run's peak velocity. */
  atStart: number | null;
  peak: number | null;
  fractionOfPeak: number | null;
}

/** How settled the kernel was when `step` came (e.g. when a run's prior switched on). */
export function settlingAt(curve: readonly KernelCurvePoint[], step: number): SettlingReading {
  const atStart = velocityAt(curve, step);
  const peak = peakVelocity(curve);
  return { atStart, peak, fractionOfPeak: atStart !== null && peak !== null && peak > 0 ? atStart / peak : null };
}
