import { describe, expect, it } from 'vitest';
import { createBatchSampler } from '../data/batches';
import { generatePlaneDataset } from '../data/synthetic';
import { createRng, deriveSeed, permutation } from '../random';
import { Trainer } from '../training/trainer';
import { decodeConfig } from './urlCodec';

/** Trains a decoded link for 24 steps on the CPU backend: (step, train loss, normalized APL) every 4 steps. */
async function trace(link: string): Promise<number[][]> {
  const { config, issues } = decodeConfig(link);
  expect(issues).toEqual([]);
  const trainer = Trainer.create(config, generatePlaneDataset(config.dataset, config.training.seed), { name: 'cpu', reason: 'tests', attempts: [] });
  const out: number[][] = [];
  for (let i = 1; i <= 24; i++) {
    trainer.trainStep();
    if (i % 4 === 0) {
      const p = await trainer.evaluate();
      out.push([p.step, p.trainLoss, p.aplNormalized]);
    }
  }
  trainer.dispose();
  return out;
}

const V1_LINK = 'v=1&data=spirals&classes=3&points=300&hidden=8-8&lr=0.01&bs=32&epochs=4&eval=4&lambda=100&seed=5';

// Recorded from the engine before the prior became a loss term (commit 4cc1839), same link, CPU backend.
const V1_TRACE = [
  [4, 1.253235012292862, 2],
  [8, 1.093235820531845, 2],
  [12, 1.0631694197654724, 2],
  [16, 1.0650546848773956, 0.875],
  [20, 1.0719966441392899, 0],
  [24, 0.992240697145462, 0],
];

describe('links made before config v2', () => {
  it('train exactly as they did when the prior was a proximal step', async () => {
    expect(await trace(V1_LINK)).toEqual(V1_TRACE);
  });

  it('differ from the same settings under the v2 loss-term prior (so the check above can fail)', async () => {
    const v2 = await trace(V1_LINK.replace('v=1', 'v=2'));
    expect(v2.map((p) => p[2])).not.toEqual(V1_TRACE.map((p) => p[2]));
  });
});

describe('links made before config v3', () => {
  it('visit a Fashion-MNIST epoch in the one permutation they trained in; a v3 link starts on the first part', () => {
    const { config: v2, issues } = decodeConfig('v=2&data=fashion-mnist&model=mlp&hidden=8&bs=64&seed=4');
    expect(issues).toEqual([]);
    const v3 = decodeConfig('v=3&data=fashion-mnist&model=mlp&hidden=8&bs=64&seed=4').config;
    expect([v2.dataset.order, v3.dataset.order]).toEqual(['shuffled', 'streamed']);
    const train = 60_000;
    const seed = deriveSeed(4, 'batches');
    const old = createBatchSampler(train, 64, seed, v2.dataset.order);
    expect([...old.indices(0)]).toEqual([...permutation(train, createRng(deriveSeed(seed, 'order:0'))).slice(0, 64)]);
    const streamed = createBatchSampler(train, 64, seed, v3.dataset.order);
    expect(streamed.samplesNeeded(155)).toBeLessThanOrEqual(10_000);
    expect(old.samplesNeeded(0)).toBeGreaterThan(10_000);
  });
});
