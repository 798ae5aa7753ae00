/**
 * The worker is the engine's tfjs host (see src/engine/tf.ts): it registers every gradient, the
 * chained tensor methods (t.reshape, …) and every backend; importing each package registers it.
 * tfjs-backend-webgpu registers itself only where navigator.gpu exists; selectBackend copes with
 * that (isRegistered) and with setBackend throwing for unregistered names.
 */
// tfjs-core itself first: its flags must exist before the gradient registrations below read them.
import * as tf from '../engine/tf';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-webgl';
import '@tensorflow/tfjs-backend-webgpu';
import { setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { registerFastWasmSlice } from '../engine/backend/fastWasmSlice';
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
}
