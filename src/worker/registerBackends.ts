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
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { registerFastWasmSlice } from '../engine/backend/fastWasmSlice';

let registered = false;

export function registerBackends(): void {
  if (registered) return;
  registered = true;
  // Vite fingerprints and serves the .wasm files; tell the wasm backend where they are.
  setWasmPaths({
    'tfjs-backend-wasm.wasm': wasmPlain,
    'tfjs-backend-wasm-simd.wasm': wasmSimd,
    'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedSimd,
  });
  // Threaded WASM breaks under a minified build (setBackend never settles) and gives nothing on 2 cores.
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  registerFastWasmSlice();
}
