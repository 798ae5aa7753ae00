/// <reference lib="webworker" />
/** Runs one measurement at a time on the backend the page asked for, like the training worker does. */
import * as tf from '../../src/engine/tf';
import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { loadBackend, registerBackends } from '../../src/worker/registerBackends';
import { timeAnalysis } from '../measure/analysisTiming';
import { bareConvKind, timeBareSteps } from '../measure/bareLoop';
import { timeConfigSteps, timeTrainerSteps, trainedFingerprint } from '../measure/engineThroughput';
import { randomImageDataset } from '../measure/randomDataset';
import type { BenchReply, BenchTask } from './protocol';

declare const self: DedicatedWorkerGlobalScope;

const dataset = randomImageDataset(2048);
let backend = '';

async function run(task: BenchTask): Promise<BenchReply> {
  switch (task.kind) {
    case 'init': {
      registerBackends({ wasmThreads: task.wasmThreads });
      if (!(await loadBackend(task.backend).catch(() => false))) return { ok: false, reason: 'not available in this browser' };
      const started = await tf.setBackend(task.backend).catch((error: unknown) => `failed: ${String(error)}`);
      if (started !== true) return { ok: false, reason: typeof started === 'string' ? started : 'failed to start' };
      backend = task.backend;
      return { ok: true, kind: 'init', detail: await describeBackend(task.backend) };
    }
    case 'engine':
      return { ok: true, kind: 'engine', stepMs: await timeTrainerSteps(task.model, task.batch, backend, dataset, task.budget) };
    case 'engineConfig':
      return { ok: true, kind: 'engineConfig', stepMs: await timeConfigSteps(task.config, backend, dataset, task.budget) };
    case 'fingerprint':
      return { ok: true, kind: 'fingerprint', hash: await trainedFingerprint(task.config, backend, dataset, task.steps) };
    case 'bare':
      return { ok: true, kind: 'bare', stepMs: await timeBareSteps(task.model, task.batch, dataset, task.budget), conv: task.model === 'cnn' ? bareConvKind() : undefined };
    case 'analysis':
      return { ok: true, kind: 'analysis', samples: await timeAnalysis() };
  }
}

async function describeBackend(name: string): Promise<string> {
  if (name === 'wasm') return `started, ${getThreadsCount()} thread(s), crossOriginIsolated ${String(self.crossOriginIsolated)}, threaded build ${String(tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT'))}, cores ${navigator.hardwareConcurrency}`;
  if (name === 'webgpu') {
    const gpu = (navigator as unknown as { gpu?: { requestAdapter(): Promise<{ info?: { vendor?: string; architecture?: string; isFallbackAdapter?: boolean } } | null> } }).gpu;
    const info = (await gpu?.requestAdapter())?.info;
    return info ? `adapter ${info.vendor ?? '?'} / ${info.architecture ?? '?'}${info.isFallbackAdapter ? ' (fallback adapter)' : ''}` : 'started';
  }
  if (name === 'webgl' && typeof OffscreenCanvas !== 'undefined') {
    const gl = new OffscreenCanvas(1, 1).getContext('webgl2');
    const debug = gl?.getExtension('WEBGL_debug_renderer_info');
    const renderer: unknown = gl && debug ? gl.getParameter(debug.UNMASKED_RENDERER_WEBGL) : null;
    gl?.getExtension('WEBGL_lose_context')?.loseContext();
    return typeof renderer === 'string' ? renderer : 'started';
  }
  return 'started';
}

self.addEventListener('message', (event: MessageEvent<BenchTask>) => {
  run(event.data).then(
    (reply) => self.postMessage(reply),
    (error: unknown) => self.postMessage({ ok: false, reason: error instanceof Error ? error.message : String(error) } satisfies BenchReply),
  );
});
