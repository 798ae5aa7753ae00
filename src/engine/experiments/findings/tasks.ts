/**
 * The tasks and settings the findings report measures on: two 2-D tasks (three clean and five noisy
 * spiral arms) and two image tasks (MNIST and Fashion-MNIST, 8,000 training images each), each with
 * a small MLP trained briefly enough that the whole report runs in minutes on two cores.
 */
import { defaultConfig } from '../../config/defaults';
import { PLANE_TEST_FRACTION } from '../../data/synthetic';
import type { DatasetConfig, ExperimentConfig } from '../../config/types';

export type TaskId = 'spirals3' | 'spirals5' | 'mnist' | 'fashion';

export interface Task {
  id: TaskId;
  label: string;
  dataset: DatasetConfig;
  hidden: number[];
  batchSize: number;
  epochs: number;
  /** Two prior strengths a few times apart: a claim must hold at both, not at one picked value. */
  lambdas: [number, number];
  /**
   * The late schedule's t_on, in epochs: after the network has trained, and early enough to leave at
   * least 1,000 steps of prior (under Adam a slope moves about lr a step, so at lr 1e-3 it takes
   * 1,000 steps to go from 0 to 1).
   */
  lateEpoch: number;
}

// The order the report was measured in (config v2's): with at most 10,000 training samples it is the
// same as the streamed order, and keeping it names the cached v2 runs exactly (src/cli/findings.ts).
const spirals = (classes: number, noise: number): DatasetConfig => ({ kind: 'spirals', trainSize: 0, points: 3000, noise, classes, order: 'shuffled' });
const images = (kind: 'mnist' | 'fashion-mnist'): DatasetConfig => ({ kind, trainSize: 8000, points: 1000, noise: 0.1, classes: 3, order: 'shuffled' });

export const TASKS: Record<TaskId, Task> = {
  spirals3: { id: 'spirals3', label: '3 spiral arms', dataset: spirals(3, 0.05), hidden: [12, 12, 12, 12, 12, 12], batchSize: 32, epochs: 40, lambdas: [10, 30], lateEpoch: 20 },
  spirals5: { id: 'spirals5', label: '5 spiral arms', dataset: spirals(5, 0.05), hidden: [12, 12, 12, 12, 12, 12], batchSize: 32, epochs: 40, lambdas: [10, 30], lateEpoch: 20 },
  mnist: { id: 'mnist', label: 'MNIST', dataset: images('mnist'), hidden: [64, 64, 64], batchSize: 64, epochs: 12, lambdas: [1, 3], lateEpoch: 4 },
  fashion: { id: 'fashion', label: 'Fashion-MNIST', dataset: images('fashion-mnist'), hidden: [64, 64, 64], batchSize: 64, epochs: 12, lambdas: [1, 3], lateEpoch: 4 },
};

/** When the prior switches on: from step 0, at the task's lateEpoch, or never (λ = 0). */
export type Schedule = 'early' | 'late' | 'none';

export interface RunSetting {
  task: Task;
  learningRate: number;
  lambda: number;
  schedule: Schedule;
  seed: number;
  /** Hidden widths other than the task's (the plain networks of "Is the core special?"). */
  hidden?: number[];
}

export const EVAL_EVERY = 100;
/** The learning rate of the claims that do not vary it. */
export const LR = 0.003;

export function runConfig({ task, learningRate, lambda, schedule, seed, hidden }: RunSetting): ExperimentConfig {
  const config = defaultConfig();
  config.name = `${task.label}, ${schedule === 'none' ? 'no prior' : `λ ${lambda} ${schedule}`}, lr ${learningRate}, seed ${seed}`;
  config.dataset = { ...task.dataset };
  config.model = { ...config.model, kind: 'mlp', hidden: [...(hidden ?? task.hidden)], residual: false };
  config.optimizer = { kind: 'adam', learningRate, momentum: 0.9 };
  config.training = { batchSize: task.batchSize, epochs: task.epochs, seed };
  const late = schedule === 'late';
  config.prior = {
    ...config.prior,
    mode: 'loss',
    lambda: schedule === 'none' ? 0 : lambda,
    start: late ? task.lateEpoch : 0,
    startUnit: late ? 'epoch' : 'step',
  };
  config.evalEvery = EVAL_EVERY;
  return config;
}

/** Training examples a task's runs see each epoch (a 2-D task keeps a fifth of its points for testing). */
function trainExamples(task: Task): number {
  const { dataset } = task;
  return dataset.kind === 'mnist' || dataset.kind === 'fashion-mnist' ? dataset.trainSize : dataset.points - Math.round(dataset.points * PLANE_TEST_FRACTION);
}

export const stepsPerEpoch = (task: Task): number => Math.max(1, Math.floor(trainExamples(task) / task.batchSize));

/** The step at which the late schedule's prior switches on. */
export const lateStartStep = (task: Task): number => task.lateEpoch * stepsPerEpoch(task);
