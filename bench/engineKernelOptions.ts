/**
 * `npx tsx bench/engineKernelOptions.ts`: the alternatives to the convolution's kernel gradient and to
 * WASM's Sum over the batch axes that BENCHMARKS.md's "What we tried" records, each timed alone in Node
 * on WASM (CPU ms, fastest of 6, every call on freshly made tensors: tfjs's WASM matMul caches the
 * packed right-hand operand by tensor, so reusing one input would time a cache hit).
 */
import * as tf from '../src/engine/tf';
import { setNodeBackend } from '../src/node/tfNode';

type Padding4 = [[number, number], [number, number], [number, number], [number, number]];

/** Fastest CPU ms of `reps` calls of f on fresh copies of `inputs`. */
function cpuMs(inputs: tf.Tensor[], f: (...fresh: tf.Tensor[]) => tf.Tensor, reps = 6): number {
  let best = Infinity;
  for (let r = 0; r <= reps; r++) {
    const fresh = inputs.map((t) => tf.add(t, r));
    const before = process.cpuUsage();
    const out = tf.tidy(() => f(...fresh));
    const used = process.cpuUsage(before);
    if (r > 0) best = Math.min(best, (used.user + used.system) / 1000);
    tf.dispose([out, ...fresh]);
  }
  return best;
}

/** conv.ts's kernel gradient: x channels-first convolved with dy as a dilated filter. */
function dilated(x: tf.Tensor4D, dy: tf.Tensor4D, stride: 1 | 2): tf.Tensor {
  const [, h] = x.shape;
  const out = dy.shape[1];
  const before = Math.floor(Math.max((out - 1) * stride + 3 - h, 0) / 2);
  const pad: Padding4 = [[0, 0], [before, (out - 1) * stride + 3 - h - before], [before, (out - 1) * stride + 3 - h - before], [0, 0]];
  return tf.transpose(tf.conv2d(tf.transpose<tf.Tensor4D>(x, [3, 1, 2, 0]), tf.transpose<tf.Tensor4D>(dy, [1, 2, 0, 3]), 1, pad, 'NHWC', stride), [1, 2, 0, 3]);
}

/** The 3x3 windows by a depthwise convolution with one-hot filters, then windows^T dy untransposed. */
function windows(x: tf.Tensor4D, dy: tf.Tensor4D, stride: 1 | 2): tf.Tensor {
  const channels = x.shape[3];
  const oneHot = tf.tile<tf.Tensor4D>(tf.tensor4d(Float32Array.from({ length: 81 }, (_, i) => (i % 10 === 0 ? 1 : 0)), [3, 3, 1, 9]), [1, 1, channels, 1]);
  const patches = tf.depthwiseConv2d(x, oneHot, stride, 'same').reshape<tf.Tensor2D>([-1, 9 * channels]);
  return tf.matMul(tf.transpose(patches), dy.reshape<tf.Tensor2D>([-1, dy.shape[3]]));
}

async function main(): Promise<void> {
  await setNodeBackend('wasm');
  console.log('Kernel gradient of a 3x3 convolution, CPU ms: dilated convolution (conv.ts) | windows x dy');
  for (const [batch, size, cin, cout, stride] of [
    [256, 28, 1, 16, 1],
    [256, 28, 2, 16, 1],
    [256, 28, 4, 16, 1],
    [256, 28, 8, 16, 1],
    [256, 28, 16, 32, 2],
    [64, 28, 16, 32, 2],
  ] as const) {
    const x = tf.randomNormal([batch, size, size, cin]);
    const dy = tf.randomNormal([batch, size / stride, size / stride, cout]);
    const a = cpuMs([x, dy], (xi, di) => dilated(xi as tf.Tensor4D, di as tf.Tensor4D, stride));
    const b = cpuMs([x, dy], (xi, di) => windows(xi as tf.Tensor4D, di as tf.Tensor4D, stride));
    console.log(`  x [${batch}, ${size}, ${size}, ${cin}] -> ${cout}, stride ${stride}: ${a.toFixed(1)} | ${b.toFixed(1)}`);
    tf.dispose([x, dy]);
  }

  console.log('The dilated convolution alone by batch chunks (CPU ms per 256 examples), default CNN layer 2 (x [B, 28, 28, 16], dy [B, 14, 14, 32], stride 2)');
  const chunks: string[] = [];
  for (const chunk of [8, 16, 32, 64, 256]) {
    const xT = tf.randomNormal([16, 28, 28, chunk]);
    const dyT = tf.randomNormal([14, 14, chunk, 32]);
    const ms = cpuMs([xT, dyT], (xi, di) => tf.conv2d(xi as tf.Tensor4D, di as tf.Tensor4D, 1, [[0, 0], [0, 1], [0, 1], [0, 0]], 'NHWC', 2));
    chunks.push(`${chunk}: ${((ms * 256) / chunk).toFixed(1)}`);
    tf.dispose([xT, dyT]);
  }
  console.log(`  ${chunks.join(', ')}`);

  console.log('Sum over every axis but the last, CPU ms: tf.sum | ones row @ t (fresh t) | ones row @ t (the same t again: cached)');
  for (const shape of [[256, 28, 28, 16], [256, 14, 14, 32], [64, 28, 28, 16], [256, 64]]) {
    const t = tf.randomNormal(shape);
    const channels = shape[shape.length - 1];
    const rows = t.size / channels;
    const ones = tf.ones([1, rows]);
    const sum = cpuMs([t], (ti) => tf.sum(ti, shape.slice(0, -1).map((_, i) => i)));
    const product = cpuMs([t], (ti) => tf.matMul(ones, ti.reshape([rows, channels])));
    tf.dispose(tf.matMul(ones, t.reshape([rows, channels])));
    const cached = cpuMs([], () => tf.matMul(ones, t.reshape([rows, channels])));
    console.log(`  ${shape.join(' x ')}: ${sum.toFixed(2)} | ${product.toFixed(2)} | ${cached.toFixed(2)}`);
    tf.dispose([t, ones]);
  }
}

void main();
