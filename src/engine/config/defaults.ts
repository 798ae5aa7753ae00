import { CONFIG_VERSION, type ExperimentConfig } from './types';

/** The lab opens on this: an MLP on MNIST, the prior off until the user dials it up. */
export function defaultConfig(): ExperimentConfig {
  return {
    version: CONFIG_VERSION,
    name: '',
    note: '',
    dataset: { kind: 'mnist', trainSize: 0, points: 1000, noise: 0.1, classes: 3 },
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
    prior: { lambda: 0, mode: 'loss', start: 0, startUnit: 'step', ramp: 0, eps: 1e-3, snap: false },
    evalEvery: 100,
  };
}
