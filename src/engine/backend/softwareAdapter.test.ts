import { describe, expect, it } from 'vitest';
import { softwareRendererName, softwareWebGpuAdapterName } from './softwareAdapter';

describe('software adapter detection', () => {
  it('names software WebGL renderers and leaves hardware ones alone', () => {
    expect(
      softwareRendererName('ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)'),
    ).toBe('SwiftShader');
    expect(softwareRendererName('llvmpipe (LLVM 15.0.6, 256 bits)')).toBe('llvmpipe');
    expect(softwareRendererName('ANGLE (Mesa, Vulkan 1.3 (lavapipe), Mesa)')).toBe('lavapipe');
    expect(softwareRendererName('ANGLE (Intel, Mesa Intel(R) UHD Graphics 620 (KBL GT2), OpenGL 4.6)')).toBeNull();
    expect(softwareRendererName(null)).toBeNull();
  });

  it('flags WebGPU adapters that are SwiftShader or marked as fallback', () => {
    const base = { isFallbackAdapter: false, architecture: '', vendor: '', description: '' };
    expect(softwareWebGpuAdapterName({ ...base, isFallbackAdapter: true, architecture: 'swiftshader', vendor: 'google' })).toBe(
      'SwiftShader',
    );
    expect(softwareWebGpuAdapterName({ ...base, architecture: 'swiftshader' })).toBe('SwiftShader');
    expect(softwareWebGpuAdapterName({ ...base, isFallbackAdapter: true })).toBe('fallback adapter');
    expect(softwareWebGpuAdapterName({ ...base, architecture: 'gen-12lp', vendor: 'intel' })).toBeNull();
  });
});
