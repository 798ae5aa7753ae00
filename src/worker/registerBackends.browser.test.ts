import { describe, expect, it } from 'vitest';
import * as tf from '../engine/tf';
import { backendAvailable, loadBackend, registerBackends } from './registerBackends';

describe('registerBackends: WebGL and WebGPU load on demand', () => {
  it('registers CPU and WASM at once, WebGL and WebGPU only when a backend choice loads them', async () => {
    registerBackends();
    expect(tf.findBackendFactory('cpu')).toBeTruthy();
    expect(tf.findBackendFactory('wasm')).toBeTruthy();
    // Not loaded yet, but said to be available from cheap facts.
    expect(tf.findBackendFactory('webgl')).toBeFalsy();
    expect(tf.findBackendFactory('webgpu')).toBeFalsy();
    expect(backendAvailable('webgl')).toBe(true);
    expect(backendAvailable('webgpu')).toBe((navigator as unknown as { gpu?: unknown }).gpu != null);
    expect(backendAvailable('nope')).toBe(false);

    expect(await loadBackend('webgl')).toBe(true);
    expect(tf.findBackendFactory('webgl')).toBeTruthy();
    expect(await tf.setBackend('webgl')).toBe(true);
    expect(await loadBackend('webgpu')).toBe(backendAvailable('webgpu'));
    expect(await loadBackend('nope')).toBe(false);
  });
});
