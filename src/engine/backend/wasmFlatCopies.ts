/**
 * Two copying kernels of the lab's own for the WASM backend, for the flat optimizer
 * (src/engine/training/optimizer.ts), which concatenates every variable (and every gradient) into
 * one vector at each step and writes the updated vector back into the variables:
 * - LabFlatten: tensors of any shapes, one after the other, as one float32 vector;
 * - LabUnflatten: a vector cut into consecutive tensors of the given shapes.
 * With tfjs's kernels that was a Reshape per matrix and a Concat each way in, and a Slice per
 * variable and a Reshape per matrix out: 23 kernel calls a step for the default MLP, each paying
 * tfjs's fixed cost per call (the step is ~130 calls, and the MLP's step is bound by their number,
 * not by arithmetic). These are one call each way. Plain copies of the same values.
 * Not differentiable (the optimizer runs off the tape).
 */
import * as tf from '../tf';

export const FLATTEN = 'LabFlatten';
export const UNFLATTEN = 'LabUnflatten';

interface WasmHeapBackend {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(tensor: tf.TensorInfo): Float32Array | Int32Array | Uint8Array;
}

let registered = false;

/** Call once after the WASM backend's package is imported; a no-op where it is not. */
export function registerWasmFlatCopies(): void {
  if (registered || !tf.getKernel(tf.Slice, 'wasm')) return;
  registered = true;
  tf.registerKernel({
    kernelName: FLATTEN,
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend }) => {
      const parts = Object.values(inputs) as tf.TensorInfo[];
      const heap = backend as unknown as WasmHeapBackend;
      const out = heap.makeOutput([parts.reduce((n, t) => n + tf.util.sizeFromShape(t.shape), 0)], 'float32');
      const target = heap.typedArrayFromHeap(out); // after makeOutput, which may grow the heap
      let offset = 0;
      for (const part of parts) {
        const values = heap.typedArrayFromHeap(part);
        target.set(values, offset);
        offset += values.length;
      }
      return out;
    },
  });
  tf.registerKernel({
    kernelName: UNFLATTEN,
    backendName: 'wasm',
    kernelFunc: ({ inputs, attrs, backend }) => {
      const { shapes } = attrs as unknown as { shapes: number[][] };
      const heap = backend as unknown as WasmHeapBackend;
      const outs = shapes.map((shape) => heap.makeOutput(shape, 'float32'));
      const source = heap.typedArrayFromHeap(inputs.x as tf.TensorInfo); // after every makeOutput
      let offset = 0;
      for (const out of outs) {
        const target = heap.typedArrayFromHeap(out);
        target.set(source.subarray(offset, offset + target.length));
        offset += target.length;
      }
      return outs;
    },
  });
}

/** Whether the kernels run on the active backend. */
export function wasmFlatCopiesActive(): boolean {
  return registered && tf.getBackend() === 'wasm';
}

/** The tensors' values one after the other, as one vector (float32 tensors only). */
export function flattenAll(tensors: readonly tf.Tensor[]): tf.Tensor1D {
  if (tensors.some((t) => t.dtype !== 'float32')) throw new TypeError('flattenAll: float32 tensors only');
  return tf.engine().runKernel<tf.Tensor1D>(FLATTEN, tensors as unknown as tf.NamedTensorMap, {});
}

/** `flat` cut into consecutive tensors of `shapes` (which must add up to its size). */
export function unflatten(flat: tf.Tensor1D, shapes: readonly number[][]): tf.Tensor[] {
  const total = shapes.reduce((n, s) => n + tf.util.sizeFromShape(s), 0);
  if (total !== flat.size) throw new RangeError(`unflatten: shapes of ${total} values for a vector of ${flat.size}`);
  const out = tf.engine().runKernel(UNFLATTEN, { x: flat }, { shapes: shapes.map((s) => [...s]) });
  return Array.isArray(out) ? out : [out];
}
