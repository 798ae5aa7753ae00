/**
 * Slider <-> value mappings. Sliders are integer positions so every value is keyboard-reachable
 * with the arrow keys; the log sliders give each decade the same number of steps.
 */

/** Lambda dial: position 0 is "off" (lambda = 0); positions 1..LAMBDA_POSITIONS span 1e-2..1e4 log-uniformly.
 * The prior moves a slope by lr·λ/N per step while Adam moves it by at most about lr, so the
 * interesting range sits around λ ≈ N (the number of gated channels: 192 for the default MLP). */
export const LAMBDA_MIN = 1e-2;
export const LAMBDA_MAX = 1e4;
export const LAMBDA_STEPS_PER_DECADE = 20;
export const LAMBDA_POSITIONS =
  Math.round(Math.log10(LAMBDA_MAX / LAMBDA_MIN) * LAMBDA_STEPS_PER_DECADE) + 1;

export function lambdaFromPosition(position: number): number {
  if (position <= 0) return 0;
  const p = Math.min(position, LAMBDA_POSITIONS);
  return roundSignificant(LAMBDA_MIN * 10 ** ((p - 1) / LAMBDA_STEPS_PER_DECADE), 3);
}

export function positionFromLambda(lambda: number): number {
  if (!(lambda > 0)) return 0;
  const p = Math.round(Math.log10(lambda / LAMBDA_MIN) * LAMBDA_STEPS_PER_DECADE) + 1;
  return Math.max(1, Math.min(LAMBDA_POSITIONS, p));
}

/** A plain log slider over [min, max] with `positions` steps (position 0 = min). */
export interface LogSlider {
  min: number;
  max: number;
  positions: number;
}

export const LEARNING_RATE_SLIDER: LogSlider = { min: 1e-4, max: 1, positions: 40 };
export const EPS_SLIDER: LogSlider = { min: 1e-5, max: 1e-1, positions: 40 };

export function logFromPosition(s: LogSlider, position: number): number {
  const t = Math.max(0, Math.min(s.positions, position)) / s.positions;
  return roundSignificant(s.min * (s.max / s.min) ** t, 3);
}

export function positionFromLog(s: LogSlider, value: number): number {
  if (!(value > 0)) return 0;
  const t = Math.log(value / s.min) / Math.log(s.max / s.min);
  return Math.max(0, Math.min(s.positions, Math.round(t * s.positions)));
}

export function roundSignificant(value: number, digits: number): number {
  if (value === 0 || !Number.isFinite(value)) return value;
  return Number(value.toPrecision(digits));
}
