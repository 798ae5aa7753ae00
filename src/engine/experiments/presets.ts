/**
 * Teaching presets: each is one config (its link) and, for comparisons, the runs to overlay.
 * Settings were chosen by measuring with the CLI (`npm run experiment -- '<link>'`); the numbers
 * are recorded beside each preset.
 */
import { defaultConfig } from '../config/defaults';
import type { ExperimentConfig } from '../config/types';
import { earlyVersusLate, lateSchedule } from './schedules';

export interface PresetRun {
  id: string;
  label: string;
  config: ExperimentConfig;
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
}

type Patch = {
  [K in keyof ExperimentConfig]?: ExperimentConfig[K] extends object ? Partial<ExperimentConfig[K]> : ExperimentConfig[K];
};

function configWith(patch: Patch): ExperimentConfig {
  const base = defaultConfig();
  return {
    ...base,
    ...patch,
    dataset: { ...base.dataset, ...patch.dataset },
    model: { ...base.model, ...patch.model },
    optimizer: { ...base.optimizer, ...patch.optimizer },
    training: { ...base.training, ...patch.training },
    prior: { ...base.prior, ...patch.prior },
  } as ExperimentConfig;
}

/** Five noisy spiral arms: hard enough for an MLP that where the nonlinearity goes matters. */
const HARD_SPIRALS = { kind: 'spirals', points: 2000, noise: 0.05, classes: 5 } as const;

// MEASURED with `npm run experiment -- '<link>'` (wasm, seed 1), read at matched APL by matchAtApl:
//   this preset (λ 40, 60 epochs, late from epoch 15): early 80.5% at APL 0.66, late 80.0% at APL 0.75;
//   at APL 0.75: early 78.3%, late 80.0% (late ahead by 1.7 points).
//   λ 30: at APL 1.44 early 83.8%, late 75.5% (late still collapsing at the end); λ 20 over 40 epochs: at APL 2.95
//   early 87.9%, late 86.8%. So on this toy task the gap is small and not stable across λ — a teaching point:
//   the paper finds it grows with task difficulty (it is large on CIFAR-scale tasks, not on 2-D spirals).
const earlyLateConfig = configWith({
  name: 'Linearize early vs late',
  dataset: HARD_SPIRALS,
  model: { kind: 'mlp', hidden: [64, 64, 64] },
  optimizer: { kind: 'adam', learningRate: 0.01 },
  training: { batchSize: 32, epochs: 60, seed: 1 },
  prior: { lambda: 40, start: 15, startUnit: 'epoch' },
  evalEvery: 100,
});

/** Three clean spiral arms: an MLP solves it with few nonlinear channels. */
const EASY_SPIRALS = { kind: 'spirals', points: 2000, noise: 0.02, classes: 3 } as const;

// MEASURED (CLI, wasm, seed 1): train 20 epochs without the prior (test accuracy ~100%), then λ ramps
// to 200 over 2000 steps: accuracy 98% at APL 2.25 (step 1850) and still 98% at APL 0.94 (step 2050),
// then 56% at APL 0.23 (step 2250) and 39% once every channel is linear.
const coreConfig = configWith({
  name: 'How small is the core?',
  dataset: EASY_SPIRALS,
  model: { kind: 'mlp', hidden: [64, 64, 64] },
  optimizer: { kind: 'adam', learningRate: 0.01 },
  training: { batchSize: 32, epochs: 60, seed: 1 },
  prior: { lambda: 200, start: 20, startUnit: 'epoch', ramp: 2000 },
  evalEvery: 50,
});

// MEASURED (CLI, wasm, seed 1), same schedule as coreConfig: the easy task (3 clean arms) holds 98%
// down to APL 0.94; the hard one (5 noisy arms, ~91% before the prior) is at 82% by APL 2.92, 69% at
// APL 2.06 and 56% at APL 1.08 — it needs a bigger core for the same accuracy.
const easyTask = { ...coreConfig, name: 'Easy task: three clean spiral arms' };
const hardTask = configWith({ ...coreConfig, name: 'Hard task: five noisy spiral arms', dataset: HARD_SPIRALS });

export const PRESETS: readonly Preset[] = [
  {
    id: 'early-late',
    title: 'Linearize early vs late',
    explanation:
      'The same network, seed and λ, with the prior switched on at step 0 or only after 15 epochs of training. ' +
      'Compare the two at the same APL, not just at the end: in the paper the late run keeps more accuracy for the same ' +
      'nonlinearity, and the gap grows with task difficulty — on five spiral arms we measured it small (about 2 points).',
    config: earlyLateConfig,
    runs: earlyVersusLate(earlyLateConfig, lateSchedule(earlyLateConfig.prior.start, earlyLateConfig.prior.startUnit)),
  },
  {
    id: 'core-size',
    title: 'How small is the core?',
    explanation:
      'The network trains with no prior for 20 epochs; then λ ramps up steadily. Watch the gates and the APL: most ' +
      'channels turn linear while the accuracy barely moves, until the last few nonlinear channels go and it collapses.',
    config: coreConfig,
    runs: [],
  },
  {
    id: 'harder-task',
    title: 'Harder task, bigger core',
    explanation:
      'The same network and the same rising λ after training, on three clean spiral arms and on five noisy ones. ' +
      'Read the accuracy-against-APL plot: the easy task keeps its accuracy down to about one nonlinear channel per ' +
      'path, the hard one loses accuracy as soon as its channels start going linear — it needs a bigger core.',
    config: hardTask,
    runs: [
      { id: 'easy', label: 'easy: 3 clean spiral arms', config: easyTask },
      { id: 'hard', label: 'hard: 5 noisy spiral arms', config: hardTask },
    ],
  },
];
