import { describe, expect, it } from 'vitest';
import { defaultConfig, defaultsForDataset, switchDataset } from './defaults';
import { encodeConfig, decodeConfig } from './urlCodec';
import { validateConfig } from './validate';

describe('defaults per dataset (config v2)', () => {
  it('a v2 link or file that names only the dataset gets that dataset\'s settings', () => {
    const link = decodeConfig('v=2&data=spirals');
    expect(link.issues).toEqual([]);
    const spirals = defaultsForDataset('spirals');
    expect(link.config).toEqual({ ...spirals, dataset: { ...spirals.dataset, order: 'shuffled' } });
    expect(link.config.training.epochs).toBe(60);
    expect(link.config.optimizer.learningRate).toBe(0.01);
    expect(link.config.training.batchSize).toBe(32);
    expect(validateConfig({ dataset: { kind: 'spirals' } }).config).toEqual(defaultsForDataset('spirals'));
    expect(validateConfig({ version: 2, dataset: { kind: 'xor' } }).config.training.epochs).toBe(40);
  });

  it('fields the config gives still override the dataset\'s defaults', () => {
    const { config } = decodeConfig('v=2&data=spirals&epochs=7&lr=0.002');
    expect(config.training.epochs).toBe(7);
    expect(config.optimizer.learningRate).toBe(0.002);
    expect(config.evalEvery).toBe(75);
  });

  it('a v1 link without epochs still trains 5 epochs on spirals, evaluating every 100 steps', () => {
    const { config, issues } = decodeConfig('v=1&data=spirals');
    expect(issues).toEqual([]);
    expect(config.training).toEqual({ batchSize: 64, epochs: 5, seed: 1 });
    expect(config.optimizer.learningRate).toBe(0.001);
    expect(config.evalEvery).toBe(100);
    expect(config.prior.mode).toBe('proximal');
    expect(validateConfig({ version: 1, dataset: { kind: 'circles' } }).config.training.epochs).toBe(5);
    // Re-encoded, every field is explicit, so it keeps its meaning under v2.
    expect(decodeConfig(encodeConfig(config)).config).toEqual(config);
  });

  it('a bad dataset in a link falls back to MNIST and MNIST\'s defaults', () => {
    const { config } = decodeConfig('v=3&data=cifar');
    expect(config).toEqual(defaultConfig());
  });

  it('plans about 20 evaluations per default run', () => {
    const stepsPerEpoch = { mnist: 8000 / 64, 'fashion-mnist': Math.ceil(60000 / 64), spirals: 25, circles: 25, xor: 25, blobs: 25 };
    for (const [kind, perEpoch] of Object.entries(stepsPerEpoch)) {
      const c = defaultsForDataset(kind as keyof typeof stepsPerEpoch);
      const evaluations = Math.floor((c.training.epochs * perEpoch) / c.evalEvery);
      expect(evaluations, kind).toBeGreaterThanOrEqual(19);
      expect(evaluations, kind).toBeLessThanOrEqual(25);
    }
  });

  it('switching dataset loads its settings and keeps the run\'s seed, name and prior', () => {
    const start = { ...defaultConfig(), name: 'mine', training: { ...defaultConfig().training, seed: 9 }, prior: { ...defaultConfig().prior, lambda: 40 } };
    const next = switchDataset(start, 'circles');
    expect(next.dataset.kind).toBe('circles');
    expect(next.training).toEqual({ ...defaultsForDataset('circles').training, seed: 9 });
    expect(next.evalEvery).toBe(defaultsForDataset('circles').evalEvery);
    expect(next.name).toBe('mine');
    expect(next.prior.lambda).toBe(40);
    expect(switchDataset(start, 'mnist')).toBe(start);
  });
});
