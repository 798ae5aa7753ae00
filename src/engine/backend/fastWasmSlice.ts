/**
 * A faster Slice kernel for the WASM backend. tfjs-backend-wasm 4.22's Slice starts with
 * backend.readSync(x), which copies the whole input out of the WASM heap, so slicing k parts off a
 * vector of n values copies k * n values. For a contiguous slice this kernel copies just the part,
 * from a view of the heap; everything else still goes to tfjs's own kernel.
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
      if (x.dtype === 'string' || !tf.slice_util.isSliceContinous(x.shape, start, extent)) return original.kernelFunc(args);
      const offset = tf.slice_util.computeFlatOffset(start, tf.util.computeStrides(x.shape));
      const backend = args.backend as unknown as WasmHeapBackend;
      const out = backend.makeOutput(extent, x.dtype); // may grow the heap: take the views after it
      const source = backend.typedArrayFromHeap(x);
      backend.typedArrayFromHeap(out).set(source.subarray(offset, offset + tf.util.sizeFromShape(extent)));
      return out;
    },
  });
}
