/**
 * Progress of a queue of runs and the time left, from the pace so far: steps per millisecond over
 * the whole queue (data loading included, since the remaining runs will pay it too).
 */

export interface QueueProgress {
  /** Runs finished (or failed) and the total. */
  runsDone: number;
  runsTotal: number;
  /** Steps trained across the queue so far and the estimated total. */
  stepsDone: number;
  stepsTotal: number;
  /** 0..1 */
  fraction: number;
  /** Estimated milliseconds left, or null while there is too little to go on. */
  remainingMs: number | null;
}

export interface QueueState {
  runsTotal: number;
  /** totalSteps of every run whose size is known (loaded at least once), by run index. */
  knownTotals: ReadonlyMap<number, number>;
  /** Steps trained by every run so far, by run index. */
  stepsByRun: ReadonlyMap<number, number>;
  runsDone: number;
  elapsedMs: number;
  /** Steps among stepsByRun trained before elapsedMs began (a resumed queue's finished runs): done, but not part of the pace. */
  stepsBefore?: number;
}

/** Too early to tell below this much work. */
const MIN_STEPS_FOR_ESTIMATE = 20;

export function queueProgress(state: QueueState): QueueProgress {
  const known = [...state.knownTotals.values()];
  const typical = known.length > 0 ? known.reduce((s, v) => s + v, 0) / known.length : 0;
  let stepsTotal = 0;
  for (let i = 0; i < state.runsTotal; i++) stepsTotal += state.knownTotals.get(i) ?? typical;
  let stepsDone = 0;
  for (const steps of state.stepsByRun.values()) stepsDone += steps;
  stepsDone = Math.min(stepsDone, stepsTotal);

  const fraction = stepsTotal > 0 ? stepsDone / stepsTotal : state.runsTotal > 0 ? state.runsDone / state.runsTotal : 0;
  const stepsTimed = stepsDone - (state.stepsBefore ?? 0);
  const remainingMs =
    stepsTimed >= MIN_STEPS_FOR_ESTIMATE && state.elapsedMs > 0 && stepsTotal > 0
      ? ((stepsTotal - stepsDone) * state.elapsedMs) / stepsTimed
      : null;
  return { runsDone: state.runsDone, runsTotal: state.runsTotal, stepsDone, stepsTotal, fraction, remainingMs };
}

/** 95000 -> "about 1 min 35 s"; null -> "estimating…". */
export function formatRemaining(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return 'estimating time left…';
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return `about ${seconds} s left`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `about ${minutes} min ${seconds % 60} s left`;
  return `about ${Math.floor(minutes / 60)} h ${minutes % 60} min left`;
}
