// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { defaultConfig } from '../engine/config/defaults';
import type { ExperimentConfig } from '../engine/config/types';
import { decodeConfig } from '../engine/config/urlCodec';
import type { Snapshot } from '../engine/training/snapshot';
import { ConfigStore } from './configStore';
import { createMemoryRunStore } from './history/memoryRunStore';
import { RunRecorder } from './history/runRecorder';
import type { LabApi, LabEvent } from './labApi';
import { AddressBarSync } from './share/addressBar';
import { shareQuery } from './share/shareLink';

function fakeLab() {
  const listeners = new Set<(e: LabEvent) => void>();
  const api = {
    load: vi.fn<(config: ExperimentConfig) => void>(), play: vi.fn(), pause: vi.fn(), step: vi.fn(), reset: vi.fn(),
    change: vi.fn(), snap: vi.fn(), rewind: vi.fn(), setPace: vi.fn(), skipTo: vi.fn(), dispose: vi.fn(),
    subscribe: (l: (e: LabEvent) => void) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
  } satisfies LabApi;
  return { api, emit: (e: LabEvent) => listeners.forEach((l) => l(e)) };
}

const spirals = (): ExperimentConfig => ({ ...defaultConfig(), dataset: { ...defaultConfig().dataset, kind: 'spirals' } });

describe('config store', () => {
  let address: AddressBarSync | null = null;
  afterEach(() => {
    address?.dispose();
    vi.restoreAllMocks();
    window.history.replaceState(null, '', '/');
  });

  function setup(initialConfig = defaultConfig(), appParams: Record<string, string> = {}) {
    window.history.replaceState(null, '', `/?${shareQuery(initialConfig, appParams)}`);
    address = new AddressBarSync(window);
    const lab = fakeLab();
    const recorder = new RunRecorder({ store: createMemoryRunStore(), throttleMs: 0 });
    const store = new ConfigStore({ api: lab.api, initialConfig, address, appParams, recorder });
    const seen: ExperimentConfig[] = [];
    store.subscribe(() => seen.push(store.getConfig()));
    return { ...lab, store, recorder, seen };
  }

  it('keeps the address bar equal to the config through loads and live changes', () => {
    const { api, store } = setup(defaultConfig(), { hide: 'core' });
    store.open();
    expect(api.load).toHaveBeenLastCalledWith(defaultConfig());
    store.load(spirals());
    expect(decodeConfig(window.location.search).config).toEqual(spirals());
    expect(decodeConfig(window.location.search).appParams).toEqual({ hide: 'core' });
    store.change({ prior: { lambda: 30 } });
    expect(api.change).toHaveBeenLastCalledWith({ prior: { lambda: 30 } });
    expect(store.getConfig().prior.lambda).toBe(30);
    expect(decodeConfig(window.location.search).config.prior.lambda).toBe(30);
    expect(api.load).toHaveBeenCalledTimes(2); // a live change does not reload
  });

  it('back and forward load the address config in place, each time, with no new history entry', () => {
    const { api, store, seen } = setup();
    store.open();
    store.load(spirals());
    const push = vi.spyOn(window.history, 'pushState');
    for (const config of [defaultConfig(), spirals(), defaultConfig()]) {
      window.history.replaceState(null, '', `/?${shareQuery(config, {})}`);
      window.dispatchEvent(new PopStateEvent('popstate'));
      expect(store.getConfig()).toEqual(config);
      expect(api.load).toHaveBeenLastCalledWith(config);
    }
    expect(push).not.toHaveBeenCalled();
    expect(api.load).toHaveBeenCalledTimes(5);
    expect(seen.map((c) => c.dataset.kind)).toEqual(['spirals', 'mnist', 'spirals', 'mnist']);
  });

  it('a CNN on a 2-D task becomes an MLP', () => {
    const { api, store } = setup();
    const config = spirals();
    config.model.kind = 'cnn';
    store.load(config);
    expect(api.load.mock.calls[0][0].model.kind).toBe('mlp');
    expect(store.getConfig().model.kind).toBe('mlp');
  });

  it('records the backend the run is made on in the link, without a new history entry', () => {
    const { store, emit } = setup();
    store.open();
    const push = vi.spyOn(window.history, 'pushState');
    emit({ type: 'snapshot', snapshot: { step: 0, history: [], newPoints: [], gates: [], backend: { name: 'wasm', reason: '', attempts: [] } } as unknown as Snapshot });
    expect(decodeConfig(window.location.search).appParams.madeon).toBe('wasm');
    expect(store.backend).toBe('wasm');
    expect(push).not.toHaveBeenCalled();
  });

  it('live changes reach the run record too', () => {
    const { store, recorder } = setup();
    store.open();
    store.change({ optimizer: { learningRate: 0.05 } });
    expect(recorder.currentRun()?.config.optimizer.learningRate).toBe(0.05);
    store.reset();
    expect(recorder.currentRun()?.config.optimizer.learningRate).toBe(0.05);
  });
});
