/** The real BackendEnvironment for selectBackend: tfjs plus what the worker can see of the GPU. */
import type { BackendName } from '../engine/backend/backendNames';
import type { BackendEnvironment, WebGpuAdapterFacts } from '../engine/backend/selectBackend';
import * as tf from '../engine/tf';
import { backendAvailable, loadBackend } from './registerBackends';

/**
 * The little of WebGPU used here. Typed locally: the @webgpu/types that tfjs pulls in predates
 * GPUAdapter.info, which current Chrome has (and where isFallbackAdapter now lives).
 */
interface GpuAdapterInfoLike {
  vendor?: string;
  architecture?: string;
  description?: string;
  isFallbackAdapter?: boolean;
}
interface GpuAdapterLike {
  info?: GpuAdapterInfoLike;
  /** Older Chrome put the flag on the adapter itself. */
  isFallbackAdapter?: boolean;
}
interface GpuLike {
  requestAdapter(options?: { powerPreference?: string }): Promise<GpuAdapterLike | null>;
}

export function createBackendEnvironment(): BackendEnvironment {
  return {
    // WebGL and WebGPU load when first started (registerBackends.ts).
    isRegistered: (name) => backendAvailable(name),
    webGpuAdapter,
    webGlRenderer: () => Promise.resolve(webGlRenderer()),
    setBackend: async (name) => (await loadBackend(name)) && tf.setBackend(name),
    release: (name: BackendName) => {
      try {
        tf.removeBackend(name);
      } catch {
        // never registered: nothing to release
      }
    },
    now: () => performance.now(),
  };
}

async function webGpuAdapter(): Promise<WebGpuAdapterFacts> {
  const gpu = (navigator as unknown as { gpu?: GpuLike }).gpu;
  if (!gpu) return { kind: 'no-api' };
  // tfjs-backend-webgpu asks for high-performance too.
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) return { kind: 'no-adapter' };
  const info = adapter.info ?? {};
  return {
    kind: 'adapter',
    isFallbackAdapter: info.isFallbackAdapter ?? adapter.isFallbackAdapter ?? false,
    architecture: info.architecture ?? '',
    vendor: info.vendor ?? '',
    description: info.description ?? '',
  };
}

/** The unmasked renderer of a throwaway WebGL context, e.g. "ANGLE (Google, Vulkan … SwiftShader …)". */
function webGlRenderer(): string | null {
  if (typeof OffscreenCanvas === 'undefined') return null;
  const canvas = new OffscreenCanvas(1, 1);
  const gl = canvas.getContext('webgl2') ?? canvas.getContext('webgl');
  if (!gl) return null;
  try {
    const debug = gl.getExtension('WEBGL_debug_renderer_info');
    const renderer: unknown = gl.getParameter(debug ? debug.UNMASKED_RENDERER_WEBGL : gl.RENDERER);
    return typeof renderer === 'string' ? renderer : null;
  } finally {
    gl.getExtension('WEBGL_lose_context')?.loseContext();
  }
}
