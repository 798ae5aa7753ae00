/**
 * The layer plan of a model config. The tfjs network (./network.ts) and the channel graph that the
 * analyses read (channelGraphOf) are both built from this one plan, so they cannot disagree.
 *
 * Layers are listed in topological order, exactly as in ChannelGraph: layer 0 is the input, the last
 * layer is the output (linear logits). A layer's pre-activation is bias + the sum of its summands;
 * gated layers then apply their gate, and a CNN stage may pool after its gate.
 */

import type { ChannelGraph } from '../analysis/channelGraph';
import type { ModelConfig, PoolKind } from '../config/types';

export interface IdentitySummand {
  connection: 'identity';
  from: number;
}

/**
 * A weighted summand: dense (matMul) or 3x3 conv (same padding). Its weight matrix has
 * taps * inChannels rows (row = tap * inChannels + channel) and the layer's channels as columns:
 * taps = 9 for a conv (row-major 3x3 offsets), the source's H*W when a dense layer flattens a
 * feature-map layer, 1 for a dense layer on a flat source.
 */
export interface WeightedSummand {
  connection: 'full';
  from: number;
  op: 'dense' | 'conv';
  stride: 1 | 2;
  inChannels: number;
  taps: number;
}

export type PlannedSummand = IdentitySummand | WeightedSummand;

export interface PlannedLayer {
  name: string;
  channels: number;
  /** [H, W] where the summands are added (before pooling); null for flat (dense) layers. */
  size: [number, number] | null;
  /** [H, W] of what this layer hands on (after pooling); null for flat layers. */
  outputSize: [number, number] | null;
  summands: PlannedSummand[];
  /** Index into the gated layers, or -1 (input, output). */
  gate: number;
  pool: PoolKind;
  /** Weight init of the weighted summand: He-normal before a gate, Glorot for the linear output. */
  init: 'he' | 'glorot' | null;
}

export interface ArchitecturePlan {
  kind: ModelConfig['kind'];
  inputShape: number[];
  numClasses: number;
  layers: PlannedLayer[];
  /** Channels per gated layer, in gate order. */
  gatedChannels: number[];
}

export function planArchitecture(model: ModelConfig, inputShape: number[], numClasses: number): ArchitecturePlan {
  if (!Number.isInteger(numClasses) || numClasses < 1) throw new RangeError(`numClasses must be a whole number >= 1, got ${numClasses}`);
  if (model.kind === 'cnn' && inputShape.length !== 3) {
    throw new Error(`a CNN needs image input [height, width, channels], got [${inputShape.join(', ')}]`);
  }
  const layers: PlannedLayer[] = [];
  const gatedChannels: number[] = [];
  const spatialInput = model.kind === 'cnn';
  const inputChannels = spatialInput ? inputShape[2] : inputShape.reduce((a, b) => a * b, 1);
  const inputSize: [number, number] | null = spatialInput ? [inputShape[0], inputShape[1]] : null;
  layers.push({ name: 'input', channels: inputChannels, size: inputSize, outputSize: inputSize, summands: [], gate: -1, pool: 'none', init: null });

  const addGated = (name: string, channels: number, summands: PlannedSummand[], size: [number, number] | null, pool: PoolKind): number => {
    if (!Number.isInteger(channels) || channels < 1) throw new RangeError(`${name}: channels must be a whole number >= 1, got ${channels}`);
    let outputSize = size;
    if (size && pool !== 'none') {
      outputSize = [Math.floor(size[0] / 2), Math.floor(size[1] / 2)];
      if (outputSize[0] < 1 || outputSize[1] < 1) throw new Error(`${name}: a ${size[0]}x${size[1]} map is too small to pool`);
    }
    layers.push({ name, channels, size, outputSize, summands, gate: gatedChannels.length, pool, init: 'he' });
    gatedChannels.push(channels);
    return layers.length - 1;
  };
  const weighted = (from: number, op: 'dense' | 'conv', stride: 1 | 2): WeightedSummand => {
    const source = layers[from];
    const taps = op === 'conv' ? 9 : source.outputSize ? source.outputSize[0] * source.outputSize[1] : 1;
    return { connection: 'full', from, op, stride, inChannels: source.channels, taps };
  };
  /** h = gate1(L1(x)); y = gate2(x + L2(h)), same width and size as x. */
  const addResidualBlock = (blockIndex: number, op: 'dense' | 'conv'): void => {
    const x = layers.length - 1;
    const { channels, outputSize } = layers[x];
    const h = addGated(`block${blockIndex}.a`, channels, [weighted(x, op, 1)], outputSize, 'none');
    addGated(`block${blockIndex}.add`, channels, [{ connection: 'identity', from: x }, weighted(h, op, 1)], outputSize, 'none');
  };

  if (model.kind === 'mlp') {
    model.hidden.forEach((width, i) => {
      addGated(`dense${i + 1}`, width, [weighted(layers.length - 1, 'dense', 1)], null, 'none');
      if (model.residual) addResidualBlock(i + 1, 'dense');
    });
  } else {
    model.conv.forEach((stage, i) => {
      const from = layers.length - 1;
      const [h, w] = layers[from].outputSize as [number, number];
      if (stage.stride !== 1 && stage.stride !== 2) throw new RangeError(`conv${i + 1}: stride must be 1 or 2, got ${String(stage.stride)}`);
      const size: [number, number] = [Math.ceil(h / stage.stride), Math.ceil(w / stage.stride)];
      addGated(`conv${i + 1}`, stage.channels, [weighted(from, 'conv', stage.stride)], size, stage.pool);
      if (model.residual) addResidualBlock(i + 1, 'conv');
    });
  }
  layers.push({
    name: 'output',
    channels: numClasses,
    size: null,
    outputSize: null,
    summands: [weighted(layers.length - 1, 'dense', 1)],
    gate: -1,
    pool: 'none',
    init: 'glorot',
  });
  return { kind: model.kind, inputShape: [...inputShape], numClasses, layers, gatedChannels };
}

export function channelGraphOf(plan: ArchitecturePlan): ChannelGraph {
  return {
    layers: plan.layers.map((layer) => ({
      name: layer.name,
      channels: layer.channels,
      summands: layer.summands.map((s) => ({ from: s.from, connection: s.connection })),
      gate: layer.gate,
    })),
  };
}

/** The weighted summand of a layer (each planned layer has at most one), or null. */
export function weightedSummand(layer: PlannedLayer): WeightedSummand | null {
  return layer.summands.find((s): s is WeightedSummand => s.connection === 'full') ?? null;
}

/** Fan-in of a weighted summand: inputs per output channel. */
export function fanIn(summand: WeightedSummand): number {
  return summand.taps * summand.inChannels;
}
