/**
 * tfjs for Node hosts (the CLI and the unit tests): registers every gradient (through the
 * @tensorflow/tfjs bundle, whose CommonJS build includes them) and the CPU and WASM backends.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { registerFastWasmSlice } from '../engine/backend/fastWasmSlice';
import { registerWasmFlatCopies } from '../engine/backend/wasmFlatCopies';

// Silences tfjs's "install tfjs-node" banner; this project trains with the pure-JS and WASM backends on purpose.
tf.env().set('PROD', true);
registerFastWasmSlice();
registerWasmFlatCopies();

export async function setNodeBackend(name: 'cpu' | 'wasm'): Promise<void> {
  const ok = await tf.setBackend(name);
  if (!ok) throw new Error(`tfjs backend ${name} failed to start`);
  await tf.ready();
}
