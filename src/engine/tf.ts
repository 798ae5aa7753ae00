/**
 * The engine's one door to TensorFlow.js core. Hosts register backends and gradients before using
 * the engine: the Web Worker imports '@tensorflow/tfjs-core/dist/register_all_gradients' (bundled by
 * Vite); Node (CLI, tests) imports src/node/tfNode.ts, because that module is ESM-only with
 * directory imports that Node cannot resolve.
 */
export * from '@tensorflow/tfjs-core';
