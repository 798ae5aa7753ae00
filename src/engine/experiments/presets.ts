/**
 * Teaching presets: each is one config (its link) and, for comparisons, the runs to overlay. Every
 * preset is a setting that `npm run findings` measures over seeds (four; the first three for the
 * linearized and width runs; src/engine/experiments/findings), and its text quotes those
 * measurements from docs/findings.json, so regenerating the
 * report updates what the presets say; presets.test.ts holds each preset to its setting.
 */
import findings from '../../../docs/findings.json';
import type { ExperimentConfig } from '../config/types';
import { plainDepth, widthForParameters, mlpParameterCount } from './findings/claims';
import { linearizeSteps, WIDTH_GRIDS } from './findings/kernelClaims';
import { lateStartStep, runConfig, TASKS, type RunSetting } from './findings/tasks';
import { linearizationRuns } from './kernelRuns';
import type { Measurement } from './findings/types';
import { earlyVersusLate, lateSchedule } from './schedules';

export interface PresetRun {
  id: string;
  label: string;
  config: ExperimentConfig;
  /** Linearize the network in its weights from this step on (the "linearize at step t" comparison). */
  linearizeAt?: number | null;
  /** The hidden width of this run (the width sweep). */
  width?: number;
}

/** A number the preset's text quotes: a measurement of docs/findings.json. */
export interface PresetEvidence {
  claim: string;
  key: string;
  /** The text claims an effect (it must show on at least three quarters of the seeds), or only quotes a value. */
  effect: boolean;
}

export interface Preset {
  id: string;
  title: string;
  /** Two or three sentences shown on the page. */
  explanation: string;
  /** What the preset's link opens in the lab. */
  config: ExperimentConfig;
  /** Runs to overlay in the compare view; empty for presets meant for the lab itself. */
  runs: PresetRun[];
  /**
   * Which comparison of the Compare tab runs them: early vs late's overlay (the default), the
   * linearize-at-step-t plot or the width sweep.
   */
  comparison?: 'overlay' | 'linearize' | 'widths';
  /** The findings settings the preset is (seed 1 of each), for the test that holds it to them. */
  settings: RunSetting[];
  evidence: PresetEvidence[];
  /** Opens in slow mode (its link says `pace=slow`): what it shows happens within a few seconds at full speed. */
  slow?: boolean;
}

type FindingsFile = { claims: Record<string, { measurements: Record<string, Measurement> }> };

export function measured(claim: string, key: string): Measurement {
  const m = (findings as FindingsFile).claims[claim]?.measurements[key];
  if (!m) throw new Error(`docs/findings.json has no measurement "${key}" for ${claim}: run npm run findings`);
  return m;
}

const points = (v: number) => `${v > 0 ? '+' : v < 0 ? '−' : ''}${Math.abs(v).toFixed(1)}`;
/** "+11.5 to +25.7 points" */
export const pointsRange = (m: Measurement) => `${points(m.min)} to ${points(m.max)} points`;
/** "96.5–98.7 %" */
export const percentRange = (m: Measurement) => `${(100 * m.min).toFixed(1)}–${(100 * m.max).toFixed(1)} %`;
/** "1.75–2.00" */
export const aplRange = (m: Measurement) => `${m.min.toFixed(2)}–${m.max.toFixed(2)}`;
/** "0.084–0.131", or "−0.003 to 0.265" across zero (a tangent kernel's distance, or a difference of two) */
export const distanceRange = (m: Measurement) =>
  m.min < 0 ? `${m.min.toFixed(3).replace('-', '−')} to ${m.max.toFixed(3)}` : `${m.min.toFixed(3)}–${m.max.toFixed(3)}`;
/** "steps 200–400" (or "step 200" when every seed gave the same) */
export const stepRange = (m: Measurement) => (m.min === m.max ? `step ${m.min}` : `steps ${m.min}–${m.max}`);
export const seedsShown = (m: Measurement) => `${m.positive} of ${m.seeds} seeds`;

const named = (setting: RunSetting, name: string): ExperimentConfig => ({ ...runConfig(setting), name });

// --- Linearize early vs late ------------------------------------------------------------------
const EARLY_LATE: RunSetting = { task: TASKS.spirals5, learningRate: 0.001, lambda: 10, schedule: 'late', seed: 1 };
const earlyLateConfig = named(EARLY_LATE, 'Linearize early vs late');
const earlyLateGap = measured('early-late', 'spirals5 lr 0.001 λ 10 gap');
const fashionGap = measured('early-late', 'fashion lr 0.001 λ 1 gap');

// --- How small is the core? --------------------------------------------------------------------
const CORE: RunSetting = { task: TASKS.spirals3, learningRate: 0.003, lambda: 3, schedule: 'late', seed: 1 };
const coreConfig = named(CORE, 'How small is the core?');

// --- Harder task, bigger core ------------------------------------------------------------------
const EASY: RunSetting = { task: TASKS.spirals3, learningRate: 0.003, lambda: 10, schedule: 'late', seed: 1 };
const HARD: RunSetting = { ...EASY, task: TASKS.spirals5 };
const hardConfig = named(HARD, 'Hard task: five spiral arms');

// --- Is the core special? ----------------------------------------------------------------------
const SPARSE: RunSetting = { task: TASKS.spirals5, learningRate: 0.003, lambda: 10, schedule: 'late', seed: 1 };
const sparseApl = measured('harder-task', 'spirals5 λ 10 final APL');
// Every seed's APL rounds to the same depth (checked by presets.test.ts), so one plain pair serves all.
const PLAIN_DEPTH = plainDepth(sparseApl.mean);
const PLAIN_WIDTH = widthForParameters(PLAIN_DEPTH, 2, 5, mlpParameterCount(TASKS.spirals5.hidden, 2, 5));
const plain = (hidden: number[]): RunSetting => ({ ...SPARSE, lambda: 0, schedule: 'none', hidden });
const PLAIN_MATCHED = plain(new Array<number>(PLAIN_DEPTH).fill(PLAIN_WIDTH));
const PLAIN_NARROW = plain(new Array<number>(PLAIN_DEPTH).fill(TASKS.spirals5.hidden[0]));
const sparseConfig = named(SPARSE, 'Is the core special? Sparsified');
const matchedGap = measured('core-special', 'spirals5 λ 10 sparsified minus matched plain');
const narrowGap = measured('core-special', 'spirals5 λ 10 sparsified minus same-width plain');

// --- When does the kernel settle? ----------------------------------------------------------------
// The lab shows the late run (the prior from epoch 20); until its prior comes on it is the run without
// the prior that the findings read the kernel of (same seed, init and data order, λ 0).
const SETTLE_LATE: RunSetting = { task: TASKS.spirals5, learningRate: 0.003, lambda: 10, schedule: 'late', seed: 1 };
const SETTLE_PLAIN: RunSetting = { ...SETTLE_LATE, lambda: 0, schedule: 'none' };
const settleConfig = named(SETTLE_LATE, 'When does the kernel settle?');
const settleStep = measured('kernel-settle', 'spirals5 settle step');
const settledByPriorOn = measured('kernel-settle', 'spirals5 velocity at late prior-on share of peak');
const settleMnist = measured('kernel-settle', 'mnist settle step');
const settleFashion = measured('kernel-settle', 'fashion settle step');

// --- Linearize the weights early vs late -------------------------------------------------------
const LINEARIZED: RunSetting = { task: TASKS.spirals5, learningRate: 0.003, lambda: 0, schedule: 'none', seed: 1 };
const linearizedConfig = named(LINEARIZED, 'Linearize the weights early vs late');
const LINEARIZE_STEPS = linearizeSteps(TASKS.spirals5);
const LINEARIZE_LAST = LINEARIZE_STEPS[LINEARIZE_STEPS.length - 1];
const linearizedEarly = measured('linearize', `spirals5 linearized at step 0 gap`);
const linearizedLate = measured('linearize', `spirals5 linearized at step ${LINEARIZE_LAST} gap`);
const easyLinearizedEarly = measured('linearize', `spirals3 linearized at step 0 gap`);
const easyLinearizedLate = measured('linearize', `spirals3 linearized at step ${LINEARIZE_LAST} gap`);

// --- Wider is more linear ----------------------------------------------------------------------
const [WIDTH_TASK, WIDTHS] = WIDTH_GRIDS[0];
const atWidth = (width: number): RunSetting => ({ task: WIDTH_TASK, learningRate: 0.003, lambda: 0, schedule: 'none', seed: 1, hidden: WIDTH_TASK.hidden.map(() => width) });
const NARROW = WIDTHS[0];
const WIDE = WIDTHS[WIDTHS.length - 1];
const narrowDistance = measured('widths', `spirals5 width ${NARROW} final kernel distance`);
const wideDistance = measured('widths', `spirals5 width ${WIDE} final kernel distance`);
const widthFall = measured('widths', `spirals5 width ${NARROW} minus width ${WIDE} final kernel distance`);
const mnistWidthFall = measured('widths', `mnist width ${WIDTH_GRIDS[1][1][0]} minus width ${WIDTH_GRIDS[1][1].at(-1)} final kernel distance`);
/** Whether the fall shows on MNIST as well (the claims' rule: on at least three quarters of the seeds). */
export const MNIST_WIDTH_FALL_SHOWS = mnistWidthFall.mean > 0 && mnistWidthFall.positive >= Math.ceil(0.75 * mnistWidthFall.seeds);

export const PRESETS: readonly Preset[] = [
  {
    id: 'early-late',
    title: 'Linearize early vs late',
    explanation:
      `Six layers of 12 on five spiral arms, λ 10, with the prior on from step 0 or only after 20 of 40 epochs. Read at the ` +
      `same APL, the late run kept more accuracy on ${seedsShown(earlyLateGap)} (${pointsRange(earlyLateGap)}): the nonlinear ` +
      `advantage of training first. On Fashion-MNIST the lab measures no such gap (${pointsRange(fashionGap)}; docs/findings.md).`,
    config: earlyLateConfig,
    runs: earlyVersusLate(earlyLateConfig, lateSchedule(TASKS.spirals5.lateEpoch, 'epoch')),
    settings: [EARLY_LATE, { ...EARLY_LATE, schedule: 'early' }],
    evidence: [
      { claim: 'early-late', key: 'spirals5 lr 0.001 λ 10 gap', effect: true },
      { claim: 'early-late', key: 'fashion lr 0.001 λ 1 gap', effect: false },
    ],
  },
  {
    id: 'core-size',
    title: 'How small is the core?',
    explanation:
      `Three spiral arms train 20 epochs without the prior, then λ 3 turns most channels linear: over four seeds the runs ended ` +
      `at APL ${aplRange(measured('collapse', 'spirals3 λ 3 late final APL'))} of 6 with ${percentRange(measured('collapse', 'spirals3 λ 3 late final test accuracy'))} ` +
      `test accuracy (${percentRange(measured('collapse', 'spirals3 no prior final test accuracy'))} without the prior). Dial λ to 30 and the core ` +
      `collapses: ${percentRange(measured('collapse', 'spirals3 λ 30 late final test accuracy'))} at APL ${aplRange(measured('collapse', 'spirals3 λ 30 late final APL'))}.`,
    config: coreConfig,
    runs: [],
    settings: [CORE],
    evidence: [
      { claim: 'collapse', key: 'spirals3 λ 3 late final APL', effect: false },
      { claim: 'collapse', key: 'spirals3 λ 3 late final test accuracy', effect: false },
      { claim: 'collapse', key: 'spirals3 no prior final test accuracy', effect: false },
      { claim: 'collapse', key: 'spirals3 λ 30 late final test accuracy', effect: false },
      { claim: 'collapse', key: 'spirals3 λ 30 late final APL', effect: false },
    ],
    slow: true,
  },
  {
    id: 'harder-task',
    title: 'Harder task, bigger core',
    explanation:
      `The same network, λ 10 and schedule on three and on five spiral arms. The harder task keeps more nonlinearity: final APL ` +
      `${aplRange(measured('harder-task', 'spirals5 λ 10 final APL'))} against ${aplRange(measured('harder-task', 'spirals3 λ 10 final APL'))}, ` +
      `larger by ${aplRange(measured('harder-task', 'spirals5 vs spirals3 λ 10 final APL difference'))} on ${seedsShown(measured('harder-task', 'spirals5 vs spirals3 λ 10 final APL difference'))}. Read the APL column of the table below the curves.`,
    config: hardConfig,
    runs: [
      { id: 'easy', label: 'easy: 3 spiral arms', config: named(EASY, 'Easy task: three spiral arms') },
      { id: 'hard', label: 'hard: 5 spiral arms', config: hardConfig },
    ],
    settings: [HARD, EASY],
    evidence: [{ claim: 'harder-task', key: 'spirals5 vs spirals3 λ 10 final APL difference', effect: true }],
  },
  {
    id: 'core-special',
    title: 'Is the core special?',
    explanation:
      `The paper finds a sparsified network beats a plain network as deep as its core, even one widened to as many parameters. ` +
      `Here the sparsified net (five spiral arms, λ 10, APL ≈ ${PLAIN_DEPTH}) beats a plain ${PLAIN_DEPTH}-layer net as narrow as its layers ` +
      `by ${pointsRange(narrowGap)}, but not one widened to ${PLAIN_WIDTH} units (${pointsRange(matchedGap)}, four seeds): on this task the claim does not hold.`,
    config: sparseConfig,
    runs: [
      { id: 'sparse', label: `sparsified: 6 × 12, λ 10 late`, config: sparseConfig },
      { id: 'plain-narrow', label: `plain ${PLAIN_DEPTH} × 12`, config: named(PLAIN_NARROW, `Plain ${PLAIN_DEPTH} × 12`) },
      { id: 'plain-matched', label: `plain ${PLAIN_DEPTH} × ${PLAIN_WIDTH} (same parameters)`, config: named(PLAIN_MATCHED, `Plain ${PLAIN_DEPTH} × ${PLAIN_WIDTH}`) },
    ],
    settings: [SPARSE, PLAIN_NARROW, PLAIN_MATCHED],
    evidence: [
      { claim: 'core-special', key: 'spirals5 λ 10 sparsified minus same-width plain', effect: true },
      { claim: 'core-special', key: 'spirals5 λ 10 sparsified minus matched plain', effect: false },
    ],
  },
  {
    id: 'kernel-settle',
    title: 'When does the kernel settle?',
    explanation:
      `Five spiral arms train 20 epochs without the prior, then λ 10 comes on at step ${lateStartStep(TASKS.spirals5)}: watch the tangent kernel panel. ` +
      `Without the prior the kernel's velocity fell below a quarter of its peak by ${stepRange(settleStep)} (within the first fifth of training on ${seedsShown(settleStep)}), ` +
      `and where this run's prior comes on it moved at ${percentRange(settledByPriorOn)} of its peak, settled on ${seedsShown(settledByPriorOn)}. ` +
      `MNIST settled by ${stepRange(settleMnist)} on ${seedsShown(settleMnist)}; Fashion-MNIST by ${stepRange(settleFashion)}, within the first fifth on only ${seedsShown(settleFashion)}, where the claim does not hold (docs/findings.md).`,
    config: settleConfig,
    runs: [],
    settings: [SETTLE_LATE, SETTLE_PLAIN],
    evidence: [
      { claim: 'kernel-settle', key: 'spirals5 settle step', effect: false },
      { claim: 'kernel-settle', key: 'spirals5 velocity at late prior-on share of peak', effect: true },
      { claim: 'kernel-settle', key: 'mnist settle step', effect: true },
      { claim: 'kernel-settle', key: 'fashion settle step', effect: false },
    ],
  },
  {
    id: 'linearize',
    title: 'Linearize the weights early vs late',
    explanation:
      `Five spiral arms without the prior: the real network, and the same run linearized in its weights at step 0 and at step ${LINEARIZE_LAST} (epoch 20 of 40), each trained to the end. ` +
      `Linearized at step 0 it ended ${pointsRange(linearizedEarly)} below the real network (${seedsShown(linearizedEarly)}); linearized at step ${LINEARIZE_LAST} it was within ${pointsRange(linearizedLate)} of it. ` +
      `On three spiral arms: ${pointsRange(easyLinearizedEarly)} and ${pointsRange(easyLinearizedLate)}; not measured on the image tasks (docs/findings.md).`,
    config: linearizedConfig,
    runs: linearizationRuns(linearizedConfig, LINEARIZE_STEPS),
    comparison: 'linearize',
    settings: [LINEARIZED],
    evidence: [
      { claim: 'linearize', key: 'spirals5 linearized at step 0 gap', effect: true },
      { claim: 'linearize', key: `spirals5 linearized at step ${LINEARIZE_LAST} gap`, effect: false },
      { claim: 'linearize', key: 'spirals3 linearized at step 0 gap', effect: false },
      { claim: 'linearize', key: `spirals3 linearized at step ${LINEARIZE_LAST} gap`, effect: false },
    ],
  },
  {
    id: 'widths',
    title: 'Wider is more linear',
    explanation:
      `Five spiral arms without the prior, every one of the six hidden layers ${WIDTHS.join(' or ')} units wide. ` +
      `At the end the tangent kernel had moved ${distanceRange(narrowDistance)} from its start at width ${NARROW} and ${distanceRange(wideDistance)} at width ${WIDE}: ` +
      `less on ${seedsShown(widthFall)}, by ${distanceRange(widthFall)}. On MNIST (widths ${WIDTH_GRIDS[1][1].join(' and ')}) it moved less at the wider ` +
      (MNIST_WIDTH_FALL_SHOWS
        ? `too, on ${seedsShown(mnistWidthFall)} (by ${distanceRange(mnistWidthFall)}; docs/findings.md).`
        : `on only ${seedsShown(mnistWidthFall)} (by ${distanceRange(mnistWidthFall)}), where the claim does not hold (docs/findings.md).`),
    config: named(atWidth(NARROW), `Wider is more linear: width ${NARROW}`),
    runs: WIDTHS.map((w) => ({ id: `width${w}`, label: `width ${w}`, config: named(atWidth(w), `Wider is more linear: width ${w}`), width: w })),
    comparison: 'widths',
    settings: WIDTHS.map(atWidth),
    evidence: [
      { claim: 'widths', key: `spirals5 width ${NARROW} final kernel distance`, effect: false },
      { claim: 'widths', key: `spirals5 width ${WIDE} final kernel distance`, effect: false },
      { claim: 'widths', key: `spirals5 width ${NARROW} minus width ${WIDE} final kernel distance`, effect: true },
      { claim: 'widths', key: `mnist width ${WIDTH_GRIDS[1][1][0]} minus width ${WIDTH_GRIDS[1][1].at(-1)} final kernel distance`, effect: MNIST_WIDTH_FALL_SHOWS },
    ],
  },
];
