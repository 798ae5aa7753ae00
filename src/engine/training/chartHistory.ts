/**
 * The evaluations kept for the charts: bounded, whatever the run's length (the full record is the
 * run store's). Past CHART_HISTORY_LIMIT points the history is thinned: the steps are cut into
 * buckets and each bucket keeps only the points that hold a charted series' lowest or highest value
 * there, so every peak, dip and the run's extremes stay on the chart. The first and last points
 * always stay.
 */
import type { EvalPoint } from './snapshot';

export const CHART_HISTORY_LIMIT = 2000;

/** The series the charts draw: a bucket keeps each one's minimum and maximum. */
const SERIES = ['trainLoss', 'testLoss', 'trainAccuracy', 'testAccuracy', 'fractionNonlinear', 'aplNormalized', 'aplUnnormalized'] as const;

/** The history with `points` appended, thinned to at most half the limit whenever it would pass the limit. */
export function appendToChartHistory(history: readonly EvalPoint[], points: readonly EvalPoint[], limit = CHART_HISTORY_LIMIT): EvalPoint[] {
  const next = [...history, ...points];
  return next.length > limit ? thinKeepingExtremes(next, Math.floor(limit / 2)) : next;
}

/** At most `target` points (target >= 2 + 2 * series), extremes per bucket kept, in step order. */
export function thinKeepingExtremes(points: readonly EvalPoint[], target: number): EvalPoint[] {
  if (points.length <= target) return [...points];
  for (let buckets = Math.max(1, Math.floor(target / 4)); ; buckets = Math.floor(buckets / 2)) {
    const thinned = thin(points, Math.max(1, buckets));
    if (thinned.length <= target || buckets <= 1) return thinned;
  }
}

function thin(points: readonly EvalPoint[], buckets: number): EvalPoint[] {
  const first = points[0].step;
  const span = Math.max(1, points[points.length - 1].step - first);
  const keep = new Set<number>([0, points.length - 1]);
  let start = 0;
  while (start < points.length) {
    const bucket = Math.min(buckets - 1, Math.floor(((points[start].step - first) / span) * buckets));
    let end = start;
    while (end + 1 < points.length && Math.min(buckets - 1, Math.floor(((points[end + 1].step - first) / span) * buckets)) === bucket) end++;
    for (const series of SERIES) {
      let low = -1;
      let high = -1;
      for (let i = start; i <= end; i++) {
        const v = points[i][series];
        if (v === null || !Number.isFinite(v)) continue;
        if (low < 0 || v < (points[low][series] as number)) low = i;
        if (high < 0 || v > (points[high][series] as number)) high = i;
      }
      if (low >= 0) keep.add(low).add(high);
    }
    start = end + 1;
  }
  return [...keep].sort((a, b) => a - b).map((i) => points[i]);
}
