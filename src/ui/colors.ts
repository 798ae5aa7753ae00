import { rgb } from 'd3-color';
import { interpolateRgbBasis } from 'd3-interpolate';
import { scaleSequential } from 'd3-scale';
import { schemeTableau10 } from 'd3-scale-chromatic';

/**
 * One colour language across panels: nonlinearity strength (1 - a) runs from pale (almost linear)
 * to a deep warm purple (a ReLU); channels that count as linear are a neutral grey-blue.
 */
export const strengthColor = scaleSequential<string>()
  .domain([0, 1])
  .interpolator(interpolateRgbBasis(['#fbe3d4', '#f29e6b', '#d9485f', '#8e2a7e', '#3d1a6e']));

/** Colour of a gate with slope a (0 = ReLU, 1 = linear) that does not count as linear. */
export function slopeColor(slope: number): string {
  return strengthColor(1 - clamp01(slope));
}

export const LINEAR_COLOR = '#d5dde8';
export const LINEAR_MARK_COLOR = '#5b6b82';

/** One colour per class: Tableau 10 in Tableau's own order (blue, orange, red, teal, green, ...). */
export const CLASS_COLORS: readonly string[] = schemeTableau10;

export function classColor(label: number): string {
  return CLASS_COLORS[((label % CLASS_COLORS.length) + CLASS_COLORS.length) % CLASS_COLORS.length];
}

export const SERIES = {
  train: '#4e79a7',
  test: '#e15759',
  nonlinear: '#8e2a7e',
  aplNormalized: '#d9485f',
  aplUnnormalized: '#f29e6b',
  prior: '#2a9d8f',
} as const;

/** The tangent kernel's three readings, one colour each. */
export const KERNEL_COLORS = { distance: '#3d5a98', velocity: '#c0392b', alignment: '#2a9d8f' } as const;

export function clamp01(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x;
}

/** "#rrggbb" or "rgb(r, g, b)" -> [r, g, b]. */
export function parseRgb(color: string): [number, number, number] {
  const c = rgb(color);
  return [Math.round(c.r), Math.round(c.g), Math.round(c.b)];
}
