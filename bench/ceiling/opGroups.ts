/**
 * Per-op efficiency of the CNNs' training steps (bench/ceiling/ceiling.ts --only=profile): groups of
 * profiled ops (tfjs kernels in the lab, aten ops in PyTorch) with the useful FLOPs each group does,
 * and their CPU time. Pure.
 *
 * tf.profile and torch.profiler time by the wall clock, which on a shared machine counts other jobs'
 * time too; so a group's CPU ms is its share of the profiled total times the unprofiled step's CPU
 * time (other jobs slow every op alike, to first order).
 */

export interface OpTime {
  name: string;
  /** The op's input shapes as its profiler prints them: `[64,28,28,16] [3,3,16,32]` (tfjs), `[[64, 16, 29, 29], ...]` (PyTorch). */
  shapes: string;
  ms: number;
}

export interface OpGroup {
  name: string;
  /** Useful FLOPs per step (./flops.ts's count for what the group computes). */
  flops: number;
  lab: (op: OpTime) => boolean;
  torch: (op: OpTime) => boolean;
}

/** tfjs's profile lists a custom gradient's forward pass as "unnamed scope" besides the kernels in it. */
export const isLabKernel = (op: OpTime) => op.name !== 'unnamed scope';

/** CPU ms per step of the ops that match: their share of the profiled total, times the step's CPU ms. */
export function cpuMsOf(ops: OpTime[], match: (op: OpTime) => boolean, stepCpuMs: number): number {
  const total = ops.reduce((s, o) => s + o.ms, 0);
  const part = ops.filter(match).reduce((s, o) => s + o.ms, 0);
  return total > 0 ? (stepCpuMs * part) / total : NaN;
}

const LAB_PRODUCTS = new Set(['Conv2D', 'FusedConv2D', 'DepthwiseConv2dNative', 'BatchMatMul', '_FusedMatMul', 'MatMul']);
const TORCH_PRODUCTS = /convolution|^aten::(mm|addmm|bmm|matmul)$/;

/** Every convolution and matrix product against everything else (any model). */
export function coarseGroups(trainingFlopsPerStep: number): OpGroup[] {
  const labProduct = (o: OpTime) => LAB_PRODUCTS.has(o.name);
  const torchProduct = (o: OpTime) => TORCH_PRODUCTS.test(o.name);
  return [
    { name: 'convolutions and matrix products, all passes', flops: trainingFlopsPerStep, lab: labProduct, torch: torchProduct },
    { name: 'everything else (gates, sums, transposes, pooling, loss, optimizer)', flops: 0, lab: (o) => !labProduct(o), torch: (o) => !torchProduct(o) },
  ];
}

/**
 * The default CNN (conv 16, conv 32 stride 2, dense 10) op by op at batch b: which tfjs kernels
 * (src/engine/model/conv.ts, denseMatMul.ts) and which aten ops compute each layer's passes. FLOPs per
 * example from ./flops.ts: conv1 112,896, conv2 903,168, dense 62,720 multiply-adds a pass.
 */
export function defaultCnnGroups(b: number): OpGroup[] {
  const is = (name: string, shapes: string) => (o: OpTime) => o.name === name && o.shapes === shapes;
  const starts = (name: RegExp, prefix: string) => (o: OpTime) => name.test(o.name) && o.shapes.startsWith(prefix);
  const any =
    (...ms: ((o: OpTime) => boolean)[]) =>
    (o: OpTime) =>
      ms.some((m) => m(o));
  const groups: OpGroup[] = [
    {
      name: 'conv2 forward (16 -> 32, stride 2)',
      flops: 2 * 903_168 * b,
      lab: is('Conv2D', `[${b},28,28,16] [3,3,16,32]`),
      torch: starts(/^aten::mkldnn_convolution$/, `[[${b}, 16, 29, 29], [32, 16, 3, 3]`),
    },
    {
      name: 'conv2 backward (kernel and input gradients)',
      flops: 4 * 903_168 * b,
      lab: any(is('Conv2D', `[16,28,28,${b}] [14,14,${b},32]`), is('Conv2D', `[${b},14,14,32] [2,2,32,64]`)),
      torch: starts(/^aten::convolution_backward$/, `[[${b}, 32, 14, 14], [${b}, 16, 29, 29]`),
    },
    {
      name: 'conv1 (1 -> 16) forward and kernel gradient',
      flops: 4 * 112_896 * b,
      lab: any(is('Conv2D', `[${b},28,28,1] [3,3,1,16]`), is('Conv2D', `[${b},28,28,1] [3,3,1,9]`), is('BatchMatMul', `[9,${b * 784}] [${b * 784},16]`)),
      torch: any(starts(/^aten::mkldnn_convolution$/, `[[${b}, 1, 30, 30]`), starts(/^aten::convolution_backward$/, `[[${b}, 16, 28, 28], [${b}, 1, 30, 30]`)),
    },
    {
      name: 'dense 6272 -> 10, all passes',
      flops: 6 * 62_720 * b,
      lab: (o) => /MatMul/.test(o.name) && o.shapes.includes('6272'),
      torch: (o) => /^aten::(mm|addmm)$/.test(o.name) && o.shapes.includes('6272'),
    },
  ];
  const named = [...groups];
  const lab = (o: OpTime) => named.some((g) => g.lab(o));
  const torch = (o: OpTime) => named.some((g) => g.torch(o));
  groups.push({ name: 'everything else (gates, sums, transposes, padding, loss, optimizer)', flops: 0, lab: (o) => !lab(o), torch: (o) => !torch(o) });
  return groups;
}
