/** How long a throughput measurement may run: warm-up steps, then timed steps until a count or a time is reached. */
export interface StepBudget {
  warmUp: number;
  maxSteps: number;
  /** Stop starting timed steps after this long (the warm-up not counted). */
  maxMs: number;
}

/** Runs `step` (which resolves when the step's work is done) under the budget; returns each timed step's ms. */
export async function timeSteps(step: () => Promise<void>, budget: StepBudget, now: () => number = () => performance.now()): Promise<number[]> {
  for (let i = 0; i < budget.warmUp; i++) await step();
  const times: number[] = [];
  const started = now();
  while (times.length < budget.maxSteps && (times.length < 1 || now() - started < budget.maxMs)) {
    const t0 = now();
    await step();
    times.push(now() - t0);
  }
  return times;
}
