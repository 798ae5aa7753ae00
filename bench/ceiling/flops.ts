/**
 * Useful floating-point work of a training step, counted from a model's layer plan
 * (src/engine/model/architecture.ts), and the GFLOP/s arithmetic of the ceiling bench
 * (bench/ceiling/ceiling.ts). Pure: no tfjs, no timing.
 *
 * What counts: the multiply-adds of the weighted summands (3x3 convolutions, same padding, and dense
 * layers), a multiply-add = 2 FLOPs. Per layer and example, a training step does the forward product,
 * the weight gradient (the same number of multiply-adds) and the input gradient (the same again),
 * except for a layer fed by the data, whose input gradient neither the lab (`inputGradient: false`)
 * nor PyTorch (the images do not require grad) computes. Gates, pooling, biases, the loss and the
 * optimizer are left out (they are O(activations), not O(activations x fan-in)); so are the extra
 * multiply-adds an implementation chooses to do (zero-upsampled gradients, phases): this is the
 * work both sides must do, the same for the lab and PyTorch, so FLOP/s compare like with like.
 */
import { planArchitecture, type ArchitecturePlan } from '../../src/engine/model/architecture';
import type { ModelConfig } from '../../src/engine/config/types';

export interface LayerWork {
  layer: string;
  op: 'conv' | 'dense';
  /** Multiply-adds per example of each pass. */
  forward: number;
  weightGradient: number;
  inputGradient: number;
}

/** Multiply-adds per example of every weighted summand of the plan, by pass. */
export function layerWork(plan: ArchitecturePlan): LayerWork[] {
  const work: LayerWork[] = [];
  for (const layer of plan.layers) {
    for (const s of layer.summands) {
      if (s.connection !== 'full') continue;
      // A conv's outputs are the layer's map before pooling (its size); a dense layer has one per channel.
      const outputs = s.op === 'conv' ? (layer.size as [number, number])[0] * (layer.size as [number, number])[1] * layer.channels : layer.channels;
      const forward = outputs * s.taps * s.inChannels;
      work.push({ layer: layer.name, op: s.op, forward, weightGradient: forward, inputGradient: s.from === 0 ? 0 : forward });
    }
  }
  return work;
}

/** Multiply-adds per example of one training step (forward, weight and input gradients). */
export function trainingMacsPerExample(plan: ArchitecturePlan): number {
  return layerWork(plan).reduce((sum, l) => sum + l.forward + l.weightGradient + l.inputGradient, 0);
}

/** FLOPs per example of one training step (2 per multiply-add). */
export function trainingFlopsPerExample(plan: ArchitecturePlan): number {
  return 2 * trainingMacsPerExample(plan);
}

/** The same for a model config on 28x28x1 images with 10 classes (the bench's MNIST cases). */
export function mnistTrainingFlops(model: ModelConfig): number {
  return trainingFlopsPerExample(planArchitecture(model, [28, 28, 1], 10));
}

/** GFLOP/s of `flops` done in `seconds`. */
export function gflops(flops: number, seconds: number): number {
  if (!(seconds > 0)) throw new RangeError(`seconds must be > 0, got ${seconds}`);
  return flops / seconds / 1e9;
}

/** GFLOP/s of training at `examplesPerSecond`, `flopsPerExample` each. */
export function trainingGflops(flopsPerExample: number, examplesPerSecond: number): number {
  return (flopsPerExample * examplesPerSecond) / 1e9;
}

/**
 * FLOPs of a peak loop: `iterations` times, each of `chains` independent accumulators does
 * `opsPerChain` multiply-adds on vectors of `lanes` floats (a multiply-add = 2 FLOPs, whether one
 * fused instruction or a multiply and an add).
 */
export function peakLoopFlops(iterations: number, chains: number, lanes: number, opsPerChain = 1): number {
  return 2 * iterations * chains * lanes * opsPerChain;
}

/**
 * The best lab / PyTorch ratio if the lab's step were as efficient against its own peak as PyTorch's
 * step is against its own: the same work, so the ratio of the peaks (each side's GFLOP/s at its
 * efficiency). `labEfficiency` (optional) replaces PyTorch's efficiency for the lab, e.g. the
 * efficiency the lab's best kernel reaches.
 */
export function ratioAtEfficiency(labPeak: number, torchPeak: number, torchEfficiency: number, labEfficiency = torchEfficiency): number {
  return (labPeak * labEfficiency) / (torchPeak * torchEfficiency);
}
