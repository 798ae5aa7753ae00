/**
 * Teaching presets: each is one config (its link) and, for comparisons, the runs to overlay. Every
 * preset is a setting that `npm run findings` measures over four seeds (src/engine/experiments/
 * findings), and its text quotes those measurements from docs/findings.json, so regenerating the
 * report updates what the presets say; presets.test.ts holds each preset to its setting.
 */
import findings from '../../../docs/findings.json';
import type { ExperimentConfig } from '../config/types';
import { plainDepth, widthForParameters, mlpParameterCount } from './findings/claims';
import { runConfig, TASKS, type RunSetting } from './findings/tasks';
import type { Measurement } from './findings/types';
import { earlyVersusLate, lateSchedule } from './schedules';

export interface PresetRun {
  id: string;
  label: string;
  config: ExperimentConfig;
}

/** A number the preset's text quotes: a measurement of docs/findings.json. */
export interface PresetEvidence {
  claim: string;
  key: string;
  /** The text claims an effect (it must show on at least 3 of 4 seeds), or only quotes a value. */
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
];
