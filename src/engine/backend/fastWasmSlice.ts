/**
 * A faster Slice kernel for the WASM backend. tfjs-backend-wasm 4.22's Slice starts with
 * backend.readSync(x), which copies the whole input out of the WASM heap, so slicing k parts off a
 * vector of n values copies k * n values. This kernel copies just the part, from a view of the heap:
 * a contiguous slice in one piece, any other as its contiguous runs (a block of a matrix row by row;
 * the tangent kernel's 3x3 windows, src/engine/ntk/empiricalKernel.ts). Strings go to tfjs's own kernel.
 * The flat optimizer (src/engine/training/optimizer.ts) slices its update back into each variable
 * at every step: with tfjs's kernel that took longer than the whole Adam update it replaced.
 */
import * as tf from '../tf';

interface WasmHeapBackend {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(tensor: tf.TensorInfo): Float32Array | Int32Array | Uint8Array;
}

let registered = false;

/** Call once after the WASM backend's package is imported; a no-op where it is not. */
export function registerFastWasmSlice(): void {
  if (registered) return;
  const original = tf.getKernel(tf.Slice, 'wasm');
  if (!original) return;
  registered = true;
  tf.unregisterKernel(tf.Slice, 'wasm');
  tf.registerKernel({
    kernelName: tf.Slice,
    backendName: 'wasm',
    kernelFunc: (args) => {
      const x = args.inputs.x as tf.TensorInfo;
      const { begin, size } = args.attrs as unknown as tf.SliceAttrs;
      const [start, extent] = tf.slice_util.parseSliceParams(x, begin, size);
      if (x.dtype === 'string') return original.kernelFunc(args);
      const backend = args.backend as unknown as WasmHeapBackend;
      const out = backend.makeOutput(extent, x.dtype); // may grow the heap: take the views after it
      copySlice(backend.typedArrayFromHeap(x), x.shape, start, extent, backend.typedArrayFromHeap(out));
      return out;
    },
  });
}

/**
 * Copies the slice [start, start + extent) of a row-major `source` of `shape` into `target`, in
 * runs: the innermost dimensions the slice takes whole are contiguous in both, together with the
 * part of the next one out; the dimensions outside are counted through like an odometer.
 */
export function copySlice(
  source: Float32Array | Int32Array | Uint8Array,
  shape: readonly number[],
  start: readonly number[],
  extent: readonly number[],
  target: Float32Array | Int32Array | Uint8Array,
): void {
  const rank = shape.length;
  if (rank === 0 || extent.some((e) => e === 0)) {
    if (rank === 0) target[0] = source[0];
    return;
  }
  const strides = new Array<number>(rank);
  strides[rank - 1] = 1;
  for (let d = rank - 2; d >= 0; d--) strides[d] = strides[d + 1] * shape[d + 1];
  // The run: dimension `inner` (partly) and every whole dimension inside it.
  let inner = rank - 1;
  while (inner > 0 && start[inner] === 0 && extent[inner] === shape[inner]) inner--;
  const run = extent[inner] * strides[inner];
  const index = new Array<number>(inner).fill(0);
  let written = 0;
  for (;;) {
    let offset = start[inner] * strides[inner];
    for (let d = 0; d < inner; d++) offset += (start[d] + index[d]) * strides[d];
    target.set(source.subarray(offset, offset + run), written);
    written += run;
    let d = inner - 1;
    while (d >= 0 && ++index[d] === extent[d]) index[d--] = 0;
    if (d < 0) return;
  }
}
