/**
 * Chooses the tfjs backend to train on: the fastest one for this model, measured, not merely the
 * first that starts. Pure logic: everything it needs from tfjs and the browser comes in through
 * BackendEnvironment, so the decision can be tested in Node with fake environments.
 *
 * 1. Start webgpu, webgl, wasm, cpu in turn. A backend that is not registered, has no adapter,
 *    fails, throws or never settles is skipped, with the reason kept. Software GPUs (SwiftShader,
 *    llvmpipe, lavapipe) are skipped before starting them: far slower than WASM on the CPU.
 * 2. If more than one of webgpu/webgl/wasm started, time the actual model on each (the caller's
 *    `measure`) within a shared time budget and take the fastest.
 * 3. CPU (plain JavaScript kernels, always slower than WASM) and skipped software GPUs are used only
 *    when nothing better works.
 * The GPU's facts (an adapter request and a WebGL context, both answered by the browser's GPU
 * process) are asked for at once, and WASM starts (its binary fetched and compiled) while they are
 * answered: the decision and what it says are the same as in turn, and no two starts overlap
 * (tf.setBackend would drop the earlier one).
 * A forced backend (the user's choice) bypasses the ranking, but falls back with a message.
 */
import { cleanText } from '../text/cleanText';
import type { BackendInfo } from '../training/snapshot';
import { BACKEND_ORDER, backendLabel, isBackendName, type BackendName } from './backendNames';
import {
  softwareRendererName,
  softwareSkipDetail,
  softwareWebGpuAdapterName,
  type WebGpuAdapterDescription,
} from './softwareAdapter';
import { TimeoutError, errorMessage, withTimeout } from './withTimeout';

export type WebGpuAdapterFacts =
  | { kind: 'no-api' }
  | { kind: 'no-adapter' }
  | ({ kind: 'adapter' } & WebGpuAdapterDescription);

export interface BackendEnvironment {
  /** Whether tfjs has a factory for this backend (webgpu registers only where navigator.gpu exists). */
  isRegistered(name: BackendName): boolean;
  /** What navigator.gpu.requestAdapter() gives. */
  webGpuAdapter(): Promise<WebGpuAdapterFacts>;
  /** The WebGL renderer string (unmasked when possible), or null when unknown. */
  webGlRenderer(): Promise<string | null>;
  /** tf.setBackend: resolves false or throws on failure, and may never settle. */
  setBackend(name: BackendName): Promise<boolean>;
  /** Forget a backend that will not be used (frees its GPU context; clears a hung initialisation). */
  release(name: BackendName): void;
  /** Milliseconds, monotonic. */
  now(): number;
}

/** Examples per second of the actual model on the active backend; should stop when `signal` aborts. */
export type MeasureThroughput = (name: BackendName, signal: AbortSignal) => Promise<number>;

export interface SelectBackendOptions {
  env: BackendEnvironment;
  measure: MeasureThroughput;
  /** The user's choice (e.g. from `?backend=webgl`); null or undefined for automatic. */
  forced?: string | null;
  /** Longest wait for one backend (or adapter query) to start. */
  initTimeoutMs?: number;
  /** Total time for the measured comparison, shared fairly among the backends measured. */
  measureBudgetMs?: number;
}

export const DEFAULT_INIT_TIMEOUT_MS = 15_000;
export const DEFAULT_MEASURE_BUDGET_MS = 30_000;
/** After a measurement times out, how long to let it notice the abort before switching backends. */
const ABORT_GRACE_MS = 2_000;

type Attempt = BackendInfo['attempts'][number];
type StartResult = 'started' | 'failed' | { software: string };

export async function selectBackend(options: SelectBackendOptions): Promise<BackendInfo> {
  return new Selection(options).run();
}

class Selection {
  private readonly env: BackendEnvironment;
  private readonly initTimeoutMs: number;
  private readonly measureBudgetMs: number;
  private readonly attempts = new Map<BackendName, Attempt>();
  private readonly started: BackendName[] = [];
  private readonly deferredSoftware: BackendName[] = [];
  private readonly startedOnSoftware = new Set<BackendName>();
  /** The GPU's facts, asked for once (prefetchFacts), read in turn. */
  private adapterFacts: Promise<WebGpuAdapterDescription | string> | null = null;
  private rendererFact: Promise<string | null> | null = null;
  /** A start begun early (WASM's, while the GPU's facts are answered): the next start waits for it. */
  private early: { name: BackendName; started: Promise<true | string | TimeoutError> } | null = null;

  constructor(private readonly options: SelectBackendOptions) {
    this.env = options.env;
    this.initTimeoutMs = options.initTimeoutMs ?? DEFAULT_INIT_TIMEOUT_MS;
    this.measureBudgetMs = options.measureBudgetMs ?? DEFAULT_MEASURE_BUDGET_MS;
  }

  async run(): Promise<BackendInfo> {
    const forced = this.options.forced ?? null;
    let forcedFailure = '';
    if (forced !== null && forced !== '') {
      if (!isBackendName(forced)) {
        forcedFailure = `Backend "${cleanText(forced, 24)}" (your choice) is unknown; use one of ${BACKEND_ORDER.join(', ')}. `;
      } else if ((await this.start(forced, { allowSoftware: true })) === 'started') {
        const softwareNote = this.attempts.get(forced)?.detail.replace(/^started\s*/, '') ?? '';
        return this.finish(forced, softwareNote ? `chosen by you, ${softwareNote}` : 'chosen by you');
      } else {
        forcedFailure = `${backendLabel(forced)} (your choice) failed: ${this.attempts.get(forced)?.detail}. `;
      }
    }

    this.prefetchFacts();
    for (const name of BACKEND_ORDER) {
      if (this.attempts.has(name)) continue;
      const result = await this.start(name, { allowSoftware: false });
      if (typeof result === 'object') this.deferredSoftware.push(name);
    }

    const fast = this.started.filter((name) => name !== 'cpu');
    if (fast.length > 1) {
      const ranked = await this.measureAll(fast);
      for (const { name, why } of ranked) {
        if (await this.activate(name)) return this.finish(name, why, forcedFailure);
      }
    } else if (fast.length === 1 && (await this.activate(fast[0]))) {
      return this.finish(fast[0], 'the only fast backend that started', forcedFailure);
    }

    if (this.started.includes('cpu') && (await this.activate('cpu'))) {
      return this.finish('cpu', 'nothing faster works here', forcedFailure);
    }
    for (const name of this.deferredSoftware) {
      if ((await this.start(name, { allowSoftware: true })) === 'started') {
        return this.finish(name, 'slow software renderer, but nothing else works here', forcedFailure);
      }
    }
    throw new Error(`No TensorFlow.js backend could start. ${forcedFailure}${this.summary(null)}`);
  }

  /**
   * Asks for the GPU's facts and starts WASM, all at once: the WebGPU adapter request first (answered
   * in the GPU process), then WASM's start (its binary fetched and compiled off this thread), then the
   * WebGL context (a synchronous call on this thread). On a machine whose GPUs are software only, both
   * queries are spent only to skip them, and WASM's start no longer waits for them (the whole choice
   * 0.18–0.23 s -> 0.09–0.17 s on a loaded 2-core machine, BENCHMARKS.md).
   */
  private prefetchFacts(): void {
    const wanted = (name: BackendName) => !this.attempts.has(name);
    if (wanted('webgpu')) this.adapterFacts = this.webGpuAdapter();
    if (wanted('wasm') && this.env.isRegistered('wasm')) this.early = { name: 'wasm', started: this.setBackendOutcome('wasm') };
    if (wanted('webgl')) this.rendererFact = this.webGlRenderer();
  }

  /** tf.setBackend within the init time limit: true, or why not. Never two at once (see early). */
  private async setBackendOutcome(name: BackendName): Promise<true | string | TimeoutError> {
    try {
      const ok = await withTimeout(this.env.setBackend(name), this.initTimeoutMs, `did not start within ${seconds(this.initTimeoutMs)}`);
      return ok ? true : 'failed to start';
    } catch (error) {
      if (error instanceof TimeoutError) return error;
      return `failed to start: ${errorMessage(error)}`;
    }
  }

  /** Tries to start one backend; records the outcome. */
  private async start(name: BackendName, { allowSoftware }: { allowSoftware: boolean }): Promise<StartResult> {
    let software: string | null = null;
    if (name === 'webgpu') {
      const adapter = await (this.adapterFacts ?? this.webGpuAdapter());
      if (typeof adapter === 'string') return this.fail(name, adapter);
      software = softwareWebGpuAdapterName(adapter);
    } else if (name === 'webgl') {
      software = softwareRendererName(await (this.rendererFact ?? this.webGlRenderer()));
    }
    if (software !== null && !allowSoftware) {
      this.record(name, false, softwareSkipDetail(software));
      return { software };
    }
    if (!this.env.isRegistered(name)) return this.fail(name, 'not available in this browser');

    const early = this.early;
    let outcome: true | string | TimeoutError;
    if (early?.name === name) {
      this.early = null;
      outcome = await early.started;
    } else {
      if (early) await early.started; // a start begun early settles before another begins
      outcome = await this.setBackendOutcome(name);
    }
    if (outcome instanceof TimeoutError) {
      this.env.release(name);
      return this.fail(name, outcome.message);
    }
    if (outcome !== true) return this.fail(name, outcome);
    this.record(name, true, software === null ? 'started' : `started on a software renderer (${software}): slow`);
    if (software !== null) this.startedOnSoftware.add(name);
    this.started.push(name);
    return 'started';
  }

  /** Adapter facts, or why there is none. */
  private async webGpuAdapter(): Promise<WebGpuAdapterDescription | string> {
    try {
      const facts = await withTimeout(this.env.webGpuAdapter(), this.initTimeoutMs, 'adapter request did not answer');
      if (facts.kind === 'no-api') return 'not supported by this browser';
      if (facts.kind === 'no-adapter') return 'no adapter';
      return facts;
    } catch (error) {
      return `adapter request failed: ${errorMessage(error)}`;
    }
  }

  private async webGlRenderer(): Promise<string | null> {
    try {
      return await withTimeout(this.env.webGlRenderer(), this.initTimeoutMs, 'renderer query did not answer');
    } catch {
      return null; // unknown renderer: let setBackend decide
    }
  }

  /** Times each backend; returns the ones that worked, fastest first. */
  private async measureAll(names: BackendName[]): Promise<{ name: BackendName; why: string }[]> {
    const deadline = this.env.now() + this.measureBudgetMs;
    const measured: { name: BackendName; examplesPerSecond: number }[] = [];
    const unmeasured: BackendName[] = [];
    for (let i = 0; i < names.length; i++) {
      const name = names[i];
      const share = (deadline - this.env.now()) / (names.length - i);
      if (share <= 0) {
        this.record(name, true, 'not measured: time budget used up');
        unmeasured.push(name);
        continue;
      }
      const outcome = await this.measureOne(name, share);
      if (typeof outcome === 'number') measured.push({ name, examplesPerSecond: outcome });
      else if (outcome === 'timeout') unmeasured.push(name);
    }
    measured.sort((a, b) => b.examplesPerSecond - a.examplesPerSecond);
    return [
      ...measured.map(({ name, examplesPerSecond }, rank) => ({
        name,
        why: rank === 0 ? `fastest measured (${formatRate(examplesPerSecond)})` : `measured ${formatRate(examplesPerSecond)}, the fastest that works`,
      })),
      ...unmeasured.map((name) => ({ name, why: 'no speed measurement finished; first in order of preference' })),
    ];
  }

  private async measureOne(name: BackendName, limitMs: number): Promise<number | 'timeout' | 'failed'> {
    if (!(await this.activate(name))) return 'failed';
    const controller = new AbortController();
    const running = this.options.measure(name, controller.signal);
    try {
      const rate = await withTimeout(running, limitMs, `not measured within ${seconds(limitMs)}`);
      if (!Number.isFinite(rate) || rate <= 0) {
        this.record(name, false, `speed probe gave no usable number (${rate})`);
        return 'failed';
      }
      this.record(name, true, formatRate(rate), rate);
      return rate;
    } catch (error) {
      if (error instanceof TimeoutError) {
        controller.abort();
        await Promise.race([running.catch(() => undefined), delay(Math.min(ABORT_GRACE_MS, limitMs))]);
        this.record(name, true, error.message);
        return 'timeout';
      }
      this.record(name, false, `training probe failed: ${errorMessage(error)}`);
      return 'failed';
    }
  }

  /** Makes an already started backend the active one again. */
  private async activate(name: BackendName): Promise<boolean> {
    try {
      if (await withTimeout(this.env.setBackend(name), this.initTimeoutMs, `did not switch back within ${seconds(this.initTimeoutMs)}`)) return true;
      this.record(name, false, 'failed to switch back to it');
    } catch (error) {
      this.record(name, false, `failed to switch back to it: ${errorMessage(error)}`);
    }
    const index = this.started.indexOf(name);
    if (index >= 0) this.started.splice(index, 1);
    return false;
  }

  private finish(chosen: BackendName, why: string, prefix = ''): BackendInfo {
    for (const name of this.started) {
      if (name !== chosen) this.env.release(name);
    }
    const reason = `${prefix}${backendLabel(chosen)}: ${why}; ${this.summary(chosen)}`.replace(/; $/, '');
    return { name: chosen, reason, attempts: [...this.attempts.values()], software: this.startedOnSoftware.has(chosen) };
  }

  /** "WebGPU: no adapter; WebGL: software adapter (SwiftShader): slower than WASM" for every backend but the chosen. */
  private summary(chosen: BackendName | null): string {
    return [...this.attempts.entries()]
      .filter(([name]) => name !== chosen)
      .map(([name, attempt]) => `${backendLabel(name)}: ${name === 'cpu' && attempt.detail === 'started' ? 'kept as fallback' : attempt.detail}`)
      .join('; ');
  }

  private fail(name: BackendName, detail: string): 'failed' {
    this.record(name, false, detail);
    return 'failed';
  }

  private record(name: BackendName, ok: boolean, detail: string, examplesPerSecond?: number): void {
    const previous = this.attempts.get(name)?.examplesPerSecond;
    const rate = examplesPerSecond ?? previous;
    this.attempts.set(name, rate === undefined ? { name, ok, detail } : { name, ok, detail, examplesPerSecond: rate });
  }
}

function formatRate(examplesPerSecond: number): string {
  return `${Math.round(examplesPerSecond).toLocaleString('en-US')} ex/s`;
}

function seconds(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
