/**
 * What a config of an earlier version meant, in today's terms. A field a config leaves out takes the
 * default of the version it was made with, and settings that version did not have take the value
 * that reproduces how it trained then, so an old link or file still reproduces its run exactly.
 */
import { defaultsForDataset } from './defaults';
import { CONFIG_VERSION, type DatasetKind, type ExperimentConfig } from './types';

/** The version a config says it was made with: missing means today's; a newer one is read as today's. */
export function sourceVersion(raw: unknown): number {
  if (typeof raw !== 'number' || !Number.isInteger(raw) || raw < 1 || raw > CONFIG_VERSION) return CONFIG_VERSION;
  return raw;
}

/**
 * The config a version's lab opened with for a dataset, expressed in today's schema. Since v2 every
 * dataset has its own defaults (defaults.ts); v1 had one set for all of them. Before v3 the data
 * order was 'shuffled'.
 */
export function defaultsForVersion(version: number, dataset: DatasetKind = 'mnist'): ExperimentConfig {
  if (version >= 3) return defaultsForDataset(dataset);
  const config = version === 2 ? defaultsForDataset(dataset) : v1Defaults();
  config.dataset.order = 'shuffled'; // v1 and v2 visited every epoch in one permutation
  return config;
}

/**
 * v1's defaultConfig(), whatever the dataset (MNIST's 5 epochs, evaluations every 100 steps), with
 * the prior as the proximal step v1 applied after the optimizer's step.
 */
function v1Defaults(): ExperimentConfig {
  return {
    version: CONFIG_VERSION,
    name: '',
    note: '',
    dataset: { kind: 'mnist', trainSize: 0, points: 1000, noise: 0.1, classes: 3, order: 'shuffled' },
    model: {
      kind: 'mlp',
      hidden: [64, 64, 64],
      conv: [
        { channels: 16, stride: 1, pool: 'none' },
        { channels: 32, stride: 2, pool: 'none' },
      ],
      residual: false,
    },
    optimizer: { kind: 'adam', learningRate: 0.001, momentum: 0.9 },
    training: { batchSize: 64, epochs: 5, seed: 1 },
    prior: { lambda: 0, mode: 'proximal', start: 0, startUnit: 'step', ramp: 0, eps: 1e-3, snap: false },
    evalEvery: 100,
  };
}
