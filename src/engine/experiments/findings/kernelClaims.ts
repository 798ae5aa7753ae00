/**
 * The three tangent-kernel claims (docs/method.md, "The tangent kernel"): the kernel moves fast early
 * and then settles (Fort et al.), a network linearized in its weights late trains about as well as
 * the real one and linearized early does not (Fort et al.), and a wider network's kernel moves less
 * (Liu, Zhu & Belkin). Each is read from runs without the prior, over seeds, on a 2-D task and an
 * image task at least, with its rule fixed here before any of these runs was trained.
 */
import { kernelCurve, settlingAt } from '../../ntk/kernelCurve';
import type { EvalPoint } from '../../training/snapshot';
import { finalTestAccuracy, median } from '../linearizationGrid';
import { enoughSeeds, measurement, overallOfParts, pct, SEED_SHARE, shows, type SettingResult } from './rules';
import { formatSpread, spread } from './stats';
import { lateStartStep, LR, runConfig, TASKS, type RunSetting, type Task } from './tasks';
import type { Claim, FindingRun, Measurement, Outcomes, Table } from './types';

/** The real network of a task: its network, learning rate LR, no prior; `hidden` for the width sweep. */
const plainSetting = (task: Task, seed: number, hidden?: number[]): RunSetting => ({ task, learningRate: LR, lambda: 0, schedule: 'none', seed, ...(hidden ? { hidden } : {}) });
/** The real network's kernel is read; a linearized one's is frozen from its step t on and not measured after it. */
const plainRun = (task: Task, seed: number, hidden?: number[], linearizeAt: number | null = null): FindingRun =>
  linearizeAt === null ? { config: runConfig(plainSetting(task, seed, hidden)), kernel: true } : { config: runConfig(plainSetting(task, seed, hidden)), linearizeAt };
const history = (outcomes: Outcomes, task: Task, seed: number, hidden?: number[], linearizeAt: number | null = null): EvalPoint[] =>
  outcomes(runConfig(plainSetting(task, seed, hidden)), linearizeAt).history;

const seedCount = (flags: readonly boolean[]) => flags.filter(Boolean).length;
const ofSeeds = (count: number, seeds: number) => `${count} of ${seeds}`;
const mean = (values: readonly number[]) => spread(values)?.mean ?? NaN;
const share = (v: number) => (Number.isFinite(v) ? `${Math.round(100 * v)} %` : 'n/a');
const spreadShare = (values: readonly number[]): string => {
  const s = spread(values);
  return s ? `${share(s.mean)} (${share(s.min)} to ${share(s.max)})` : 'n/a';
};
const spreadSteps = (values: readonly number[]): string => {
  const s = spread(values);
  return s ? `${Math.round(s.mean)} (${s.min} to ${s.max})` : 'n/a';
};
const spreadPercent = (values: readonly number[]): string => {
  const s = spread(values);
  return s ? `${pct(s.mean)} (${pct(s.min)} to ${pct(s.max)})` : 'n/a';
};

// ---------------------------------------------------------------------------------------------
/** The kernel has settled once its velocity is below this share of the run's peak velocity. */
export const SETTLED_SHARE = 0.25;
/** ...and it must get there within this share of training ("early"). */
export const SETTLE_WITHIN = 0.2;

export interface Settling {
  totalSteps: number;
  /** The largest velocity measured (per 100 steps) and where. */
  peak: number;
  peakStep: number;
  /** The first measurement after the peak with velocity below SETTLED_SHARE of it; null if none. */
  settleStep: number | null;
  /** Median velocity over the second half of training, as a share of the peak. */
  secondHalfShare: number | null;
  /** Velocity over the 100 steps before `priorOnStep`, as a share of the peak. */
  atPriorOn: number | null;
}

/** How a run's kernel velocity rose and settled, read from its evaluations. */
export function settling(evaluations: readonly EvalPoint[], priorOnStep: number): Settling | null {
  const curve = kernelCurve(evaluations).filter((p) => p.velocity !== null && Number.isFinite(p.velocity));
  if (curve.length < 2) return null;
  const totalSteps = curve[curve.length - 1].step;
  const top = curve.reduce((best, p) => ((p.velocity as number) > (best.velocity as number) ? p : best));
  const peak = top.velocity as number;
  if (!(peak > 0)) return null;
  const settled = curve.find((p) => p.step > top.step && (p.velocity as number) < SETTLED_SHARE * peak);
  const secondHalf = median(curve.filter((p) => p.step > totalSteps / 2).map((p) => p.velocity as number));
  return {
    totalSteps,
    peak,
    peakStep: top.step,
    settleStep: settled?.step ?? null,
    secondHalfShare: secondHalf === null ? null : secondHalf / peak,
    atPriorOn: settlingAt(kernelCurve(evaluations), priorOnStep).fractionOfPeak,
  };
}

/** Early: settled within SETTLE_WITHIN of training. Small after: the second half's median below SETTLED_SHARE of the peak. */
export const settlesEarly = (s: Settling | null): boolean => s !== null && s.settleStep !== null && s.settleStep <= SETTLE_WITHIN * s.totalSteps;
export const staysSmall = (s: Settling | null): boolean => s !== null && s.secondHalfShare !== null && s.secondHalfShare <= SETTLED_SHARE;

const SETTLE_TASKS = [TASKS.spirals3, TASKS.spirals5, TASKS.mnist, TASKS.fashion];

export const kernelSettles: Claim = {
  id: 'kernel-settle',
  title: 'When does the kernel settle?',
  runs: (seeds) => SETTLE_TASKS.flatMap((task) => seeds.map((seed) => plainRun(task, seed))),
  followUps: () => [],
  analyze(seeds, outcomes) {
    const rows: string[][] = [];
    const results: SettingResult[] = [];
    const notes: string[] = [];
    const measurements: Record<string, Measurement> = {};
    for (const task of SETTLE_TASKS) {
      const priorOn = lateStartStep(task);
      const readings = seeds.map((seed) => settling(history(outcomes, task, seed), priorOn));
      const early = readings.map(settlesEarly);
      const small = readings.map(staysSmall);
      const settleSteps = readings.map((r) => r?.settleStep ?? NaN);
      const after = readings.map((r) => r !== null && r.settleStep !== null && r.settleStep <= priorOn);
      const result: SettingResult = enoughSeeds(seedCount(early), seeds.length) && enoughSeeds(seedCount(small), seeds.length)
        ? 'yes'
        : enoughSeeds(seedCount(early), seeds.length) || enoughSeeds(seedCount(small), seeds.length) ? 'in part' : 'no';
      results.push(result);
      const accuracy = seeds.map((seed) => finalTestAccuracy(history(outcomes, task, seed)) ?? NaN);
      measurements[`${task.id} peak velocity`] = measurement(readings.map((r) => r?.peak ?? NaN), seeds.length);
      measurements[`${task.id} peak step`] = measurement(readings.map((r) => r?.peakStep ?? NaN), seeds.length);
      measurements[`${task.id} settle step`] = measurement(settleSteps, seeds.length, seedCount(early));
      measurements[`${task.id} second-half velocity share of peak`] = measurement(readings.map((r) => r?.secondHalfShare ?? NaN), seeds.length, seedCount(small));
      measurements[`${task.id} velocity at late prior-on share of peak`] = measurement(readings.map((r) => r?.atPriorOn ?? NaN), seeds.length, seedCount(after));
      measurements[`${task.id} final test accuracy`] = measurement(accuracy, seeds.length);
      rows.push([
        task.label,
        formatSpread(spread(readings.map((r) => r?.peak ?? NaN)), 3, false),
        spreadSteps(readings.map((r) => r?.peakStep ?? NaN)),
        `${spreadSteps(settleSteps)}; by ${Math.round(SETTLE_WITHIN * (readings.find((r) => r)?.totalSteps ?? 0))}: ${ofSeeds(seedCount(early), seeds.length)}`,
        `${spreadShare(readings.map((r) => r?.secondHalfShare ?? NaN))}; ≤ ${share(SETTLED_SHARE)}: ${ofSeeds(seedCount(small), seeds.length)}`,
        `${priorOn}: ${spreadShare(readings.map((r) => r?.atPriorOn ?? NaN))}; settled before it on ${ofSeeds(seedCount(after), seeds.length)}`,
        spreadPercent(accuracy),
        result,
      ]);
      notes.push(`${task.label} ${result === 'yes' ? 'settles' : result === 'in part' ? 'in part' : 'does not settle'} (settled by ${spreadSteps(settleSteps).replace(/ \(.*/, '')} of ${readings.find((r) => r)?.totalSteps ?? '?'} steps on average; the late prior comes on at ${priorOn}, after the kernel settled on ${ofSeeds(seedCount(after), seeds.length)} seeds)`);
    }
    return {
      id: this.id,
      title: this.title,
      claim:
        'The data-dependent tangent kernel moves fast early in training and then settles (Fort et al. 2020), so a prior switched on late acts on a network whose kernel has stopped changing much.',
      method:
        `Each task's network trains without the prior (learning rate ${LR}); the tangent kernel on 64 test examples is measured every 100 steps, and its velocity (distance between consecutive kernels per 100 steps) read. ` +
        `A run settles early when its velocity falls below ${share(SETTLED_SHARE)} of its peak within the first ${share(SETTLE_WITHIN)} of training, and stays small when the median velocity over the second half of training is at most ${share(SETTLED_SHARE)} of the peak. ` +
        `A task shows the claim when both hold on at least ${SEED_SHARE * 100} % of the seeds, in part when one does. ` +
        'Where the late schedule of the other claims switches its prior on is read off the same runs: before its prior comes on, a late run is this run (same seed, init and data order, λ 0).',
      verdict: overallOfParts(results),
      summary: notes.join('; ') + '.',
      tables: [{
        headers: ['task', 'peak velocity', 'peak at step', 'settle step (velocity < ¼ peak)', 'second half: median velocity / peak', 'late prior-on step: velocity / peak there', 'final test accuracy', 'shows'],
        rows,
      }],
      measurements,
    };
  },
};

// ---------------------------------------------------------------------------------------------
/** Linearized at step 0, the network must end at least this many points below the real one ("large"). */
export const LARGE_GAP_POINTS = 5;
/** Linearized at the latest step, at most this many points below it ("small"). */
export const SMALL_GAP_POINTS = 2;

/** The 2-D tasks only: a linearized MNIST run costs about as much as three real ones on two shared cores. */
const LINEARIZE_TASKS = [TASKS.spirals3, TASKS.spirals5];
/** Step 0 and the late schedule's prior-on step. */
export const linearizeSteps = (task: Task): number[] => [0, lateStartStep(task)];

/**
 * The linearization and width claims read the first three of the command's seeds: their runs cost
 * several of the others' each on the two cores the report is made on.
 */
export const KERNEL_CLAIM_SEEDS = 3;
const firstSeeds = (seeds: readonly number[]) => seeds.slice(0, KERNEL_CLAIM_SEEDS);

export interface GapReading {
  /** Per step t of the grid: real minus linearized final test accuracy, in points, per seed. */
  gaps: Map<number, number[]>;
  result: SettingResult;
  /** The first t of the grid from which the mean gap stays at most SMALL_GAP_POINTS; null if never. */
  closesAt: number | null;
}

export function readGaps(steps: readonly number[], gaps: Map<number, number[]>, seeds: number): GapReading {
  const first = gaps.get(steps[0]) ?? [];
  const latest = gaps.get(steps[steps.length - 1]) ?? [];
  const large = enoughSeeds(first.filter((g) => g >= LARGE_GAP_POINTS).length, seeds) && mean(first) >= LARGE_GAP_POINTS;
  const small = enoughSeeds(latest.filter((g) => g <= SMALL_GAP_POINTS).length, seeds) && mean(latest) <= SMALL_GAP_POINTS;
  let closesAt: number | null = null;
  for (let i = steps.length - 1; i >= 0 && mean(gaps.get(steps[i]) ?? []) <= SMALL_GAP_POINTS; i--) closesAt = steps[i];
  return { gaps, result: large && small ? 'yes' : large || small ? 'in part' : 'no', closesAt };
}

export const linearizeEarlyLate: Claim = {
  id: 'linearize',
  title: 'Linearize the weights early vs late',
  runs: (allSeeds) =>
    LINEARIZE_TASKS.flatMap((task) => firstSeeds(allSeeds).flatMap((seed) => [plainRun(task, seed), ...linearizeSteps(task).map((t) => plainRun(task, seed, undefined, t))])),
  followUps: () => [],
  analyze(allSeeds, outcomes) {
    const seeds = firstSeeds(allSeeds);
    const rows: string[][] = [];
    const results: SettingResult[] = [];
    const notes: string[] = [];
    const measurements: Record<string, Measurement> = {};
    for (const task of LINEARIZE_TASKS) {
      const steps = linearizeSteps(task);
      const real = seeds.map((seed) => finalTestAccuracy(history(outcomes, task, seed)) ?? NaN);
      measurements[`${task.id} real final test accuracy`] = measurement(real, seeds.length);
      const gaps = new Map<number, number[]>();
      for (const t of steps) {
        const linear = seeds.map((seed) => finalTestAccuracy(history(outcomes, task, seed, undefined, t)) ?? NaN);
        const gap = linear.map((a, i) => 100 * (real[i] - a));
        gaps.set(t, gap);
        measurements[`${task.id} linearized at step ${t} final test accuracy`] = measurement(linear, seeds.length);
        measurements[`${task.id} linearized at step ${t} gap`] = measurement(gap, seeds.length);
        rows.push([task.label, String(t), spreadPercent(linear), spreadPercent(real), formatSpread(spread(gap)), `${ofSeeds(gap.filter((g) => g > 0).length, seeds.length)}`]);
      }
      const reading = readGaps(steps, gaps, seeds.length);
      results.push(reading.result);
      rows.push([task.label, 'shows', reading.result, '', '', '']);
      notes.push(
        `${task.label}: linearized at step 0 the network ends ${formatSpread(spread(gaps.get(0) ?? []))} points below the real one, at step ${steps[steps.length - 1]} ` +
          `${formatSpread(spread(gaps.get(steps[steps.length - 1]) ?? []))} (${reading.result === 'yes' ? 'shows' : reading.result === 'in part' ? 'shows in part' : 'does not show'}` +
          `${reading.closesAt === null ? '; the gap never closes to ' + SMALL_GAP_POINTS + ' points' : `; within ${SMALL_GAP_POINTS} points from step ${reading.closesAt} on`})`,
      );
    }
    return {
      id: this.id,
      title: this.title,
      claim:
        'A network linearized in its weights at step t, f(x; θ_t) + J(x; θ_t)(θ − θ_t), trained on to the end, ends almost as accurate as the real network when t is late and clearly worse when t is early (Fort et al. 2020).',
      method:
        `Each task's network trains without the prior (learning rate ${LR}); per seed, the same run is linearized at step t ` +
        `for t = 0 and the late schedule's prior-on step (${LINEARIZE_TASKS.map((t) => `${t.label} ${lateStartStep(t)}`).join(', ')}), and trained on to the end with the same optimizer and data order, ` +
        `on the first ${KERNEL_CLAIM_SEEDS} seeds (a linearized run costs more than a real one). ` +
        'Gap = real minus linearized final test accuracy, in points. ' +
        `A task shows the claim when the gap at t = 0 is at least ${LARGE_GAP_POINTS} points and the gap at the latest t at most ${SMALL_GAP_POINTS} points, each on average and on at least ${SEED_SHARE * 100} % of the seeds; in part when one of the two holds.`,
      verdict: overallOfParts(results),
      summary: notes.join('; ') + '.',
      tables: [{ headers: ['task', 'linearized at step t', 'linearized: final test accuracy', 'real network', 'gap, points', 'real ahead'], rows }],
      measurements,
    };
  },
};

// ---------------------------------------------------------------------------------------------
/** Every hidden layer at each width; the task's own width is one of them. */
export const WIDTH_GRIDS: [Task, number[]][] = [
  [TASKS.spirals5, [12, 48]],
  [TASKS.mnist, [16, 64]],
];

const hiddenAt = (task: Task, width: number) => task.hidden.map(() => width);

/** d(K_0, K_end): the run's last measured kernel distance from init. */
export function finalKernelDistance(evaluations: readonly EvalPoint[]): number | null {
  return kernelCurve(evaluations).at(-1)?.distance ?? null;
}

/** Per width (in order), the final kernel distance per seed: yes when it falls end to end on enough seeds and its mean falls at every step. */
export function readWidths(distances: readonly number[][], seeds: number): { result: SettingResult; endToEnd: number[]; monotone: boolean } {
  const narrow = distances[0] ?? [];
  const wide = distances[distances.length - 1] ?? [];
  const endToEnd = narrow.map((d, i) => d - wide[i]);
  const means = distances.map(mean);
  const monotone = means.every((m, i) => i === 0 || m < means[i - 1]);
  const falls = shows(endToEnd, seeds);
  return { result: falls && monotone ? 'yes' : falls ? 'in part' : 'no', endToEnd, monotone };
}

export const widerIsMoreLinear: Claim = {
  id: 'widths',
  title: 'Wider is more linear',
  runs: (allSeeds) => WIDTH_GRIDS.flatMap(([task, widths]) => widths.flatMap((w) => firstSeeds(allSeeds).map((seed) => plainRun(task, seed, hiddenAt(task, w))))),
  followUps: () => [],
  analyze(allSeeds, outcomes) {
    const seeds = firstSeeds(allSeeds);
    const tables: Table[] = [];
    const results: SettingResult[] = [];
    const notes: string[] = [];
    const measurements: Record<string, Measurement> = {};
    for (const [task, widths] of WIDTH_GRIDS) {
      const rows: string[][] = [];
      const distances = widths.map((w) => seeds.map((seed) => finalKernelDistance(history(outcomes, task, seed, hiddenAt(task, w))) ?? NaN));
      widths.forEach((w, i) => {
        const accuracy = seeds.map((seed) => finalTestAccuracy(history(outcomes, task, seed, hiddenAt(task, w))) ?? NaN);
        measurements[`${task.id} width ${w} final kernel distance`] = measurement(distances[i], seeds.length);
        measurements[`${task.id} width ${w} final test accuracy`] = measurement(accuracy, seeds.length);
        const fewer = i === 0 ? '–' : ofSeeds(distances[i].filter((d, s) => d < distances[i - 1][s]).length, seeds.length);
        rows.push([String(w), formatSpread(spread(distances[i]), 3, false), fewer, spreadPercent(accuracy)]);
      });
      const reading = readWidths(distances, seeds.length);
      const key = `${task.id} width ${widths[0]} minus width ${widths[widths.length - 1]} final kernel distance`;
      measurements[key] = measurement(reading.endToEnd, seeds.length);
      results.push(reading.result);
      tables.push({ caption: `${task.label}: ${task.hidden.length} hidden layers at each width`, headers: ['width', 'kernel distance from init at the end', 'below the next narrower width', 'final test accuracy'], rows });
      notes.push(
        `${task.label}: from width ${widths[0]} to ${widths[widths.length - 1]} the distance at the end fell by ${formatSpread(spread(reading.endToEnd), 3)} ` +
          `(on ${ofSeeds(reading.endToEnd.filter((d) => d > 0).length, seeds.length)} seeds), ${reading.monotone ? 'its mean falling at every width' : 'but its mean did not fall at every width'} ` +
          `(${reading.result === 'yes' ? 'shows' : reading.result === 'in part' ? 'shows in part' : 'does not show'})`,
      );
    }
    return {
      id: this.id,
      title: this.title,
      claim: 'The wider the network, the less its tangent kernel moves during training: a transition to linearity with width (Liu, Zhu & Belkin 2020).',
      method:
        `Each task's network, every hidden layer at each width (${WIDTH_GRIDS.map(([t, w]) => `${t.label} ${w.join(' and ')}`).join('; ')}: the task's own width and four times it, or a quarter of it and its own), trains without the prior (learning rate ${LR}) on the first ${KERNEL_CLAIM_SEEDS} seeds; the kernel's distance from its initialization at the end of training is read. ` +
        `A task shows the claim when the widest network's kernel moved less than the narrowest's on at least ${SEED_SHARE * 100} % of the seeds (and on average), and the mean distance falls from each width to the next; in part when only the first holds.`,
      verdict: overallOfParts(results),
      summary: notes.join('; ') + '.',
      tables,
      measurements,
    };
  },
};

