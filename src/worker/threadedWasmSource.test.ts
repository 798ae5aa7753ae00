import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { factoryExpression } from './threadedWasmSource';

const source = readFileSync(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js'), 'utf8');

describe('the threaded WASM factory as a pthread worker sees it', () => {
  it('is the package file\'s IIFE, which stands alone: evaluated with nothing around it, it yields the factory', () => {
    const expression = factoryExpression(source);
    expect(expression).not.toBeNull();
    expect(expression!.startsWith('(() => {')).toBe(true);
    // What the pthread's Blob holds, in a context with none of the bundle's variables.
    const sandbox: Record<string, unknown> = {};
    runInNewContext(`var WasmBackendModuleThreadedSimd = ${expression!};`, sandbox);
    expect(typeof sandbox.WasmBackendModuleThreadedSimd).toBe('function');
  });

  it('says when the file no longer has the shape the fix relies on', () => {
    expect(factoryExpression('module.exports = function () {}')).toBeNull();
  });
});
