/**
 * The empirical neural tangent kernel of a Network on a batch of probe inputs:
 * K[i, j] = <dg(x_i)/dθ, dg(x_j)/dθ> over every trainable parameter (weights, biases, slopes), where
 * g(x) = r . f(x) is the logits projected on a fixed vector r (./probes.ts).
 *
 * One forward and one backward pass of the whole probe batch give every example's own gradient,
 * because examples do not interact in the network: the backward pass is taken with respect to a
 * zero offset added to every layer's pre-activation (giving each example's δ = dg/dz) and to every
 * gate's slopes per example (giving each example's slope gradient). A layer's per-example weight
 * gradient is then an outer product (dense: a_i δ_i^T) or a sum of them over positions (conv:
 * patches_i^T δ_i), and its part of the kernel is
 *   dense:  (A A^T) ⊙ (Δ Δ^T)            conv: G G^T with G_i = patches_i^T Δ_i flattened
 *   bias:   (Σ_pos Δ)(Σ_pos Δ)^T          slopes: S S^T with S_i the example's slope gradient.
 */

import * as tf from '../tf';
import { weightedSummand, type PlannedLayer } from '../model/architecture';
import { conv3x3, padFor3x3 } from '../model/conv';
import type { Network } from '../model/network';

/** x: [P, featureSize] probe inputs; projection: [numClasses]. Returns K [P, P]. */
export function empiricalKernel(network: Network, x: tf.Tensor2D, projection: tf.Tensor1D): tf.Tensor2D {
  const { layers } = network.plan;
  const count = x.shape[0];
  const kept: tf.Tensor[] = [];
  try {
    return tf.tidy(() => {
      const input = layers[0];
      const x0 = input.size ? x.reshape([count, input.size[0], input.size[1], input.channels]) : x;
      const gated = layers.filter((l) => l.gate >= 0);
      const zOffsets = layers.slice(1).map((l) => tf.zeros(preActivationShape(l, count)));
      const slopeOffsets = gated.map((l) => tf.zeros(l.size ? [count, 1, 1, l.channels] : [count, l.channels]));
      let values: tf.Tensor[] = [];
      const projected = (...offsets: tf.Tensor[]): tf.Scalar => {
        values = [x0];
        for (let i = 1; i < layers.length; i++) {
          const gate = layers[i].gate;
          values.push(tracedLayer(network, i, values, offsets[i - 1], gate >= 0 ? offsets[layers.length - 1 + gate] : undefined));
        }
        // The layers' outputs are read again below; the gradient's own tidy would dispose them.
        for (const v of values.slice(1)) kept.push(tf.keep(v));
        const logits = values[values.length - 1] as tf.Tensor2D;
        return tf.sum(tf.matMul(logits, projection.reshape([-1, 1])));
      };
      const grads = tf.grads(projected)([...zOffsets, ...slopeOffsets]);
      let kernel: tf.Tensor2D = tf.zeros([count, count]);
      const add = (part: tf.Tensor) => {
        kernel = tf.add<tf.Tensor2D>(kernel, part);
      };
      const gram = (g: tf.Tensor) => {
        const flat = g.reshape<tf.Tensor2D>([count, -1]);
        return tf.matMul(flat, flat, false, true);
      };
      for (let i = 1; i < layers.length; i++) {
        const layer = layers[i];
        const delta = grads[i - 1];
        if (network.biasOf(i)) add(gram(layer.size ? tf.sum(delta, [1, 2]) : delta));
        const summand = weightedSummand(layer);
        if (summand && network.weightOf(i)) {
          const source = values[summand.from];
          if (summand.op === 'conv') {
            const patches = patches3x3(source as tf.Tensor4D, summand.stride);
            const deltaRows = delta.reshape<tf.Tensor3D>([count, -1, layer.channels]);
            add(gram(tf.matMul(patches, deltaRows, true, false)));
          } else {
            add(tf.mul(gram(source), gram(delta)));
          }
        }
      }
      gated.forEach((_, g) => add(gram(grads[layers.length - 1 + g])));
      return kernel;
    });
  } finally {
    for (const t of kept) t.dispose();
  }
}

function preActivationShape(layer: PlannedLayer, count: number): number[] {
  return layer.size ? [count, layer.size[0], layer.size[1], layer.channels] : [count, layer.channels];
}

/**
 * Network.forward's layer, with `zOffset` added to the pre-activation and `slopeOffset` (per
 * example) to the gate's slopes. The gate is written out as relu(z) + a * min(z, 0), its definition.
 */
function tracedLayer(network: Network, index: number, values: tf.Tensor[], zOffset: tf.Tensor, slopeOffset: tf.Tensor | undefined): tf.Tensor {
  const layer = network.plan.layers[index];
  const weight = network.weightOf(index);
  const bias = network.biasOf(index);
  let z: tf.Tensor = zOffset;
  for (const s of layer.summands) {
    let term: tf.Tensor;
    if (s.connection === 'identity') term = values[s.from];
    else if (s.op === 'conv') term = conv3x3(values[s.from] as tf.Tensor4D, weight as tf.Tensor2D, s.stride);
    else term = tf.matMul(values[s.from].reshape<tf.Tensor2D>([values[s.from].shape[0], -1]), weight as tf.Tensor2D);
    z = tf.add(z, term);
  }
  if (bias) z = tf.add(z, bias);
  let out = z;
  if (layer.gate >= 0) {
    const positive = tf.relu(z);
    const slopes = tf.add(network.slopes[layer.gate], slopeOffset as tf.Tensor);
    out = tf.add(positive, tf.mul(slopes, tf.sub(z, positive)));
  }
  if (layer.pool === 'max') out = tf.maxPool(out as tf.Tensor4D, 2, 2, 'valid');
  if (layer.pool === 'avg') out = tf.avgPool(out as tf.Tensor4D, 2, 2, 'valid');
  return out;
}

/**
 * The 3x3 windows a 'same'-padded conv3x3 of `stride` reads: [B, outH * outW, 9 * C], a window's
 * entries in the kernel's row order (tap-major, then channel). Each tap is a plain slice (exact
 * copies; on WASM, tfjs's StridedSlice took most of a CNN's kernel measurement): at stride 2 the
 * padded image, made even, is read as [B, H / 2, 2, W * C], so a tap's rows are one slice of it,
 * and those rows as [B * outH, W / 2, 2, C], so its columns are another.
 */
export function patches3x3(x: tf.Tensor4D, stride: 1 | 2): tf.Tensor3D {
  const [batch, , , channels] = x.shape;
  const { padded, rows, cols } = padFor3x3(x, stride);
  const taps: tf.Tensor[] = [];
  if (stride === 1) {
    for (let ty = 0; ty < 3; ty++) {
      for (let tx = 0; tx < 3; tx++) taps.push(tf.slice(padded, [0, ty, tx, 0], [batch, rows.out, cols.out, channels]));
    }
  } else {
    const [, height, width] = padded.shape;
    const even = tf.pad(padded, [[0, 0], [0, height % 2], [0, width % 2], [0, 0]]);
    const [halfH, halfW] = [(height + (height % 2)) / 2, (width + (width % 2)) / 2];
    const rowPairs = even.reshape<tf.Tensor4D>([batch, halfH, 2, 2 * halfW * channels]);
    for (let ty = 0; ty < 3; ty++) {
      const tapRows = tf.slice(rowPairs, [0, ty >> 1, ty & 1, 0], [batch, rows.out, 1, 2 * halfW * channels]);
      const columnPairs = tapRows.reshape<tf.Tensor4D>([batch * rows.out, halfW, 2, channels]);
      for (let tx = 0; tx < 3; tx++) {
        taps.push(tf.slice(columnPairs, [0, tx >> 1, tx & 1, 0], [batch * rows.out, cols.out, 1, channels]).reshape([batch, rows.out, cols.out, channels]));
      }
    }
  }
  return tf.concat(taps, 3).reshape<tf.Tensor3D>([batch, rows.out * cols.out, 9 * channels]);
}
