import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../tf';
import { defaultConfig } from '../config/defaults';
import type { ExperimentConfig } from '../config/types';
import type { Dataset, Split } from '../data/types';
import { channelGraphOf, planArchitecture } from '../model/architecture';
import { createRng } from '../random';
import type { BackendInfo } from './snapshot';
import { Trainer } from './trainer';

const backend: BackendInfo = { name: 'cpu', reason: 'tests', attempts: [] };

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** 12x12 grey images of a horizontal (class 0) or vertical (class 1) bar at a random place, with noise. */
function barsDataset(trainCount: number, testCount: number): Dataset {
  const side = 12;
  const rng = createRng(11);
  const split = (count: number): Split => {
    const features = new Uint8Array(count * side * side);
    const labels = new Uint8Array(count);
    for (let n = 0; n < count; n++) {
      const label = n % 2;
      const at = 1 + Math.floor(rng() * (side - 2));
      for (let r = 0; r < side; r++) {
        for (let c = 0; c < side; c++) {
          const onBar = label === 0 ? r === at : c === at;
          features[n * side * side + r * side + c] = Math.round((onBar ? 200 : 0) + 55 * rng());
        }
      }
      labels[n] = label;
    }
    return { features, labels, count };
  };
  return {
    kind: 'bars',
    inputShape: [side, side, 1],
    numClasses: 2,
    classNames: ['horizontal', 'vertical'],
    featureScale: 1 / 255,
    train: split(trainCount),
    test: split(testCount),
    dropped: 0,
  };
}

function cnnConfig(residual: boolean): ExperimentConfig {
  const c = defaultConfig();
  c.model = {
    kind: 'cnn',
    hidden: [],
    conv: [
      { channels: 4, stride: 2, pool: 'none' },
      { channels: 8, stride: 2, pool: 'max' },
    ],
    residual,
  };
  c.optimizer = { kind: 'adam', learningRate: 0.01, momentum: 0.9 };
  c.training = { batchSize: 16, epochs: 10, seed: 2 };
  return c;
}

async function meanTrainLoss(trainer: Trainer, steps: number): Promise<number> {
  for (let i = 0; i < steps; i++) trainer.trainStep();
  return (await trainer.evaluate()).trainLoss;
}

describe('CNN training', () => {
  it('a tiny CNN trains with finite, falling loss', async () => {
    const data = barsDataset(320, 40);
    const trainer = Trainer.create(cnnConfig(false), data, backend);
    const early = await meanTrainLoss(trainer, 5);
    await meanTrainLoss(trainer, 30);
    const late = await meanTrainLoss(trainer, 5);
    expect(Number.isFinite(early) && Number.isFinite(late)).toBe(true);
    expect(late).toBeLessThan(early * 0.8);
    const snapshot = await trainer.snapshot();
    expect(snapshot.gates.map((g) => [g.name, g.slopes.length])).toEqual([
      ['conv1', 4],
      ['conv2', 8],
    ]);
    // Conv edges: one kernel-slice norm per (input map, output map) pair, all nonlinear here.
    expect(snapshot.core.edges.length).toBeGreaterThan(0);
    expect(snapshot.core.edges.every((e) => e.layer === 0 && e.from < 4 && e.to < 8)).toBe(true);
    expect(snapshot.preview?.kind).toBe('images');
    if (snapshot.preview?.kind === 'images') {
      expect(snapshot.preview.images).toHaveLength(10);
      expect(snapshot.preview.images[0].pixels).toHaveLength(144);
      expect(new Set(snapshot.preview.images.map((im) => im.label))).toEqual(new Set([0, 1]));
    }
    trainer.dispose();
  });

  it('the residual variant builds, trains, and its channel graph matches the plan', async () => {
    const data = barsDataset(64, 16);
    const config = cnnConfig(true);
    const trainer = Trainer.create(config, data, backend);
    const plan = planArchitecture(config.model, data.inputShape, data.numClasses);
    const graph = channelGraphOf(plan);
    expect(graph.layers.map((l) => [l.name, l.channels, l.gate, l.summands.map((s) => `${s.connection}:${s.from}`).join(' ')])).toEqual([
      ['input', 1, -1, ''],
      ['conv1', 4, 0, 'full:0'],
      ['block1.a', 4, 1, 'full:1'],
      ['block1.add', 4, 2, 'identity:1 full:2'],
      ['conv2', 8, 3, 'full:3'],
      ['block2.a', 8, 4, 'full:4'],
      ['block2.add', 8, 5, 'identity:4 full:5'],
      ['output', 2, -1, 'full:6'],
    ]);
    const loss = await meanTrainLoss(trainer, 3);
    expect(Number.isFinite(loss)).toBe(true);
    const snapshot = await trainer.snapshot();
    expect(snapshot.gates.map((g) => g.slopes.length)).toEqual(plan.gatedChannels);
    expect(snapshot.core.effectiveWidth).toEqual([4, 4, 4, 8, 8, 8]);
    trainer.dispose();
  });
});
