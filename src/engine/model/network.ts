/**
 * The tfjs network built from an ArchitecturePlan: one weight matrix and bias per weighted layer,
 * one slope vector per gated layer, plus a frozen mask per gated layer (1 = snapped to a = 1).
 */

import * as tf from '../tf';
import { channelGraphOf, fanIn, weightedSummand, type ArchitecturePlan, type PlannedLayer, type WeightedSummand } from './architecture';
import type { ChannelGraph } from '../analysis/channelGraph';
import { conv3x3 } from './conv';
import { denseMatMul } from './denseMatMul';
import { applyGate } from './gate';
import { maxPool } from './maxPool';
import { avgPool2x2, maxPool2x2 } from './pool2x2';
import { unfoldedConv3x3 } from './unfoldedConv';
import { glorotUniform, heNormal } from './init';
import type { TailConstraint } from '../training/optimizer';

interface LayerParams {
  /** [taps * inChannels, channels] (see WeightedSummand), or null for layers without weights. */
  weight: tf.Variable<tf.Rank.R2> | null;
  bias: tf.Variable<tf.Rank.R1> | null;
}

export class Network {
  readonly graph: ChannelGraph;
  /** Total gated channels: N of the prior. */
  readonly gatedChannelCount: number;
  /** All frozen masks as one vector, for slopeConstraint; rebuilt after setFrozen. */
  private frozenFlat: tf.Tensor1D | null = null;

  private constructor(
    readonly plan: ArchitecturePlan,
    private readonly params: LayerParams[],
    /** Per gated layer, slopes a in [0, 1]. */
    readonly slopes: tf.Variable<tf.Rank.R1>[],
    /** Per gated layer, 1 where the channel is snapped (frozen at a = 1), else 0. Not trainable. */
    readonly frozen: tf.Variable<tf.Rank.R1>[],
  ) {
    this.graph = channelGraphOf(plan);
    this.gatedChannelCount = plan.gatedChannels.reduce((a, b) => a + b, 0);
  }

  /** Weights from the seeded PRNG (He-normal before gates, Glorot for the output), biases 0, slopes 0. */
  static create(plan: ArchitecturePlan, seed: number): Network {
    const params = plan.layers.map((layer): LayerParams => {
      const summand = weightedSummand(layer);
      if (!summand) return { weight: null, bias: null };
      const rows = fanIn(summand);
      const init = layer.init === 'glorot' ? glorotUniform : heNormal;
      return {
        weight: ownedVariable(tf.tensor2d(init(seed, layer.name, rows, layer.channels), [rows, layer.channels])),
        bias: ownedVariable(tf.zeros<tf.Rank.R1>([layer.channels])),
      };
    });
    const slopes = plan.gatedChannels.map((c) => ownedVariable(tf.zeros<tf.Rank.R1>([c])));
    const frozen = plan.gatedChannels.map((c) => ownedVariable(tf.zeros<tf.Rank.R1>([c]), false));
    return new Network(plan, params, slopes, frozen);
  }

  /**
   * x: [B, featureSize] network inputs; returns [B, numClasses] logits. `twiceDifferentiable`
   * convolves and pools with ./unfoldedConv.ts and ./pool2x2.ts (same values, slower) so that
   * gradients of the gradient exist on every backend (src/engine/ntk).
   */
  forward(x: tf.Tensor2D, { twiceDifferentiable = false }: { twiceDifferentiable?: boolean } = {}): tf.Tensor2D {
    return tf.tidy(() => {
      const { layers } = this.plan;
      const batch = x.shape[0];
      const input = layers[0];
      const values: tf.Tensor[] = [input.size ? x.reshape([batch, input.size[0], input.size[1], input.channels]) : x];
      for (let i = 1; i < layers.length; i++) values.push(this.layerOutput(i, layers[i], values, twiceDifferentiable));
      return values[values.length - 1] as tf.Tensor2D;
    });
  }

  private layerOutput(index: number, layer: PlannedLayer, values: tf.Tensor[], twiceDifferentiable: boolean): tf.Tensor {
    const { weight, bias } = this.params[index];
    let sum: tf.Tensor | null = null;
    for (const s of layer.summands) {
      const term = s.connection === 'identity' ? values[s.from] : weighted(values[s.from], s, weight as tf.Tensor2D, twiceDifferentiable);
      sum = sum ? tf.add(sum, term) : term;
    }
    let out = bias ? tf.add(sum as tf.Tensor, bias) : (sum as tf.Tensor);
    if (layer.gate >= 0) out = applyGate(out, this.slopes[layer.gate]);
    if (layer.pool === 'max') out = twiceDifferentiable ? maxPool2x2(out as tf.Tensor4D) : maxPool(out as tf.Tensor4D);
    if (layer.pool === 'avg') out = twiceDifferentiable ? avgPool2x2(out as tf.Tensor4D) : tf.avgPool(out as tf.Tensor4D, 2, 2, 'valid');
    return out;
  }

  /** The weight matrix of plan layer `layerIndex`, or null if it has none. */
  weightOf(layerIndex: number): tf.Variable<tf.Rank.R2> | null {
    return this.params[layerIndex]?.weight ?? null;
  }

  /** The bias of plan layer `layerIndex`, or null if it has none. */
  biasOf(layerIndex: number): tf.Variable<tf.Rank.R1> | null {
    return this.params[layerIndex]?.bias ?? null;
  }

  /** Everything the optimizer updates: weights, biases, then the slopes last (see slopeConstraint). */
  trainableVariables(): tf.Variable[] {
    const vars: tf.Variable[] = [];
    for (const p of this.params) {
      if (p.weight) vars.push(p.weight);
      if (p.bias) vars.push(p.bias);
    }
    return vars.concat(this.slopes);
  }

  /** Slopes back into [0, 1], after adding `increment` (the prior's proximal step); frozen channels exactly 1. */
  constrainSlopes(increment = 0): void {
    tf.tidy(() => {
      this.slopes.forEach((a, g) => a.assign(projectSlopes(a, increment, this.frozen[g])));
    });
  }

  /**
   * constrainSlopes as the optimizer's projection of the slopes (the last trainable variables) on
   * their flat updated values: the same values, in three kernels for all gated layers at once.
   */
  slopeConstraint(increment = 0): TailConstraint {
    return { variables: this.slopes.length, project: (updated) => projectSlopes(updated, increment, this.allFrozen()) };
  }

  /** Sets gated layer g's frozen mask (1 = snapped to a = 1). */
  setFrozen(g: number, mask: Float32Array): void {
    tf.tidy(() => this.frozen[g].assign(tf.tensor1d(mask)));
    this.frozenFlat?.dispose();
    this.frozenFlat = null;
  }

  /** Every frozen mask was written directly (a checkpoint restored): the cached concatenation is stale. */
  frozenMasksChanged(): void {
    this.frozenFlat?.dispose();
    this.frozenFlat = null;
  }

  private allFrozen(): tf.Tensor1D {
    this.frozenFlat ??= tf.tidy(() => tf.keep(tf.concat(this.frozen)));
    return this.frozenFlat;
  }

  dispose(): void {
    for (const p of this.params) {
      p.weight?.dispose();
      p.bias?.dispose();
    }
    for (const v of this.slopes) v.dispose();
    for (const v of this.frozen) v.dispose();
    this.frozenFlat?.dispose();
  }
}

function projectSlopes(slopes: tf.Tensor, increment: number, frozen: tf.Tensor): tf.Tensor1D {
  const moved = increment === 0 ? slopes : tf.add(slopes, increment);
  return tf.maximum<tf.Tensor1D>(tf.clipByValue(moved, 0, 1), frozen);
}

/** Layer 0's value is the data, whose gradient nothing needs (conv3x3 and denseMatMul then skip it). */
function weighted(value: tf.Tensor, summand: WeightedSummand, weight: tf.Tensor2D, twiceDifferentiable: boolean): tf.Tensor {
  const inputGradient = summand.from !== 0;
  if (summand.op === 'conv') {
    if (twiceDifferentiable) return unfoldedConv3x3(value as tf.Tensor4D, weight, summand.stride);
    return conv3x3(value as tf.Tensor4D, weight, summand.stride, { inputGradient });
  }
  const flat = value.rank === 2 ? (value as tf.Tensor2D) : value.reshape<tf.Tensor2D>([value.shape[0], -1]);
  return twiceDifferentiable ? tf.matMul(flat, weight) : denseMatMul(flat, weight, { inputGradient });
}

/** tf.variable does not take ownership of its initial value: dispose it here. */
function ownedVariable<R extends tf.Rank>(initial: tf.Tensor<R>, trainable = true): tf.Variable<R> {
  const v = tf.variable(initial, trainable);
  initial.dispose();
  return v;
}
