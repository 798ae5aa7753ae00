/**
 * Recognises GPUs that are really software rasterizers on the CPU. On this kind of machine they are
 * far slower than WASM (notes-webgpu.md: WebGPU on SwiftShader 55 ex/s vs WASM 772 ex/s for the MLP).
 */

const SOFTWARE_RENDERERS: { pattern: RegExp; name: string }[] = [
  { pattern: /swiftshader/i, name: 'SwiftShader' },
  { pattern: /llvmpipe/i, name: 'llvmpipe' },
  { pattern: /lavapipe/i, name: 'lavapipe' },
  { pattern: /softpipe/i, name: 'softpipe' },
  { pattern: /microsoft basic render/i, name: 'Microsoft Basic Render Driver' },
];

/** The software rasterizer named in a WebGL renderer string, or null for real hardware (or unknown). */
export function softwareRendererName(renderer: string | null): string | null {
  if (!renderer) return null;
  return SOFTWARE_RENDERERS.find((s) => s.pattern.test(renderer))?.name ?? null;
}

export interface WebGpuAdapterDescription {
  isFallbackAdapter: boolean;
  architecture: string;
  vendor: string;
  description: string;
}

/** The software rasterizer behind a WebGPU adapter, or null for a hardware adapter. */
export function softwareWebGpuAdapterName(adapter: WebGpuAdapterDescription): string | null {
  const named = softwareRendererName(`${adapter.architecture} ${adapter.vendor} ${adapter.description}`);
  if (named) return named;
  return adapter.isFallbackAdapter ? 'fallback adapter' : null;
}

export function softwareSkipDetail(softwareName: string): string {
  return `software adapter (${softwareName}): slower than WASM`;
}
