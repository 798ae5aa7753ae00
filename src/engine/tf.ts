/**
 * The engine's one door to TensorFlow.js: core ops plus every gradient. Backends are registered by
 * the host (the Web Worker in the browser, the CLI and tests in Node), never by engine code.
 */
import '@tensorflow/tfjs-core/dist/register_all_gradients';

export * from '@tensorflow/tfjs-core';
