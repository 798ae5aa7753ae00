/**
 * The one palette for overlaid runs, in Runs' comparison and in Compare & sweep alike: the i-th run
 * has the same colour in both. Early warm, late cool, so the two schedules read apart at a glance.
 */
const RUN_COLORS = ['#d9485f', '#2f6db5', '#2a9d8f', '#b07aa1', '#edc948', '#9c755f'] as const;

export function runColor(index: number): string {
  return RUN_COLORS[index % RUN_COLORS.length];
}
