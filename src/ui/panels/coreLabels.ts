/**
 * How the core graph labels its columns when they are close together (a deep residual net has dozens):
 * full labels in one row while they fit; else in two staggered rows; else only every few columns;
 * the counts shortened to "n/N" and the linear bundles narrowed to the column spacing.
 */
export interface CoreLabelPlan {
  /** 1 or 2 rows of labels (staggered: even columns on the first, odd on the second). */
  rows: 1 | 2;
  /** Label every this many columns (1 = every column). */
  every: number;
  /** "12/64" instead of "12/64 nonlinear". */
  shortCounts: boolean;
  /** Width of a column's linear bundle, in drawing units. */
  bundleWidth: number;
  /** The bundle shows its count only ("12"), not "12 linear", or nothing when too narrow. */
  bundleText: 'full' | 'count' | 'none';
}

/** Drawing units per character of a 12 px bold label (generous, so labels never touch). */
const CHAR_WIDTH = 7.5;
const GAP = 8;
export const FULL_BUNDLE_WIDTH = 78;

export function coreLabelPlan(names: readonly string[], spacing: number): CoreLabelPlan {
  const longest = Math.max(1, ...names.map((n) => Math.max(n.length, '64/64 nonlinear'.length)));
  const shortLongest = Math.max(1, ...names.map((n) => Math.max(n.length, '64/64'.length)));
  if (names.length <= 1 || spacing >= longest * CHAR_WIDTH + GAP) {
    return { rows: 1, every: 1, shortCounts: false, ...bundle(spacing) };
  }
  const width = shortLongest * CHAR_WIDTH + GAP;
  if (spacing >= width) return { rows: 1, every: 1, shortCounts: true, ...bundle(spacing) };
  // Two staggered rows put labels of one row two spacings apart; beyond that, skip columns.
  const every = Math.max(1, Math.ceil(width / (2 * spacing)));
  return { rows: 2, every, shortCounts: true, ...bundle(spacing) };
}

function bundle(spacing: number): Pick<CoreLabelPlan, 'bundleWidth' | 'bundleText'> {
  const bundleWidth = Math.min(FULL_BUNDLE_WIDTH, Math.max(8, spacing - 4));
  return { bundleWidth, bundleText: bundleWidth >= FULL_BUNDLE_WIDTH ? 'full' : bundleWidth >= 22 ? 'count' : 'none' };
}

/** Whether column `index` gets a label, and on which row (0 or 1). */
export function labelRow(plan: CoreLabelPlan, index: number): number | null {
  if (plan.rows === 1) return index % plan.every === 0 ? 0 : null;
  // Staggered: alternate rows among the labelled columns.
  if (index % plan.every !== 0) return null;
  return (index / plan.every) % 2;
}
