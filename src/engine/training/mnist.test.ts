import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../tf';
import { readDataFile } from '../../cli/nodeData';
import { defaultConfig } from '../config/defaults';
import { loadDataset } from '../data/loadDataset';
import { Trainer } from './trainer';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('MNIST', () => {
  it('an MLP [32] reaches test accuracy well above chance in 150 steps', async () => {
    const config = defaultConfig();
    config.dataset = { ...config.dataset, kind: 'mnist', trainSize: 4000 };
    config.model = { kind: 'mlp', hidden: [32], conv: [], residual: false };
    config.optimizer = { kind: 'adam', learningRate: 0.003, momentum: 0.9 };
    config.training = { batchSize: 64, epochs: 5, seed: 1 };
    const dataset = await loadDataset(config.dataset, config.training.seed, readDataFile);
    expect(dataset.train.count).toBe(4000);
    const trainer = Trainer.create(config, dataset, { name: 'cpu', reason: 'tests', attempts: [] });
    const start = await trainer.evaluate();
    expect(start.testAccuracy!).toBeLessThan(0.3);
    for (let i = 0; i < 150; i++) {
      trainer.trainStep();
      if (i % 25 === 24) await trainer.flush();
    }
    const end = await trainer.evaluate();
    expect(end.testAccuracy!).toBeGreaterThan(0.8);
    expect(end.trainAccuracy).toBeGreaterThan(0.6);
    const snapshot = await trainer.snapshot();
    expect(snapshot.preview?.kind).toBe('images');
    if (snapshot.preview?.kind === 'images') {
      expect(snapshot.preview.images.map((im) => im.label).sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
      expect(snapshot.preview.width).toBe(28);
    }
    trainer.dispose();
  });
});
