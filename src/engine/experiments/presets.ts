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

// MEASURED with `npm run early-late -- '<this preset's link>' --seeds 1,2,3,4` (WASM), test accuracy at matched APL:
//   λ 25: seed 1 early 58.0% vs late 80.5% at APL 1.25 (+22.5 points); seed 2 +18.9 at APL 1.42; seed 3 +17.2 at
//   APL 1.33; seed 4 +14.9 at APL 1.42. λ 20 (seeds 1-3): +8.7, +13.3, +8.1.
// What makes the gap visible is a narrow, deep network (six layers of 12). With three layers of 64 (λ 40, lr 0.01)
// late led by only 1.7 points and early led at other λ; with four layers of 24 the gap ran from -4 to +19 points
// across seeds: a wide network linearized early keeps enough nonlinear channels to learn the spirals anyway.
const earlyLateConfig = configWith({
  name: 'Linearize early vs late',
  dataset: { kind: 'spirals', points: 3000, noise: 0.05, classes: 5 },
  model: { kind: 'mlp', hidden: [12, 12, 12, 12, 12, 12] },
  optimizer: { kind: 'adam', learningRate: 0.003 },
  training: { batchSize: 32, epochs: 60, seed: 1 },
  prior: { lambda: 25, start: 25, startUnit: 'epoch' },
  evalEvery: 50,
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
      'The same narrow, deep network (six layers of 12), seed and λ, with the prior switched on at step 0 or only after ' +
      '25 epochs of training. Read them at the same APL, not just at the end: the late run keeps far more accuracy for the ' +
      'same nonlinearity (we measured 15 to 22 points over four seeds) — the nonlinear advantage of training first.',
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
