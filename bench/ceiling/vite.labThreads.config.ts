/**
 * The bench page (bench/bench.html) built with WASM threads on in the lab itself: the same build as
 * bench/vite.bench.config.ts, but src/worker/registerBackends.ts's LAB_USES_WASM_THREADS read as true,
 * so the real training worker (and the bench's worker) start tfjs's threaded WASM. For
 * bench/ceiling/labThreads.ts only; the lab keeps threads off. Output: bench/ceiling/dist (ignored).
 */
import { defineConfig, mergeConfig, type Plugin } from 'vite';
import benchConfig from '../vite.bench.config';

const OFF = 'export const LAB_USES_WASM_THREADS = false;';

export const labThreadsOn: Plugin = {
  name: 'lab-wasm-threads-on',
  enforce: 'pre',
  transform(code, id) {
    if (!id.split('?')[0].endsWith('src/worker/registerBackends.ts')) return null;
    if (!code.includes(OFF)) throw new Error(`registerBackends.ts no longer has "${OFF}": update bench/ceiling/vite.labThreads.config.ts`);
    return code.replace(OFF, 'export const LAB_USES_WASM_THREADS = true;');
  },
};

export default mergeConfig(
  benchConfig,
  defineConfig({
    plugins: [labThreadsOn],
    // The training worker is bundled by the worker pipeline, which has plugins of its own.
    worker: { plugins: () => [labThreadsOn] },
    build: { outDir: `${import.meta.dirname}/dist`, emptyOutDir: true },
  }),
);
