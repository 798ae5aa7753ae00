import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../engine/tf';
import { defaultConfig } from '../engine/config/defaults';
import { generatePlaneDataset } from '../engine/data/synthetic';
import { createThroughputProbe } from './measureThroughput';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function spiralsRun() {
  const config = defaultConfig();
  config.dataset = { kind: 'spirals', trainSize: 0, points: 400, noise: 0.05, classes: 3, order: 'streamed' };
  config.model = { kind: 'mlp', hidden: [16, 16], conv: [], residual: false };
  config.training = { batchSize: 32, epochs: 1, seed: 3 };
  return { config, dataset: generatePlaneDataset(config.dataset, config.training.seed) };
}

describe('createThroughputProbe', () => {
  it('times real training steps on the active backend and cleans up after itself', async () => {
    const { config, dataset } = spiralsRun();
    const before = tf.memory().numTensors;
    const started = performance.now();
    const rate = await createThroughputProbe(config, dataset)('cpu', new AbortController().signal);
    const elapsedSeconds = (performance.now() - started) / 1000;

    // 3 timed batches of 32 took at most the whole call, so the rate is at least 96 / elapsed.
    expect(rate).toBeGreaterThanOrEqual(96 / elapsedSeconds);
    expect(Number.isFinite(rate)).toBe(true);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('stops when aborted', async () => {
    const { config, dataset } = spiralsRun();
    const controller = new AbortController();
    controller.abort();
    const before = tf.memory().numTensors;
    await expect(createThroughputProbe(config, dataset)('cpu', controller.signal)).rejects.toThrow('speed probe stopped: out of time');
    expect(tf.memory().numTensors).toBe(before);
  });
});
