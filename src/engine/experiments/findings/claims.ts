/**
 * The four findings the lab teaches (method.md, "The paper's own findings"), each measured over seeds
 * on two tasks and two prior strengths, with the rule that decides whether it holds stated in the
 * report beside the numbers; the three tangent-kernel claims are in kernelClaims.ts.
 */
import { fanIn, planArchitecture, weightedSummand } from '../../model/architecture';
import { gapAtMatchedApl } from '../earlyLateGap';
import { kernelSettles, linearizeEarlyLate, widerIsMoreLinear } from './kernelClaims';
import { measurement, overall, pct, SEED_SHARE, shows } from './rules';
import { countPositive, formatSpread, spread } from './stats';
import { LR, runConfig, TASKS, type RunSetting, type Task } from './tasks';
import type { Claim, FindingRun, Measurement, Outcomes } from './types';

export { LR, pct, SEED_SHARE };

const LEARNING_RATES = [0.001, 0.003] as const;

const run = (setting: RunSetting): FindingRun => ({ config: runConfig(setting) });
const last = (outcomes: Outcomes, setting: RunSetting) => outcomes(runConfig(setting)).history.at(-1) ?? null;

// ---------------------------------------------------------------------------------------------
const EARLY_LATE_TASKS = [TASKS.spirals5, TASKS.fashion];

function earlyLateSettings(seeds: readonly number[]): Omit<RunSetting, 'schedule'>[] {
  return EARLY_LATE_TASKS.flatMap((task) =>
    LEARNING_RATES.flatMap((learningRate) => task.lambdas.flatMap((lambda) => seeds.map((seed) => ({ task, learningRate, lambda, seed })))),
  );
}

export const earlyVersusLate: Claim = {
  id: 'early-late',
  title: 'Linearizing early costs more than linearizing late',
  runs: (seeds) => earlyLateSettings(seeds).flatMap((s) => [run({ ...s, schedule: 'early' }), run({ ...s, schedule: 'late' })]),
  followUps: () => [],
  analyze(seeds, outcomes) {
    const rows: string[][] = [];
    const held: boolean[] = [];
    const measurements: Record<string, Measurement> = {};
    for (const task of EARLY_LATE_TASKS) {
      for (const learningRate of LEARNING_RATES) {
        for (const lambda of task.lambdas) {
          const readings = seeds.map((seed) => {
            const base = { task, learningRate, lambda, seed };
            return gapAtMatchedApl(outcomes(runConfig({ ...base, schedule: 'early' })).history, outcomes(runConfig({ ...base, schedule: 'late' })).history);
          });
          const gaps = readings.map((r) => r.gapPoints ?? NaN);
          measurements[`${task.id} lr ${learningRate} λ ${lambda} gap`] = measurement(gaps, seeds.length);
          const ok = shows(gaps, seeds.length);
          held.push(ok);
          rows.push([
            task.label, String(learningRate), String(lambda),
            formatSpread(spread(gaps)), `${countPositive(gaps)} of ${seeds.length}`,
            formatSpread(spread(readings.map((r) => r.apl ?? NaN)), 2, false), ok ? 'yes' : 'no',
          ]);
        }
      }
    }
    return {
      id: 'early-late',
      title: this.title,
      claim: 'Reducing nonlinearity early in training costs more accuracy than reducing it late, at the same amount of remaining nonlinearity (the nonlinear advantage).',
      method:
        'Each setting trains one network, seed and λ twice: the prior on from step 0 (early) or only after the network has trained (late: from epoch 20 of 40 on the spirals, 4 of 12 on the images). ' +
        'The two runs are read at matched APL: the larger of their final APLs, each run at its best test accuracy held at or below it after its prior switched on. ' +
        `Gap = late minus early test accuracy there, in points. A setting shows the effect when late leads on average and on at least ${SEED_SHARE * 100} % of the seeds.`,
      verdict: overall(held),
      summary:
        `The effect shows in ${held.filter(Boolean).length} of ${held.length} settings (task × learning rate × λ): ` +
        EARLY_LATE_TASKS.map((t, i) => `${t.label} ${held.slice(i * 4, i * 4 + 4).filter(Boolean).length} of 4`).join(', ') +
        '. Where it does not show, compare how much the task needs nonlinearity at all (the collapse section: a linear MNIST model keeps ~90 %).',
      tables: [{ headers: ['task', 'lr', 'λ', 'gap, points: mean (range)', 'late ahead', 'matched APL', 'shows'], rows }],
      measurements,
    };
  },
};

// ---------------------------------------------------------------------------------------------
const TASK_PAIRS: [easy: Task, hard: Task][] = [
  [TASKS.spirals3, TASKS.spirals5],
  [TASKS.mnist, TASKS.fashion],
];

export const harderTaskBiggerCore: Claim = {
  id: 'harder-task',
  title: 'A harder task keeps a bigger core',
  runs: (seeds) =>
    TASK_PAIRS.flatMap((pair) =>
      pair[0].lambdas.flatMap((lambda) => seeds.flatMap((seed) => pair.map((task) => run({ task, learningRate: LR, lambda, seed, schedule: 'late' })))),
    ),
  followUps: () => [],
  analyze(seeds, outcomes) {
    const rows: string[][] = [];
    const held: boolean[] = [];
    const measurements: Record<string, Measurement> = {};
    for (const [easy, hard] of TASK_PAIRS) {
      for (const lambda of easy.lambdas) {
        const final = (task: Task, seed: number) => last(outcomes, { task, learningRate: LR, lambda, seed, schedule: 'late' });
        const easyApl = seeds.map((seed) => final(easy, seed)?.aplNormalized ?? NaN);
        const hardApl = seeds.map((seed) => final(hard, seed)?.aplNormalized ?? NaN);
        const diff = hardApl.map((h, i) => h - easyApl[i]);
        measurements[`${hard.id} vs ${easy.id} λ ${lambda} final APL difference`] = measurement(diff, seeds.length);
        measurements[`${easy.id} λ ${lambda} final APL`] = measurement(easyApl, seeds.length);
        measurements[`${hard.id} λ ${lambda} final APL`] = measurement(hardApl, seeds.length);
        const ok = shows(diff, seeds.length);
        held.push(ok);
        rows.push([
          `${hard.label} vs ${easy.label}`, String(lambda),
          formatSpread(spread(easyApl), 2, false), formatSpread(spread(hardApl), 2, false),
          formatSpread(spread(diff), 2), `${countPositive(diff)} of ${seeds.length}`, ok ? 'yes' : 'no',
        ]);
      }
    }
    return {
      id: 'harder-task',
      title: this.title,
      claim: 'The surviving nonlinear units form a core network whose size depends on the task: larger for harder tasks.',
      method:
        `Both tasks of a pair train the same network with the same λ, late schedule and learning rate ${LR}; ` +
        `the final normalized APL measures the core. A setting shows the effect when the harder task ends with the larger APL on average and on at least ${SEED_SHARE * 100} % of the seeds.`,
      verdict: overall(held),
      summary: `The harder task kept the larger core in ${held.filter(Boolean).length} of ${held.length} settings.`,
      tables: [{ headers: ['pair', 'λ', 'easy: final APL', 'hard: final APL', 'hard − easy', 'hard larger', 'shows'], rows }],
      measurements,
    };
  },
};

// ---------------------------------------------------------------------------------------------
const COLLAPSE_GRIDS: [Task, number[]][] = [
  [TASKS.spirals3, [0, 1, 3, 10, 30, 100]],
  [TASKS.mnist, [0, 0.3, 1, 3, 10, 30]],
];

/** Accuracy lost while APL falls from its top to half of it, over accuracy lost in all (mean curve). */
export function collapseShape(points: readonly { apl: number; accuracy: number }[]): { upperShare: number; totalDrop: number; lowestApl: number; topApl: number } | null {
  const byApl = [...points].filter((p) => Number.isFinite(p.apl) && Number.isFinite(p.accuracy)).sort((a, b) => b.apl - a.apl);
  if (byApl.length < 3) return null;
  const top = byApl[0];
  const bottom = byApl[byApl.length - 1];
  const half = top.apl / 2;
  const accuracyAt = (apl: number): number => {
    for (let i = 0; i < byApl.length - 1; i++) {
      const a = byApl[i];
      const b = byApl[i + 1];
      if (apl <= a.apl && apl >= b.apl) return a.apl === b.apl ? b.accuracy : a.accuracy + ((apl - a.apl) / (b.apl - a.apl)) * (b.accuracy - a.accuracy);
    }
    return bottom.accuracy;
  };
  const totalDrop = top.accuracy - bottom.accuracy;
  const upperDrop = top.accuracy - accuracyAt(Math.max(half, bottom.apl));
  return { upperShare: totalDrop > 0 ? upperDrop / totalDrop : NaN, totalDrop, lowestApl: bottom.apl, topApl: top.apl };
}

export const collapse: Claim = {
  id: 'collapse',
  title: 'Accuracy falls slowly with APL, then collapses',
  runs: (seeds) =>
    COLLAPSE_GRIDS.flatMap(([task, lambdas]) =>
      lambdas.flatMap((lambda) => seeds.map((seed) => run({ task, learningRate: LR, lambda, seed, schedule: lambda === 0 ? 'none' : 'late' }))),
    ),
  followUps: () => [],
  analyze(seeds, outcomes) {
    const tables = [];
    const held: boolean[] = [];
    const notes: string[] = [];
    const measurements: Record<string, Measurement> = {};
    for (const [task, lambdas] of COLLAPSE_GRIDS) {
      const rows: string[][] = [];
      const means: { apl: number; accuracy: number }[] = [];
      for (const lambda of lambdas) {
        const finals = seeds.map((seed) => last(outcomes, { task, learningRate: LR, lambda, seed, schedule: lambda === 0 ? 'none' : 'late' }));
        const apl = spread(finals.map((f) => f?.aplNormalized ?? NaN));
        const accuracy = spread(finals.map((f) => f?.testAccuracy ?? NaN));
        const name = `${task.id} ${lambda === 0 ? 'no prior' : `λ ${lambda} late`}`;
        measurements[`${name} final APL`] = measurement(finals.map((f) => f?.aplNormalized ?? NaN), seeds.length);
        measurements[`${name} final test accuracy`] = measurement(finals.map((f) => f?.testAccuracy ?? NaN), seeds.length);
        if (apl && accuracy) means.push({ apl: apl.mean, accuracy: accuracy.mean });
        rows.push([String(lambda), formatSpread(apl, 2, false), accuracy ? `${pct(accuracy.mean)} (${pct(accuracy.min)} to ${pct(accuracy.max)})` : 'n/a', bar(accuracy?.mean ?? 0)]);
      }
      const shape = collapseShape(means);
      const ok = shape !== null && shape.totalDrop >= 0.05 && shape.upperShare <= 1 / 3 && shape.lowestApl <= shape.topApl / 4;
      held.push(ok);
      notes.push(
        shape
          ? `${task.label}: ${pct(shape.totalDrop).replace(' %', '')} points lost from APL ${shape.topApl.toFixed(2)} to ${shape.lowestApl.toFixed(2)}, ` +
              `${Number.isFinite(shape.upperShare) ? Math.round(100 * shape.upperShare) : 'n/a'} % of it in the upper half of the APL range`
          : `${task.label}: too few points`,
      );
      tables.push({ caption: task.label, headers: ['λ', 'final APL: mean (range)', 'test accuracy: mean (range)', ''], rows });
    }
    return {
      id: 'collapse',
      title: this.title,
      claim: 'As the pressure rises, accuracy decays slowly with effective depth (APL), then collapses suddenly.',
      method:
        `A grid of λ, late schedule, learning rate ${LR}; each point is the mean over seeds of the final normalized APL and test accuracy (the frontier). ` +
        'The shape holds when the accuracy lost while APL falls from its top to half of it is at most a third of all that is lost, the grid reaches a quarter of the top APL, and at least 5 points are lost in all.',
      verdict: overall(held),
      summary: notes.join('; ') + '.',
      tables,
      measurements,
    };
  },
};

function bar(accuracy: number): string {
  return '█'.repeat(Math.max(0, Math.round(accuracy * 20)));
}

// ---------------------------------------------------------------------------------------------
const CORE_TASKS = [TASKS.spirals5, TASKS.fashion];
/** The sparsified network's prior: the task's weaker λ (which keeps most of the accuracy), late schedule. */
const coreLambda = (task: Task) => task.lambdas[0];

/**
 * The depth of the plain network compared with a sparsified one: its APL (the paper's effective
 * depth: the mean number of nonlinear channels on a path) rounded, at least one hidden layer.
 */
export const plainDepth = (apl: number): number => Math.max(1, Math.round(apl));

/** Trainable parameters of an MLP on a task (weights, biases and gate slopes). */
export function mlpParameterCount(hidden: readonly number[], inputSize: number, classes: number): number {
  const plan = planArchitecture({ kind: 'mlp', hidden: [...hidden], conv: [], residual: false }, [inputSize], classes);
  let count = plan.gatedChannels.reduce((a, b) => a + b, 0);
  for (const layer of plan.layers) {
    const summand = weightedSummand(layer);
    if (summand) count += fanIn(summand) * layer.channels + layer.channels;
  }
  return count;
}

/** The width w at which `depth` hidden layers of w have about `target` parameters (never below 1). */
export function widthForParameters(depth: number, inputSize: number, classes: number, target: number): number {
  let w = 1;
  while (mlpParameterCount(new Array<number>(depth).fill(w + 1), inputSize, classes) <= target) w++;
  const below = mlpParameterCount(new Array<number>(depth).fill(w), inputSize, classes);
  const above = mlpParameterCount(new Array<number>(depth).fill(w + 1), inputSize, classes);
  return target - below <= above - target ? w : w + 1;
}

const taskShape = (task: Task): [number, number] =>
  task.dataset.kind === 'spirals' ? [2, task.dataset.classes] : [784, 10];

function plainNetworks(task: Task, depth: number): { sameWidth: number[]; matched: number[] } {
  const [input, classes] = taskShape(task);
  const width = widthForParameters(depth, input, classes, mlpParameterCount(task.hidden, input, classes));
  return { sameWidth: new Array<number>(depth).fill(task.hidden[0]), matched: new Array<number>(depth).fill(width) };
}

const sparseSetting = (task: Task, seed: number): RunSetting => ({ task, learningRate: LR, lambda: coreLambda(task), seed, schedule: 'late' });
const plainSetting = (task: Task, seed: number, hidden: number[]): RunSetting => ({ task, learningRate: LR, lambda: 0, seed, schedule: 'none', hidden });

export const coreIsSpecial: Claim = {
  id: 'core-special',
  title: 'Is the core special?',
  runs: (seeds) => CORE_TASKS.flatMap((task) => seeds.map((seed) => run(sparseSetting(task, seed)))),
  followUps(seeds, outcomes) {
    return CORE_TASKS.flatMap((task) =>
      seeds.flatMap((seed) => {
        const final = outcomes(runConfig(sparseSetting(task, seed))).history.at(-1);
        if (!final) return [];
        const plain = plainNetworks(task, plainDepth(final.aplNormalized));
        return [run(plainSetting(task, seed, plain.sameWidth)), run(plainSetting(task, seed, plain.matched))];
      }),
    );
  },
  analyze(seeds, outcomes) {
    const rows: string[][] = [];
    const held: boolean[] = [];
    const summaries: string[] = [];
    const measurements: Record<string, Measurement> = {};
    for (const task of CORE_TASKS) {
      const gaps: number[] = [];
      const narrowGaps: number[] = [];
      for (const seed of seeds) {
        const sparse = outcomes(runConfig(sparseSetting(task, seed)));
        const final = sparse.history.at(-1);
        const sparseAccuracy = final?.testAccuracy ?? NaN;
        if (!final) {
          rows.push([task.label, String(seed), 'n/a', 'n/a', '–', '–', '–']);
          gaps.push(NaN);
          narrowGaps.push(NaN);
          continue;
        }
        const depth = plainDepth(final.aplNormalized);
        const plain = plainNetworks(task, depth);
        const same = outcomes(runConfig(plainSetting(task, seed, plain.sameWidth))).history.at(-1)?.testAccuracy ?? NaN;
        const matched = outcomes(runConfig(plainSetting(task, seed, plain.matched))).history.at(-1)?.testAccuracy ?? NaN;
        gaps.push(100 * (sparseAccuracy - matched));
        narrowGaps.push(100 * (sparseAccuracy - same));
        rows.push([
          task.label, String(seed), pct(sparseAccuracy),
          `${final.aplNormalized.toFixed(2)} → ${depth} (nonlinear per layer: ${sparse.effectiveWidth.join(', ')})`,
          pct(same), `${pct(matched)} (width ${plain.matched[0]})`, (100 * (sparseAccuracy - matched)).toFixed(1),
        ]);
      }
      measurements[`${task.id} λ ${coreLambda(task)} sparsified minus matched plain`] = measurement(gaps, seeds.length);
      measurements[`${task.id} λ ${coreLambda(task)} sparsified minus same-width plain`] = measurement(narrowGaps, seeds.length);
      const ok = shows(gaps, seeds.length);
      held.push(ok);
      summaries.push(
        `${task.label}: sparsified minus matched plain ${formatSpread(spread(gaps))} points, ahead on ${countPositive(gaps)} of ${seeds.length} seeds ` +
          `(against the plain network as narrow as the original: ${formatSpread(spread(narrowGaps))}, ahead on ${countPositive(narrowGaps)})`,
      );
    }
    return {
      id: 'core-special',
      title: this.title,
      claim:
        'A sparsified network beats a plain network as deep as its core, even when the plain one is widened to a comparable parameter count: the linear layers around the core are not dead weight.',
      method:
        `The sparsified network: the task's network with its weaker λ (${CORE_TASKS.map((t) => `${t.label} ${coreLambda(t)}`).join(', ')}) and the late schedule, learning rate ${LR}. Its final APL, the mean number of nonlinear channels on a path (the paper's effective depth), rounded and at least 1, gives the depth d. ` +
        'Two plain networks of d hidden layers train with λ 0 (gates start as ReLUs; only the task moves them) from the same seed: one as wide as the original layers, one widened until its parameter count (weights, biases, slopes) matches the original network. ' +
        `The claim shows on a task when the sparsified network is more accurate than the matched plain one on average and on at least ${SEED_SHARE * 100} % of the seeds.`,
      verdict: overall(held),
      summary: summaries.join('; ') + '.',
      tables: [{ headers: ['task', 'seed', 'sparsified: test accuracy', 'APL → depth d', 'plain d × original width', 'plain d × matched width', 'sparsified − matched, points'], rows }],
      measurements,
    };
  },
};

export const CLAIMS: readonly Claim[] = [earlyVersusLate, harderTaskBiggerCore, collapse, coreIsSpecial, kernelSettles, linearizeEarlyLate, widerIsMoreLinear];
