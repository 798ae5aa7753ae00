/**
 * The models the bench trains in the lab and in PyTorch side by side (issue #17): the default CNN
 * (conv 16, conv 32 stride 2, dense 10), a residual CNN with pooling, the probe's MLP 784-256-256-10
 * and the default MLP 64-64-64; CNNs at batch 64 and 256, MLPs at 64 and 256. Each is the lab's
 * config (gates, prior on from step 0, Adam 1e-3), which the PyTorch export turns into the same model.
 */
import type { ExperimentConfig } from '../../src/engine/config/types';
import { benchConfig } from './engineThroughput';

export interface TorchCase {
  id: 'cnn' | 'rescnn' | 'mlp256' | 'mlp';
  label: string;
  /** The target the issue sets: lab / PyTorch at least this. */
  target: number;
  batch: number;
  config: ExperimentConfig;
}

function withModel(kind: 'mlp' | 'cnn', batch: number, edit: (c: ExperimentConfig) => void = () => undefined): ExperimentConfig {
  const config = benchConfig(kind, batch);
  edit(config);
  return config;
}

export function torchCases(): TorchCase[] {
  const cases: TorchCase[] = [];
  for (const batch of [64, 256]) {
    cases.push({ id: 'cnn', label: 'default CNN (conv 16, conv 32 s2)', target: 1.0, batch, config: withModel('cnn', batch) });
    cases.push({
      id: 'rescnn',
      label: 'residual CNN with max pooling (conv 16 + pool, conv 32 + pool, a residual block after each)',
      target: 1.0,
      batch,
      config: withModel('cnn', batch, (c) => {
        c.model.conv = [
          { channels: 16, stride: 1, pool: 'max' },
          { channels: 32, stride: 1, pool: 'max' },
        ];
        c.model.residual = true;
      }),
    });
    cases.push({ id: 'mlp256', label: "probe's MLP 784-256-256-10", target: 1.5, batch, config: withModel('mlp', batch, (c) => (c.model.hidden = [256, 256])) });
    cases.push({ id: 'mlp', label: 'default MLP 784-64-64-64-10', target: 1.5, batch, config: withModel('mlp', batch) });
  }
  return cases;
}
