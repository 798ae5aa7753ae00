/**
 * The worker is the engine's tfjs host (see src/engine/tf.ts): it registers every gradient, the
 * chained tensor methods (t.reshape, …) and every backend; importing each package registers it.
 * WebGL and WebGPU load only when a backend choice starts one (loadBackend): a third of the worker's
 * script, which a machine without a GPU (software renderers are skipped from the GPU's facts, which
 * need neither package) never runs. tfjs-backend-webgpu registers itself only where navigator.gpu
 * exists; selectBackend copes with that (isRegistered) and with setBackend throwing for unregistered names.
 */
// tfjs-core itself first: its flags must exist before the gradient registrations below read them.
import * as tf from '../engine/tf';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops';
import '@tensorflow/tfjs-backend-cpu';
import { setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { registerFastWasmSlice } from '../engine/backend/fastWasmSlice';
import { registerWasmFlatCopies } from '../engine/backend/wasmFlatCopies';
import { patchThreadedWasmSource } from './threadedWasmSource';

let registered = false;

/**
 * WASM threads: off in the lab. They need a cross-origin-isolated page (vite dev and preview send
 * COOP/COEP, see vite.config.ts) and, in a minified build, ./threadedWasmSource.ts. Measured in
 * `npm run bench` (threaded against one thread, alternating) and not kept: see BENCHMARKS.md.
 * The bench page turns them on with ?threads=1 to measure them.
 */
export const LAB_USES_WASM_THREADS = false;

export function registerBackends(options: { wasmThreads?: boolean } = {}): void {
  if (registered) return;
  registered = true;
  // Vite fingerprints and serves the .wasm files; tell the wasm backend where they are.
  setWasmPaths({
    'tfjs-backend-wasm.wasm': wasmPlain,
    'tfjs-backend-wasm-simd.wasm': wasmSimd,
    'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedSimd,
  });
  const isolated = (self as unknown as { crossOriginIsolated?: boolean }).crossOriginIsolated === true;
  const threads = (options.wasmThreads ?? LAB_USES_WASM_THREADS) && isolated && patchThreadedWasmSource();
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', threads);
  // The prebuilt binary caps its pool at navigator.hardwareConcurrency / 2 (it assumes two hardware
  // threads per core): 1 on a 2-core machine. One thread per reported core instead.
  if (threads) {
    const cores = Math.max(1, navigator.hardwareConcurrency || 1);
    Object.defineProperty(Object.getPrototypeOf(navigator), 'hardwareConcurrency', { configurable: true, get: () => 2 * cores });
    setThreadsCount(cores);
  }
  registerFastWasmSlice();
  registerWasmFlatCopies();
}

/** The packages of the backends loaded on demand (each registers its backend as it loads). */
const ON_DEMAND: Record<string, () => Promise<unknown>> = {
  webgl: () => import('@tensorflow/tfjs-backend-webgl'),
  webgpu: () => import('@tensorflow/tfjs-backend-webgpu'),
};
const loads = new Map<string, Promise<boolean>>();

/**
 * Whether `name` could be started here, from cheap facts and without loading it: registered
 * already, WebGL (its package registers it in any browser, as before), or WebGPU where
 * navigator.gpu exists (where its package registers it).
 */
export function backendAvailable(name: string): boolean {
  if (tf.findBackendFactory(name) != null) return true;
  if (name === 'webgl') return true;
  if (name === 'webgpu') return (navigator as unknown as { gpu?: unknown }).gpu != null;
  return false;
}

/** Loads the package of `name` if it is loaded on demand; resolves whether `name` is registered then. */
export function loadBackend(name: string): Promise<boolean> {
  if (tf.findBackendFactory(name) != null) return Promise.resolve(true);
  const load = ON_DEMAND[name];
  if (!load) return Promise.resolve(false);
  let pending = loads.get(name);
  if (!pending) {
    pending = load().then(() => tf.findBackendFactory(name) != null);
    pending.catch(() => loads.delete(name)); // a failed download may be tried again
    loads.set(name, pending);
  }
  return pending;
}
