/**
 * Lab against bare loop, measured in alternation: bare, lab, bare, lab, ..., bare. This VM's speed
 * drifts by up to 2x within a minute (other jobs share its cores), so two figures measured a minute
 * apart compare the machine's moods as much as the code. Each lab phase is held to the mean of the
 * bare phases right before and after it.
 */

export interface StepMark {
  t: number;
  step: number;
}

/**
 * examples/s over the snapshots inside [from, to]: the steps from the last snapshot at the lowest step to
 * the first at the highest, over the time between those two. Repeats of a step do not stretch the time:
 * a pause posts a snapshot of its own right after the one its last step posted. null without two
 * snapshots with steps between them.
 */
export function phaseRate(marks: readonly StepMark[], from: number, to: number, batch: number): number | null {
  const inside = marks.filter((m) => m.t >= from && m.t <= to);
  if (inside.length < 2) return null;
  const low = Math.min(...inside.map((m) => m.step));
  const high = Math.max(...inside.map((m) => m.step));
  const first = inside.filter((m) => m.step === low).reduce((a, b) => (b.t > a.t ? b : a));
  const last = inside.filter((m) => m.step === high).reduce((a, b) => (b.t < a.t ? b : a));
  if (high <= low || last.t <= first.t) return null;
  return ((high - low) * batch * 1000) / (last.t - first.t);
}

/** lab[i] / mean(bare[i], bare[i + 1]) for every lab phase with a rate and a bare phase measured on either side. */
export function interleavedRatios(lab: readonly (number | null)[], bare: readonly (number | null)[]): number[] {
  const ratios: number[] = [];
  lab.forEach((rate, i) => {
    const around = [bare[i], bare[i + 1]].filter((b): b is number => b !== null && b !== undefined && b > 0);
    if (rate === null || around.length === 0) return;
    ratios.push(rate / (around.reduce((a, b) => a + b, 0) / around.length));
  });
  return ratios;
}

/**
 * examples/s of a lab phase from the moment it was played (at `played.step`, paused there) to the
 * first snapshot at the highest step up to `to` (the snapshot of the landed pause): every step of the
 * phase, the time to resume included, without needing snapshots in between (short phases on a busy
 * machine hold one or two). null without a step trained.
 */
export function playedRate(marks: readonly StepMark[], played: StepMark, to: number, batch: number): number | null {
  const after = marks.filter((m) => m.t > played.t && m.t <= to);
  if (after.length === 0) return null;
  const high = Math.max(...after.map((m) => m.step));
  const last = after.filter((m) => m.step === high).reduce((a, b) => (b.t < a.t ? b : a));
  if (high <= played.step || last.t <= played.t) return null;
  return ((high - played.step) * batch * 1000) / (last.t - played.t);
}
