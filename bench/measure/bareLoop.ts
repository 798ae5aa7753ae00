/**
 * The baseline the lab is held to: a plain tfjs training loop of the same architecture with ReLU
 * (no gates, no prior, no panels), Adam, one batch tensor per step, the loss read back every step.
 */
import * as tf from '../../src/engine/tf';
import { defaultConfig } from '../../src/engine/config/defaults';
import { gatherBatch } from '../../src/engine/data/batches';
import type { Dataset } from '../../src/engine/data/types';
import { conv3x3 } from '../../src/engine/model/conv';
import { denseMatMul } from '../../src/engine/model/denseMatMul';
import type { ModelName } from '../types';
import { timeSteps, type StepBudget } from './stepBudget';

/** tf.conv2d where the backend can train it; WASM has no Conv2DBackpropFilter, so there the lab's convolution. */
export function bareConvKind(): 'tf.conv2d' | "lab's conv3x3" {
  return tf.getKernel('Conv2DBackpropFilter', tf.getBackend()) ? 'tf.conv2d' : "lab's conv3x3";
}

export async function timeBareSteps(model: ModelName, batch: number, dataset: Dataset, budget: StepBudget): Promise<number[]> {
  const layers = model === 'mlp' ? mlp() : cnn();
  const optimizer = tf.train.adam(1e-3);
  const count = dataset.train.count;
  let cursor = 0;
  try {
    return await timeSteps(async () => {
      const indices = Array.from({ length: batch }, (_, i) => (cursor + i) % count);
      cursor = (cursor + batch) % count;
      const { x, y } = gatherBatch(dataset, dataset.train, indices);
      const loss = tf.tidy(() => {
        const input = tf.tensor2d(x, [batch, 784]);
        const labels = tf.oneHot(tf.tensor1d(y, 'int32'), 10);
        return optimizer.minimize(() => tf.losses.softmaxCrossEntropy(labels, layers.forward(input)), true, layers.variables) as tf.Scalar;
      });
      await loss.data();
      loss.dispose();
    }, budget);
  } finally {
    optimizer.dispose();
    for (const v of layers.variables) v.dispose();
  }
}

interface BareModel {
  variables: tf.Variable[];
  forward(x: tf.Tensor2D): tf.Tensor2D;
}

function weight(shape: number[], fanIn: number): tf.Variable {
  return tf.tidy(() => tf.variable(tf.randomNormal(shape, 0, Math.sqrt(2 / fanIn), 'float32', 7)));
}

function mlp(): BareModel {
  const widths = [784, ...defaultConfig().model.hidden, 10];
  const ws = widths.slice(1).map((w, i) => weight([widths[i], w], widths[i]));
  const bs = widths.slice(1).map((w) => tf.variable(tf.zeros([w])));
  return {
    variables: [...ws, ...bs],
    forward: (x) => {
      let h: tf.Tensor2D = x;
      ws.forEach((w, i) => {
        // The lab's product (tf.matMul except on WASM, whose gradient of tf.matMul is 10-20x slower), as
        // conv3x3 below: the ratio is to measure the app around the engine, not the engine's kernels.
        const z = tf.add<tf.Tensor2D>(denseMatMul(h, w as tf.Tensor2D), bs[i]);
        h = i < ws.length - 1 ? tf.relu(z) : z;
      });
      return h;
    },
  };
}

function cnn(): BareModel {
  const [first, second] = defaultConfig().model.conv;
  const native = bareConvKind() === 'tf.conv2d';
  const k1 = weight([9, first.channels], 9);
  const k2 = weight([9 * first.channels, second.channels], 9 * first.channels);
  const b1 = tf.variable(tf.zeros([first.channels]));
  const b2 = tf.variable(tf.zeros([second.channels]));
  const side = Math.ceil(28 / second.stride);
  const dense = weight([side * side * second.channels, 10], side * side * second.channels);
  const bd = tf.variable(tf.zeros([10]));
  const conv = (x: tf.Tensor4D, k: tf.Variable, cin: number, cout: number, stride: 1 | 2): tf.Tensor4D =>
    native ? tf.conv2d(x, k.reshape<tf.Tensor4D>([3, 3, cin, cout]), stride, 'same') : conv3x3(x, k as tf.Tensor2D, stride);
  return {
    variables: [k1, k2, b1, b2, dense, bd],
    forward: (x) => {
      const image = x.reshape<tf.Tensor4D>([x.shape[0], 28, 28, 1]);
      const h1 = tf.relu(tf.add(conv(image, k1, 1, first.channels, first.stride), b1)) as tf.Tensor4D;
      const h2 = tf.relu(tf.add(conv(h1, k2, first.channels, second.channels, second.stride), b2));
      return tf.add<tf.Tensor2D>(denseMatMul(h2.reshape<tf.Tensor2D>([x.shape[0], -1]), dense as tf.Tensor2D), bd);
    },
  };
}
