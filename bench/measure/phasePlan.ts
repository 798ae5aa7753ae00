/**
 * How long the lab/bare phases (interleaved.ts) last, and how many rounds of them fit the budget, from a
 * step time measured before the phases start. Where a step takes seconds, a phase of the default length
 * holds one step or none: the bare loop's median rests on one step, and the lab's worker, which posts a
 * snapshot after each step when steps are that slow (src/worker/pacingPolicy.ts), leaves too few
 * snapshots to rate. So every phase holds about MIN_STEPS_PER_PHASE steps and never less than the
 * default length, and slow combinations get fewer rounds instead of more time than the budget.
 */

/** Steps a phase should hold; the lab rates the steps between its first and last snapshot, one fewer. */
export const MIN_STEPS_PER_PHASE = 4;

export interface PhasePlan {
  /** Lab phases, each followed by a bare phase (the bare phase before the first is already measured). */
  rounds: number;
  /**
   * How long a phase starts steps; the step running at its end still finishes (the bare loop's last
   * step, the lab's step in flight when it is paused). Started for 3.5 step times, 4 steps run.
   */
  phaseMs: number;
  /**
   * The most one round should take: lab phase, its step in flight and the settle after it, then the
   * bare phase's warm-up step, its phase and its last step.
   */
  roundMs: number;
}

/**
 * `stepMs` is the slowest step time seen (of the bare loop and the lab; 0 when unknown: default
 * phases), `budgetMs` what is left of the measurement's budget, `settleMs` the pause after each lab
 * phase. Rounds are at most `defaults.rounds`, and 0 when not even one fits.
 */
export function planPhases(stepMs: number, defaults: { rounds: number; phaseMs: number }, budgetMs: number, settleMs = 0): PhasePlan {
  const step = Number.isFinite(stepMs) && stepMs > 0 ? stepMs : 0;
  const phaseMs = Math.max(defaults.phaseMs, (MIN_STEPS_PER_PHASE - 0.5) * step);
  const roundMs = 2 * phaseMs + 3 * step + settleMs;
  const rounds = Math.max(0, Math.min(defaults.rounds, Math.floor(Math.max(budgetMs, 0) / roundMs)));
  return { rounds, phaseMs, roundMs };
}
