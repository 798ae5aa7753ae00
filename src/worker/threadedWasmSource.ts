/**
 * Makes tfjs's multi-threaded WASM start in a minified build.
 *
 * tfjs-backend-wasm 4.22 starts each pthread worker from a Blob holding
 * `var WasmBackendModuleThreadedSimd = ` + the factory function's `toString()`. In the package the
 * factory is the inner function of an IIFE that declares `_scriptDir` around it; minified, that
 * outer variable (and others the minifier moves out) gets a short name, the function's text refers
 * to it, and in the pthread worker, where only the text exists, it is undefined: every pthread
 * throws "ReferenceError: e is not defined", the thread pool never loads, and setBackend('wasm')
 * never settles (the hang an earlier probe saw). Unminified (vite dev) the text only uses
 * `typeof _scriptDir` and works.
 *
 * The fix: the factory's toString returns the package's own, unminified IIFE expression (the file's
 * text, imported raw), which is self-contained. The factory object is the one the backend imports
 * (the same module in the bundle), so nothing else changes.
 */
import threadedFactory from '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js';
import threadedFactorySource from '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js?raw';

const DECLARATION = 'var WasmBackendModuleThreadedSimd = ';

/** The IIFE expression the package's file assigns to WasmBackendModuleThreadedSimd, or null if the file changed shape. */
export function factoryExpression(source: string): string | null {
  const start = source.indexOf(DECLARATION);
  const end = source.indexOf('\nif (typeof exports', start);
  if (start < 0 || end < 0) return null;
  return source.slice(start + DECLARATION.length, end).trim().replace(/;$/, '');
}

let patched = false;

/** True when the threaded factory now prints as self-contained source (call before setBackend). */
export function patchThreadedWasmSource(): boolean {
  if (patched) return true;
  const expression = factoryExpression(threadedFactorySource);
  const factory = ((threadedFactory as unknown as { default?: unknown }).default ?? threadedFactory) as { toString(): string };
  if (!expression || typeof factory !== 'function') return false;
  Object.defineProperty(factory, 'toString', { value: () => expression });
  return (patched = true);
}
