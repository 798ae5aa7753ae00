import { describe, expect, it } from 'vitest';
import type { BackendName } from './backendNames';
import { selectBackend, type BackendEnvironment, type WebGpuAdapterFacts } from './selectBackend';

type Behaviour = 'ok' | 'false' | 'throw' | 'hang';

interface FakeSpec {
  /** Backends missing here are not registered. */
  backends: Partial<Record<BackendName, Behaviour>>;
  gpu?: WebGpuAdapterFacts;
  renderer?: string | null;
  /** Examples per second per backend; 'throw' or 'hang' to simulate a failing or stuck probe. */
  speeds?: Partial<Record<BackendName, number | 'throw' | 'hang'>>;
}

const HARDWARE_GPU: WebGpuAdapterFacts = {
  kind: 'adapter',
  isFallbackAdapter: false,
  architecture: 'ampere',
  vendor: 'nvidia',
  description: '',
};
const SWIFTSHADER_GPU: WebGpuAdapterFacts = {
  kind: 'adapter',
  isFallbackAdapter: true,
  architecture: 'swiftshader',
  vendor: 'google',
  description: '',
};
const HARDWARE_GL = 'ANGLE (NVIDIA, NVIDIA GeForce RTX 3060 Direct3D11 vs_5_0 ps_5_0)';
const SWIFTSHADER_GL = 'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)';

function fakeEnvironment(spec: FakeSpec) {
  let active: BackendName | null = null;
  const setCalls: BackendName[] = [];
  const released: BackendName[] = [];
  const measuredOn: { asked: BackendName; active: BackendName | null }[] = [];
  const env: BackendEnvironment = {
    isRegistered: (name) => spec.backends[name] !== undefined,
    webGpuAdapter: () => Promise.resolve(spec.gpu ?? { kind: 'no-api' }),
    webGlRenderer: () => Promise.resolve(spec.renderer ?? null),
    setBackend: (name) => {
      setCalls.push(name);
      const behaviour = spec.backends[name];
      if (behaviour === undefined) return Promise.reject(new Error(`Backend name '${name}' not found in registry`));
      if (behaviour === 'hang') return new Promise<boolean>(() => {});
      if (behaviour === 'throw') return Promise.reject(new Error('WebGL context lost'));
      if (behaviour === 'false') return Promise.resolve(false);
      active = name;
      return Promise.resolve(true);
    },
    release: (name) => {
      released.push(name);
    },
    now: () => performance.now(),
  };
  const measure = (name: BackendName, signal: AbortSignal): Promise<number> => {
    measuredOn.push({ asked: name, active });
    const speed = spec.speeds?.[name] ?? 100;
    if (speed === 'throw') return Promise.reject(new Error("Kernel 'Conv2DBackpropFilter' not registered for backend 'wasm'"));
    if (speed === 'hang') {
      return new Promise<number>((_, reject) => signal.addEventListener('abort', () => reject(new Error('aborted'))));
    }
    return Promise.resolve(speed);
  };
  return { env, measure, setCalls, released, measuredOn, active: () => active };
}

describe('selectBackend', () => {
  it('skips WebGPU without an adapter (never calling setBackend on it) and takes the fastest measured', async () => {
    const fake = fakeEnvironment({
      backends: { webgpu: 'ok', webgl: 'ok', wasm: 'ok', cpu: 'ok' },
      gpu: { kind: 'no-adapter' },
      renderer: HARDWARE_GL,
      speeds: { webgl: 500, wasm: 812 },
    });
    const info = await selectBackend({ env: fake.env, measure: fake.measure });

    expect(info.name).toBe('wasm');
    expect(fake.active()).toBe('wasm');
    expect(fake.setCalls).not.toContain('webgpu');
    expect(info.attempts.find((a) => a.name === 'webgpu')).toEqual({ name: 'webgpu', ok: false, detail: 'no adapter' });
    expect(info.reason).toBe('WASM: fastest measured (812 ex/s); WebGPU: no adapter; WebGL: 500 ex/s; CPU: kept as fallback');
    // The CPU backend is never timed: it is only a fallback.
    expect(fake.measuredOn.map((m) => m.asked)).toEqual(['webgl', 'wasm']);
    expect(fake.released.sort()).toEqual(['cpu', 'webgl']);
  });

  it('skips software adapters (SwiftShader) for WebGPU and WebGL, and does not measure a lone WASM', async () => {
    const fake = fakeEnvironment({
      backends: { webgpu: 'ok', webgl: 'ok', wasm: 'ok', cpu: 'ok' },
      gpu: SWIFTSHADER_GPU,
      renderer: SWIFTSHADER_GL,
    });
    const info = await selectBackend({ env: fake.env, measure: fake.measure });

    expect(info.name).toBe('wasm');
    expect(info.software).toBe(false);
    expect(fake.setCalls).not.toContain('webgpu');
    expect(fake.setCalls).not.toContain('webgl');
    expect(fake.measuredOn).toEqual([]);
    const skipped = 'software adapter (SwiftShader): slower than WASM';
    expect(info.attempts.filter((a) => a.detail === skipped).map((a) => a.name)).toEqual(['webgpu', 'webgl']);
    expect(info.reason).toBe(
      `WASM: the only fast backend that started; WebGPU: ${skipped}; WebGL: ${skipped}; CPU: kept as fallback`,
    );
  });

  it('treats a WebGPU fallback adapter and llvmpipe/lavapipe WebGL as software too', async () => {
    const fake = fakeEnvironment({
      backends: { webgpu: 'ok', webgl: 'ok', cpu: 'ok' },
      gpu: { kind: 'adapter', isFallbackAdapter: true, architecture: '', vendor: 'mesa', description: '' },
      renderer: 'llvmpipe (LLVM 15.0.6, 256 bits)',
    });
    const info = await selectBackend({ env: fake.env, measure: fake.measure });

    expect(info.attempts.map((a) => [a.name, a.ok, a.detail])).toEqual([
      ['webgpu', false, 'software adapter (fallback adapter): slower than WASM'],
      ['webgl', false, 'software adapter (llvmpipe): slower than WASM'],
      ['wasm', false, 'not available in this browser'],
      ['cpu', true, 'started'],
    ]);
    expect(info.name).toBe('cpu');
  });

  it('records a throwing backend and a backend that resolves false, and moves on', async () => {
    const fake = fakeEnvironment({
      backends: { webgpu: 'false', webgl: 'throw', wasm: 'ok', cpu: 'ok' },
      gpu: HARDWARE_GPU,
      renderer: HARDWARE_GL,
    });
    const info = await selectBackend({ env: fake.env, measure: fake.measure });

    expect(info.name).toBe('wasm');
    expect(info.attempts[0]).toEqual({ name: 'webgpu', ok: false, detail: 'failed to start' });
    expect(info.attempts[1]).toEqual({ name: 'webgl', ok: false, detail: 'failed to start: WebGL context lost' });
  });

  it('gives up on a backend that never settles after the timeout, releasing it, and falls back to CPU', async () => {
    const fake = fakeEnvironment({ backends: { wasm: 'hang', cpu: 'ok' } });
    const info = await selectBackend({ env: fake.env, measure: fake.measure, initTimeoutMs: 50 });

    expect(info.name).toBe('cpu');
    expect(fake.released).toContain('wasm');
    expect(info.attempts.find((a) => a.name === 'wasm')).toEqual({ name: 'wasm', ok: false, detail: 'did not start within 0.1 s' });
    expect(info.reason).toBe(
      'CPU: nothing faster works here; WebGPU: not supported by this browser; WebGL: not available in this browser; WASM: did not start within 0.1 s',
    );
  });

  it('uses a forced backend without measuring, even when another would be faster', async () => {
    const fake = fakeEnvironment({
      backends: { webgpu: 'ok', webgl: 'ok', wasm: 'ok', cpu: 'ok' },
      gpu: HARDWARE_GPU,
      renderer: SWIFTSHADER_GL,
      speeds: { webgl: 10, wasm: 800 },
    });
    const info = await selectBackend({ env: fake.env, measure: fake.measure, forced: 'webgl' });

    expect(info.name).toBe('webgl');
    expect(fake.setCalls).toEqual(['webgl']);
    expect(fake.measuredOn).toEqual([]);
    expect(info.reason).toBe('WebGL: chosen by you, on a software renderer (SwiftShader): slow');
    expect(info.attempts).toEqual([{ name: 'webgl', ok: true, detail: 'started on a software renderer (SwiftShader): slow' }]);
    expect(info.software).toBe(true);
  });

  it('falls back with a message when the forced backend fails', async () => {
    const fake = fakeEnvironment({
      backends: { webgpu: 'ok', webgl: 'ok', wasm: 'ok', cpu: 'ok' },
      gpu: { kind: 'no-adapter' },
      renderer: HARDWARE_GL,
      speeds: { webgl: 900, wasm: 800 },
    });
    const info = await selectBackend({ env: fake.env, measure: fake.measure, forced: 'webgpu' });

    expect(info.name).toBe('webgl');
    expect(info.reason).toBe(
      'WebGPU (your choice) failed: no adapter. WebGL: fastest measured (900 ex/s); WebGPU: no adapter; WASM: 800 ex/s; CPU: kept as fallback',
    );
  });

  it('reports an unknown forced backend and selects automatically', async () => {
    const fake = fakeEnvironment({ backends: { cpu: 'ok' } });
    const hardware = fakeEnvironment({ backends: { webgpu: 'ok', cpu: 'ok' }, gpu: HARDWARE_GPU });
    expect((await selectBackend({ env: hardware.env, measure: hardware.measure, forced: 'webgpu' })).reason).toBe('WebGPU: chosen by you');

    const info = await selectBackend({ env: fake.env, measure: fake.measure, forced: 'tpu' });
    expect(info.name).toBe('cpu');
    expect(info.reason.startsWith('Backend "tpu" (your choice) is unknown; use one of webgpu, webgl, wasm, cpu. CPU:')).toBe(true);
  });

  it('ranks by measured speed: the fastest wins, each measured on its own active backend, and the winner is active at the end', async () => {
    const fake = fakeEnvironment({
      backends: { webgpu: 'ok', webgl: 'ok', wasm: 'ok', cpu: 'ok' },
      gpu: HARDWARE_GPU,
      renderer: HARDWARE_GL,
      speeds: { webgpu: 300, webgl: 1721, wasm: 772 },
    });
    const info = await selectBackend({ env: fake.env, measure: fake.measure });

    expect(info.name).toBe('webgl');
    expect(fake.active()).toBe('webgl');
    expect(fake.measuredOn).toEqual([
      { asked: 'webgpu', active: 'webgpu' },
      { asked: 'webgl', active: 'webgl' },
      { asked: 'wasm', active: 'wasm' },
    ]);
    expect(info.attempts.map((a) => a.examplesPerSecond)).toEqual([300, 1721, 772, undefined]);
    expect(info.reason).toBe('WebGL: fastest measured (1,721 ex/s); WebGPU: 300 ex/s; WASM: 772 ex/s; CPU: kept as fallback');
    expect(fake.released.sort()).toEqual(['cpu', 'wasm', 'webgpu']);
  });

  it('excludes a backend whose training probe throws (e.g. a missing kernel)', async () => {
    const fake = fakeEnvironment({
      backends: { webgpu: 'ok', webgl: 'ok', wasm: 'ok', cpu: 'ok' },
      gpu: { kind: 'no-adapter' },
      renderer: HARDWARE_GL,
      speeds: { webgl: 80, wasm: 'throw' },
    });
    const info = await selectBackend({ env: fake.env, measure: fake.measure });

    expect(info.name).toBe('webgl');
    expect(info.attempts.find((a) => a.name === 'wasm')).toEqual({
      name: 'wasm',
      ok: false,
      detail: "training probe failed: Kernel 'Conv2DBackpropFilter' not registered for backend 'wasm'",
    });
  });

  it('aborts a probe that runs past its share of the time budget and prefers the backend that was measured', async () => {
    const fake = fakeEnvironment({
      backends: { webgpu: 'ok', webgl: 'ok', wasm: 'ok', cpu: 'ok' },
      gpu: HARDWARE_GPU,
      renderer: HARDWARE_GL,
      speeds: { webgpu: 'hang', webgl: 'throw', wasm: 700 },
    });
    const info = await selectBackend({ env: fake.env, measure: fake.measure, measureBudgetMs: 300 });

    expect(info.name).toBe('wasm');
    expect(info.attempts[0]).toEqual({ name: 'webgpu', ok: true, detail: 'not measured within 0.1 s' });
  });

  it('falls back to a software renderer when nothing else works, and throws when nothing starts at all', async () => {
    const onlySoftware = fakeEnvironment({
      backends: { webgl: 'ok', wasm: 'throw', cpu: 'false' },
      renderer: SWIFTSHADER_GL,
    });
    const info = await selectBackend({ env: onlySoftware.env, measure: onlySoftware.measure });
    expect(info.name).toBe('webgl');
    expect(info.reason.startsWith('WebGL: slow software renderer, but nothing else works here;')).toBe(true);
    expect(info.software).toBe(true);

    const nothing = fakeEnvironment({ backends: { wasm: 'throw' } });
    await expect(selectBackend({ env: nothing.env, measure: nothing.measure })).rejects.toThrow(
      'No TensorFlow.js backend could start. WebGPU: not supported by this browser; WebGL: not available in this browser; WASM: failed to start: WebGL context lost; CPU: not available in this browser',
    );
  });

  describe("the GPU's facts and WASM's start at once", () => {
    /** An environment whose answers take `ms` each on timers, logging when each is asked and answered. */
    function slowEnvironment(gpu: WebGpuAdapterFacts, renderer: string, ms = 20) {
      const log: string[] = [];
      let starting = 0;
      let mostAtOnce = 0;
      const later = <T>(value: T, what: string) =>
        new Promise<T>((resolve) => setTimeout(() => (log.push(`${what} answered`), resolve(value)), ms));
      const env: BackendEnvironment = {
        isRegistered: () => true,
        webGpuAdapter: () => (log.push('adapter asked'), later(gpu, 'adapter')),
        webGlRenderer: () => (log.push('renderer asked'), later(renderer, 'renderer')),
        setBackend: async (name) => {
          log.push(`${name} start`);
          mostAtOnce = Math.max(mostAtOnce, ++starting);
          await later(true, `${name} start`);
          starting--;
          return true;
        },
        release: () => {},
        now: () => performance.now(),
      };
      return { env, log, mostAtOnce: () => mostAtOnce };
    }

    it('starts WASM while the adapter and the WebGL renderer are asked for, and decides as before', async () => {
      const slow = slowEnvironment(SWIFTSHADER_GPU, SWIFTSHADER_GL);
      const info = await selectBackend({ env: slow.env, measure: () => Promise.resolve(100) });
      expect(slow.log.slice(0, 3)).toEqual(['adapter asked', 'wasm start', 'renderer asked']);
      expect(info.name).toBe('wasm');
      expect(info.reason).toBe(
        'WASM: the only fast backend that started; WebGPU: software adapter (SwiftShader): slower than WASM; WebGL: software adapter (SwiftShader): slower than WASM; CPU: kept as fallback',
      );
      expect(info.attempts.map((a) => a.name)).toEqual(['webgpu', 'webgl', 'wasm', 'cpu']);
      expect(slow.mostAtOnce()).toBe(1);
    });

    it('never starts two backends at once: a hardware GPU starts after WASM\'s early start settled', async () => {
      const slow = slowEnvironment(HARDWARE_GPU, HARDWARE_GL);
      const info = await selectBackend({ env: slow.env, measure: (name) => Promise.resolve(name === 'webgl' ? 900 : 100) });
      expect(slow.mostAtOnce()).toBe(1);
      expect(slow.log.indexOf('webgpu start')).toBeGreaterThan(slow.log.indexOf('wasm start answered'));
      expect(info.name).toBe('webgl');
      expect(info.attempts.map((a) => [a.name, a.ok])).toEqual([
        ['webgpu', true],
        ['webgl', true],
        ['wasm', true],
        ['cpu', true],
      ]);
    });
  });
});
