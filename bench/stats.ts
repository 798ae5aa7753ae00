/** Medians with their spread, and ratios of them: the only kind of figure the benchmark reports. */

export interface Spread {
  median: number;
  /** Smallest and largest sample (for a ratio: the pessimistic and optimistic combination). */
  low: number;
  high: number;
  /** Samples behind the figure. */
  n: number;
}

export function summarize(samples: readonly number[]): Spread | null {
  const finite = samples.filter((s) => Number.isFinite(s)).sort((a, b) => a - b);
  if (finite.length === 0) return null;
  const mid = finite.length >> 1;
  const median = finite.length % 2 === 1 ? finite[mid] : (finite[mid - 1] + finite[mid]) / 2;
  return { median, low: finite[0], high: finite[finite.length - 1], n: finite.length };
}

/** Per-step durations (ms) of `examplesPerStep` examples each, as examples per second. */
export function throughputOf(stepMs: readonly number[], examplesPerStep: number): Spread | null {
  return summarize(stepMs.filter((ms) => ms > 0).map((ms) => (examplesPerStep * 1000) / ms));
}

/**
 * Examples/s over a phase of steps: all its examples over all its time (`stepMs` summed), the slow
 * steps counted as they came. That is how the lab's phases are measured (bench/measure/interleaved.ts
 * `phaseRate`: steps over the time between two snapshots); the median step of `throughputOf` leaves
 * the slow steps out, so on a loaded machine it is the higher figure. null without a timed step.
 */
export function phaseThroughput(stepMs: readonly number[], examplesPerStep: number): number | null {
  const total = stepMs.reduce((sum, ms) => sum + ms, 0);
  return stepMs.length > 0 && total > 0 ? (stepMs.length * examplesPerStep * 1000) / total : null;
}

/** a / b of two figures: the median of the ratio is the ratio of medians; the spread combines the extremes. */
export function ratioOf(a: Spread | null, b: Spread | null): Spread | null {
  if (!a || !b || b.median <= 0 || b.low <= 0) return null;
  return { median: a.median / b.median, low: a.low / b.high, high: a.high / b.low, n: Math.min(a.n, b.n) };
}
