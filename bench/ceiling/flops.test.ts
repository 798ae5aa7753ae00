import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/engine/config/defaults';
import { planArchitecture } from '../../src/engine/model/architecture';
import { torchCases } from '../measure/torchCases';
import { coarseGroups, cpuMsOf, defaultCnnGroups, isLabKernel, type OpTime } from './opGroups';
import { gflops, layerWork, mnistTrainingFlops, peakLoopFlops, ratioAtEfficiency, trainingFlopsPerExample, trainingGflops, trainingMacsPerExample } from './flops';

const caseModel = (id: string) => torchCases().find((c) => c.id === id)!.config.model;

describe('FLOPs of a training step from the layer plan', () => {
  it('the default CNN: conv 16 (28x28, 1 input channel), conv 32 stride 2 (14x14), dense 6272 -> 10', () => {
    const plan = planArchitecture(caseModel('cnn'), [28, 28, 1], 10);
    // By hand: 28*28*16*9*1 = 112,896; 14*14*32*9*16 = 903,168; 14*14*32*10 = 62,720.
    expect(layerWork(plan)).toEqual([
      { layer: 'conv1', op: 'conv', forward: 112_896, weightGradient: 112_896, inputGradient: 0 },
      { layer: 'conv2', op: 'conv', forward: 903_168, weightGradient: 903_168, inputGradient: 903_168 },
      { layer: 'output', op: 'dense', forward: 62_720, weightGradient: 62_720, inputGradient: 62_720 },
    ]);
    // 2 * 112,896 + 3 * (903,168 + 62,720) = 225,792 + 2,897,664.
    expect(trainingMacsPerExample(plan)).toBe(3_123_456);
    expect(trainingFlopsPerExample(plan)).toBe(6_246_912);
  });

  it('the residual CNN with max pooling: convolutions before pooling at 28x28 and 14x14, blocks after it', () => {
    // conv1 28*28*16*9 = 112,896; block1.a, block1.add 14*14*16*9*16 = 451,584 each; conv2 14*14*32*9*16 =
    // 903,168; block2.a, block2.add 7*7*32*9*32 = 451,584 each; output 7*7*32*10 = 15,680.
    // Forward 2,838,080; training 3 * 2,838,080 - 112,896 = 8,401,344 multiply-adds.
    const plan = planArchitecture(caseModel('rescnn'), [28, 28, 1], 10);
    expect(layerWork(plan).map((l) => [l.layer, l.forward])).toEqual([
      ['conv1', 112_896],
      ['block1.a', 451_584],
      ['block1.add', 451_584],
      ['conv2', 903_168],
      ['block2.a', 451_584],
      ['block2.add', 451_584],
      ['output', 15_680],
    ]);
    expect(trainingMacsPerExample(plan)).toBe(8_401_344);
    expect(mnistTrainingFlops(caseModel('rescnn'))).toBe(16_802_688);
  });

  it('the default MLP 784-64-64-64-10: the first layer has no input gradient', () => {
    const config = defaultConfig();
    // 784*64 = 50,176; 64*64 = 4,096 twice; 64*10 = 640. 2 * 50,176 + 3 * (4,096 + 4,096 + 640).
    expect(trainingMacsPerExample(planArchitecture(config.model, [28, 28, 1], 10))).toBe(100_352 + 26_496);
  });
});

describe('GFLOP/s arithmetic', () => {
  it('divides FLOPs by seconds', () => {
    expect(gflops(3e9, 1.5)).toBe(2);
    expect(() => gflops(1, 0)).toThrow(RangeError);
  });

  it('training GFLOP/s from examples/s', () => {
    // The default CNN at 4,000 examples/s: 6,246,912 * 4,000 = 24.987648 GFLOP/s.
    expect(trainingGflops(6_246_912, 4000)).toBeCloseTo(24.987648, 9);
  });

  it('a peak loop: 1,000 iterations of 12 chains of 4-lane multiply-adds = 96,000 FLOPs', () => {
    expect(peakLoopFlops(1000, 12, 4)).toBe(96_000);
    expect(peakLoopFlops(10, 8, 16, 4)).toBe(10_240);
  });

  it('the best ratio at equal efficiency is the ratio of the peaks', () => {
    expect(ratioAtEfficiency(40, 80, 0.3)).toBeCloseTo(0.5, 12);
    // The lab at 60 % of its peak against PyTorch at 30 % of a peak twice as high: 1.0.
    expect(ratioAtEfficiency(40, 80, 0.3, 0.6)).toBeCloseTo(1, 12);
  });
});

describe('op groups of a profile', () => {
  const ops: OpTime[] = [
    { name: 'Conv2D', shapes: '[64,28,28,16] [3,3,16,32]', ms: 30 },
    { name: 'Conv2D', shapes: '[16,28,28,64] [14,14,64,32]', ms: 20 },
    { name: 'Conv2D', shapes: '[64,14,14,32] [2,2,32,64]', ms: 10 },
    { name: 'BatchMatMul', shapes: '[10,64] [64,6272]', ms: 5 },
    { name: 'Sum', shapes: '[64,14,14,32]', ms: 35 },
  ];

  it('scale a share of the profiled (wall-clock) total to the CPU step: 30 of 100 ms profiled, 50 ms CPU -> 15 ms', () => {
    expect(cpuMsOf(ops, (o) => o.shapes === '[64,28,28,16] [3,3,16,32]', 50)).toBe(15);
    expect(cpuMsOf([], () => true, 50)).toBeNaN();
  });

  it("put the default CNN's kernels in their layers and passes, with each pass's FLOPs", () => {
    const groups = defaultCnnGroups(64);
    const of = (name: string) => groups.find((g) => g.name.startsWith(name))!;
    expect(ops.filter(of('conv2 forward').lab)).toEqual([ops[0]]);
    expect(ops.filter(of('conv2 backward').lab)).toEqual([ops[1], ops[2]]);
    expect(ops.filter(of('dense').lab)).toEqual([ops[3]]);
    expect(ops.filter(of('everything else').lab)).toEqual([ops[4]]);
    // 2 * 903,168 * 64; twice that for the two gradients; 6 * 62,720 * 64.
    expect(of('conv2 forward').flops).toBe(115_605_504);
    expect(of('conv2 backward').flops).toBe(231_211_008);
    expect(of('dense').flops).toBe(24_084_480);
    const torchOps: OpTime[] = [
      { name: 'aten::mkldnn_convolution', shapes: '[[64, 16, 29, 29], [32, 16, 3, 3], [32], [], [], [], []]', ms: 1 },
      { name: 'aten::convolution_backward', shapes: '[[64, 32, 14, 14], [64, 16, 29, 29], [32, 16, 3, 3], []]', ms: 1 },
      { name: 'aten::addmm', shapes: '[[10], [64, 6272], [6272, 10], [], []]', ms: 1 },
      { name: 'aten::prelu_backward', shapes: '[[64, 16, 28, 28], [64, 16, 28, 28], [16]]', ms: 1 },
    ];
    expect(groups.map((g) => torchOps.filter(g.torch).length)).toEqual([1, 1, 0, 1, 1]);
  });

  it('coarse groups: products against the rest, and "unnamed scope" is not a kernel', () => {
    const [products, rest] = coarseGroups(1000);
    expect(ops.filter(products.lab).length).toBe(4);
    expect(ops.filter(rest.lab)).toEqual([ops[4]]);
    expect(products.torch({ name: 'aten::convolution_backward', shapes: '', ms: 0 })).toBe(true);
    expect(isLabKernel({ name: 'unnamed scope', shapes: '', ms: 1 })).toBe(false);
  });
});
