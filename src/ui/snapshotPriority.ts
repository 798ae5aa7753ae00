/**
 * Whether the page renders a snapshot at once rather than at low priority (App.tsx): the first
 * trained step of a run, the snapshot after one at step 0. Snapshots otherwise render as a
 * transition, which the next snapshot restarts; the first step's, a full drawing of every panel that
 * the held step-0 evaluation's snapshot follows closely, was restarted and shown 0.5-1.4 s after it
 * arrived under load (BENCHMARKS.md, "The first step within 3 s").
 */
export function firstTrainedStep(previousStep: number | null, step: number): boolean {
  return previousStep === 0 && step > 0;
}
