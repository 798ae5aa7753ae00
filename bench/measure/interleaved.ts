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

/** examples/s between the first and the last mark inside [from, to), or null with fewer than two steps apart. */
export function phaseRate(marks: readonly StepMark[], from: number, to: number, batch: number): number | null {
  const inside = marks.filter((m) => m.t >= from && m.t < to);
  if (inside.length < 2) return null;
  const first = inside[0];
  const last = inside[inside.length - 1];
  if (last.step <= first.step || last.t <= first.t) return null;
  return ((last.step - first.step) * batch * 1000) / (last.t - first.t);
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
