/** What the λ control says about the prior right now: true at every step, including before t_on and after the end. */
export interface LambdaState {
  /** λ the config asks for. */
  lambda: number;
  /** λ the next step applies (schedule and ramp included), or null before the first snapshot. */
  inForce: number | null;
  step: number;
  /** The first step the prior acts (t_on in steps). */
  startStep: number;
  finished: boolean;
  running: boolean;
}

/** `idle`: what to say before the first snapshot (what λ does). */
export function lambdaHint(s: LambdaState, format: (n: number) => string, idle = 'Pushes every gate toward linear (a → 1).'): string {
  if (s.inForce === null) return idle;
  if (s.finished && !s.running) return s.lambda > 0 ? `Run finished: Play trains on under λ = ${format(s.lambda)}.` : 'Run finished: dial λ, then Play to train on under it.';
  if (s.lambda === 0) return 'λ is 0: no pressure on the gates yet.';
  if (s.step < s.startStep) return `Switches on at step ${s.startStep} (t_on); now step ${s.step}.`;
  if (s.inForce < s.lambda) return `Ramping up: λ = ${format(s.inForce)} in force now.`;
  return `In force now: λ = ${format(s.inForce)}`;
}
