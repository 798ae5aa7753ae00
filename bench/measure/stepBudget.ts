/** How long a throughput measurement may run: warm-up steps, then timed steps until a count or a time is reached. */
export interface StepBudget {
  warmUp: number;
  /**
   * Warm up for at least this long too. A new Trainer's first steps after the tangent kernel at init run
   * slow for a while (~30 steps of the small MLP at 3-14 ms, then 2.7 ms, in Node WASM): a fixed couple
   * of warm-up steps timed that phase, not the steady step.
   */
  warmUpMs?: number;
  maxSteps: number;
  /** Stop starting timed steps after this long (the warm-up not counted). */
  maxMs: number;
}

/** Runs `step` (which resolves when the step's work is done) under the budget; returns each timed step's ms. */
export async function timeSteps(step: () => Promise<void>, budget: StepBudget, now: () => number = () => performance.now()): Promise<number[]> {
  const warming = now();
  for (let i = 0; i < budget.warmUp || now() - warming < (budget.warmUpMs ?? 0); i++) await step();
  const times: number[] = [];
  const started = now();
  while (times.length < budget.maxSteps && (times.length < 1 || now() - started < budget.maxMs)) {
    const t0 = now();
    await step();
    times.push(now() - t0);
  }
  return times;
}
