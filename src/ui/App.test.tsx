// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { defaultConfig } from '../engine/config/defaults';
import type { LiveChange } from '../engine/config/liveChange';
import type { ExperimentConfig } from '../engine/config/types';
import { ConfigStore } from '../lab/configStore';
import type { LabApi, LabEvent, TrainingPace } from '../lab/labApi';
import { App } from './App';
import { DatasetControls } from './controls/DatasetControls';
import { ModelControls } from './controls/ModelControls';
import { TrainingControls } from './controls/TrainingControls';
import { About } from './About';
import * as scales from './scales';
import { snapshotFixture } from './testFixtures';
import { stubCanvas } from './testDom';

// The controls and the notes counted as they render (each still renders what it always did).
vi.mock('./controls/DatasetControls', async (importOriginal) => {
  const actual = await importOriginal<typeof import('./controls/DatasetControls')>();
  return { ...actual, DatasetControls: vi.fn(actual.DatasetControls) };
});
vi.mock('./controls/ModelControls', async (importOriginal) => {
  const actual = await importOriginal<typeof import('./controls/ModelControls')>();
  return { ...actual, ModelControls: vi.fn(actual.ModelControls) };
});
vi.mock('./controls/TrainingControls', async (importOriginal) => {
  const actual = await importOriginal<typeof import('./controls/TrainingControls')>();
  return { ...actual, TrainingControls: vi.fn(actual.TrainingControls) };
});
vi.mock('./About', async (importOriginal) => {
  const actual = await importOriginal<typeof import('./About')>();
  return { ...actual, About: vi.fn(actual.About) };
});
// positionFromLambda runs once per render of the prior's box (its slider's position).
vi.mock('./scales', async (importOriginal) => {
  const actual = await importOriginal<typeof import('./scales')>();
  return { ...actual, positionFromLambda: vi.fn(actual.positionFromLambda) };
});

beforeAll(stubCanvas);
afterEach(cleanup);

function fakeLab() {
  const listeners = new Set<(e: LabEvent) => void>();
  const api = {
    load: vi.fn<(config: ExperimentConfig) => void>(),
    play: vi.fn(),
    pause: vi.fn(),
    step: vi.fn(),
    reset: vi.fn(),
    change: vi.fn<(change: LiveChange) => void>(),
    snap: vi.fn(),
    rewind: vi.fn(),
    setPace: vi.fn<(pace: TrainingPace) => void>(),
    skipTo: vi.fn<(step: number) => void>(),
    dispose: vi.fn(),
    subscribe: (listener: (e: LabEvent) => void) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  } satisfies LabApi;
  const emit = (event: LabEvent) => act(() => listeners.forEach((l) => l(event)));
  return { api, emit, listeners };
}

function setup(config: ExperimentConfig = defaultConfig()) {
  const lab = fakeLab();
  const store = new ConfigStore({ api: lab.api, initialConfig: config });
  const configs: ExperimentConfig[] = [];
  store.subscribe(() => configs.push(store.getConfig()));
  render(<App store={store} />);
  return { ...lab, store, configs };
}

describe('App with a fake lab', () => {
  it('loads the initial config on mount and unsubscribes on unmount', () => {
    const { api, listeners } = setup();
    expect(api.load).toHaveBeenCalledTimes(1);
    expect(api.load.mock.calls[0][0]).toEqual(defaultConfig());
    // The config store's (run recording, the address bar's backend) and the App's own.
    expect(listeners.size).toBe(2);
    cleanup();
    expect(listeners.size).toBe(1);
  });

  it('plays, pauses, steps and resets through the LabApi', () => {
    const { api, emit } = setup();
    emit({ type: 'snapshot', snapshot: snapshotFixture() });
    const play = screen.getByTestId('play-button');
    expect(play.textContent).toContain('Play');
    fireEvent.click(play);
    expect(api.play).toHaveBeenCalledTimes(1);

    emit({ type: 'status', status: 'running', message: 'training on wasm' });
    expect(play.textContent).toContain('Pause');
    fireEvent.click(play);
    expect(api.pause).toHaveBeenCalledTimes(1);

    emit({ type: 'status', status: 'paused', message: '' });
    fireEvent.click(screen.getByTestId('step-button'));
    expect(api.step).toHaveBeenCalledTimes(1);
    fireEvent.click(screen.getByTestId('reset-button'));
    expect(api.reset).toHaveBeenCalledTimes(1);
  });

  it("slow mode is a pressed toggle that sets the worker's pace", () => {
    const { api, emit } = setup();
    emit({ type: 'snapshot', snapshot: snapshotFixture() });
    const slow = screen.getByTestId('slow-button');
    expect(slow.getAttribute('aria-pressed')).toBe('false');
    fireEvent.click(slow);
    expect(api.setPace).toHaveBeenLastCalledWith('slow');
    expect(slow.getAttribute('aria-pressed')).toBe('true');
    fireEvent.click(slow);
    expect(api.setPace).toHaveBeenLastCalledWith('full');
    expect(slow.getAttribute('aria-pressed')).toBe('false');
  });

  it('in slow mode before a late prior, Skip trains to where it comes on; not at full speed, with λ 0 or once it is on', () => {
    const config = defaultConfig();
    config.prior.lambda = 3;
    const { api, emit } = setup(config);
    emit({ type: 'snapshot', snapshot: snapshotFixture({ step: 12, priorStartStep: 940, priorOnStep: null }) });
    expect(screen.queryByTestId('skip-to-prior')).toBeNull();
    fireEvent.click(screen.getByTestId('slow-button'));
    fireEvent.click(screen.getByTestId('skip-to-prior'));
    expect(api.skipTo).toHaveBeenLastCalledWith(940);
    emit({ type: 'snapshot', snapshot: snapshotFixture({ step: 941, priorStartStep: 940, priorOnStep: 941 }) });
    expect(screen.queryByTestId('skip-to-prior')).toBeNull();
    emit({ type: 'snapshot', snapshot: snapshotFixture({ step: 12, priorStartStep: 940, priorOnStep: null }) });
    expect(screen.getByTestId('skip-to-prior')).toBeTruthy();
    fireEvent.change(screen.getByTestId('lambda-slider'), { target: { value: '0' } });
    expect(screen.queryByTestId('skip-to-prior')).toBeNull();
  });

  it('sends the log-mapped lambda live when the dial moves, without reloading', () => {
    const { api, configs } = setup();
    const slider = screen.getByTestId('lambda-slider');
    fireEvent.change(slider, { target: { value: '41' } });
    expect(api.change).toHaveBeenLastCalledWith({ prior: { lambda: 1 } });
    expect(screen.getByTestId('lambda-value').textContent).toBe('1');
    fireEvent.change(slider, { target: { value: '101' } });
    expect(api.change).toHaveBeenLastCalledWith({ prior: { lambda: 1000 } });
    fireEvent.change(slider, { target: { value: '0' } });
    expect(api.change).toHaveBeenLastCalledWith({ prior: { lambda: 0 } });
    expect(screen.getByTestId('lambda-value').textContent).toBe('0 (off)');
    expect(configs.map((c) => c.prior.lambda)).toEqual([1, 1000, 0]);
    expect(api.load).toHaveBeenCalledTimes(1);
  });

  it("the phone's λ dock is the same setting as the sidebar's dial, and only on the lab's tab", () => {
    const { api } = setup();
    const dock = screen.getByTestId('lambda-dock-slider');
    fireEvent.change(dock, { target: { value: '101' } });
    expect(api.change).toHaveBeenLastCalledWith({ prior: { lambda: 1000 } });
    expect(screen.getByTestId('lambda-value').textContent).toBe('1e3');
    expect(screen.getByTestId('lambda-dock-value').textContent).toBe('1e3');
    fireEvent.change(screen.getByTestId('lambda-slider'), { target: { value: '41' } });
    expect((dock as HTMLInputElement).value).toBe('41');
    expect(screen.getByTestId('lambda-dock-value').textContent).toBe('1');
    fireEvent.click(screen.getByTestId('tab-compare'));
    expect(screen.queryByTestId('lambda-dock')).toBeNull();
  });

  it('shows a status error message in a visible alert, keeping the page', () => {
    const { emit } = setup();
    emit({ type: 'snapshot', snapshot: snapshotFixture() });
    emit({ type: 'status', status: 'error', message: 'Could not load MNIST: HTTP 404 for /data/mnist.bin' });
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('Could not load MNIST: HTTP 404 for /data/mnist.bin');
    expect(screen.getByTestId('core-panel')).toBeTruthy();
  });

  it('shows error events too', () => {
    const { emit } = setup();
    emit({ type: 'error', message: 'Worker crashed: out of memory' });
    expect(screen.getByTestId('error-message').textContent).toBe('Worker crashed: out of memory');
  });

  it('reloads on a structural change and keeps the model valid for the data', () => {
    const config = defaultConfig();
    config.model.kind = 'cnn';
    const { api, store } = setup(config);
    fireEvent.change(screen.getByTestId('dataset-select'), { target: { value: 'spirals' } });
    expect(api.load).toHaveBeenCalledTimes(2);
    const loaded = api.load.mock.calls[1][0];
    expect(loaded.dataset.kind).toBe('spirals');
    expect(loaded.model.kind).toBe('mlp');
    expect(store.getConfig()).toEqual(loaded);
  });

  it('commits hidden widths on Enter and refuses malformed ones', () => {
    const { api } = setup();
    const input = screen.getByTestId('hidden-input');
    fireEvent.change(input, { target: { value: '32-x' } });
    fireEvent.keyDown(input, { key: 'Enter' });
    expect(api.load).toHaveBeenCalledTimes(1);
    expect(screen.getByRole('alert').textContent).toContain('widths of 1–1024');
    fireEvent.change(input, { target: { value: '32-16' } });
    fireEvent.keyDown(input, { key: 'Enter' });
    expect(api.load).toHaveBeenCalledTimes(2);
    expect(api.load.mock.calls[1][0].model.hidden).toEqual([32, 16]);
  });

  it('applies the learning rate and the schedule live', () => {
    const { api } = setup();
    // Learning-rate slider: 40 positions over 1e-4..1, so position 20 is 1e-2.
    fireEvent.change(screen.getByTestId('lr-slider'), { target: { value: '20' } });
    expect(api.change).toHaveBeenLastCalledWith({ optimizer: { learningRate: 0.01 } });
    expect(screen.getByTestId('lr-slider').getAttribute('aria-valuetext')).toBe('learning rate 0.01');
    // ε slider: 40 positions over 1e-5..1e-1, so position 30 is 1e-2.
    fireEvent.change(screen.getByTestId('eps-slider'), { target: { value: '30' } });
    expect(api.change).toHaveBeenLastCalledWith({ prior: { eps: 0.01 } });
    expect(screen.getByTestId('eps-slider').getAttribute('aria-valuetext')).toBe('epsilon 0.01');
    const start = screen.getByTestId('prior-start-input');
    fireEvent.change(start, { target: { value: '300' } });
    fireEvent.blur(start);
    expect(api.change).toHaveBeenLastCalledWith({ prior: { start: 300 } });
    fireEvent.change(screen.getByTestId('prior-unit-select'), { target: { value: 'epoch' } });
    expect(api.change).toHaveBeenLastCalledWith({ prior: { startUnit: 'epoch' } });
    expect((screen.getByTestId<HTMLSelectElement>('prior-mode-select')).value).toBe('loss');
    fireEvent.change(screen.getByTestId('prior-mode-select'), { target: { value: 'proximal' } });
    expect(api.change).toHaveBeenLastCalledWith({ prior: { mode: 'proximal' } });
    fireEvent.click(screen.getByTestId('snap-button'));
    expect(api.snap).toHaveBeenCalledTimes(1);
    expect(api.load).toHaveBeenCalledTimes(1);
  });

  it('shows the backend, the headline numbers and the progress from a snapshot', () => {
    const { emit } = setup();
    emit({ type: 'snapshot', snapshot: snapshotFixture() });
    expect(screen.getByTestId('backend-badge').textContent).toContain('WASM: no WebGPU adapter');
    expect(screen.getByTestId('fraction-nonlinear').textContent).toBe('57.1%');
    expect(screen.getByTestId('apl-value').textContent).toBe('1.31');
    // Step 250 with 100 steps per epoch: epoch 3 of 5.
    expect(screen.getByTestId('step-counter').textContent).toBe('step 250 / 500 · epoch 3 / 5');
    expect(screen.getByTestId('progress-bar').getAttribute('aria-valuenow')).toBe('250');
  });
});

describe('App, snapshot after snapshot', () => {
  const withPrior = () => {
    const config = defaultConfig();
    config.prior.lambda = 0.1;
    config.prior.start = 200;
    return config;
  };
  const renders = () => ({
    dataset: vi.mocked(DatasetControls).mock.calls.length,
    model: vi.mocked(ModelControls).mock.calls.length,
    training: vi.mocked(TrainingControls).mock.calls.length,
    about: vi.mocked(About).mock.calls.length,
    prior: vi.mocked(scales.positionFromLambda).mock.calls.length,
  });

  it('does not redraw the controls or the notes for a snapshot that changes nothing they show', () => {
    const { emit } = setup(withPrior());
    // Past t_on (200), prior on: the λ hint reads "In force now" whatever the step.
    emit({ type: 'snapshot', snapshot: snapshotFixture({ step: 250, running: true }) });
    expect(screen.getByTestId('lambda-hint').textContent).toBe('In force now: λ = 0.1');
    const before = renders();
    for (const step of [260, 270, 280]) emit({ type: 'snapshot', snapshot: snapshotFixture({ step, running: true }) });
    expect(screen.getByTestId('step-counter').textContent).toBe('step 280 / 500 · epoch 3 / 5');
    expect(renders()).toEqual(before);
  });

  it('redraws the prior box when its hint or its settings change', () => {
    const { emit } = setup(withPrior());
    emit({ type: 'snapshot', snapshot: snapshotFixture({ step: 150, running: true }) });
    expect(screen.getByTestId('lambda-hint').textContent).toBe('Switches on at step 200 (t_on); now step 150.');
    emit({ type: 'snapshot', snapshot: snapshotFixture({ step: 160, running: true }) });
    expect(screen.getByTestId('lambda-hint').textContent).toBe('Switches on at step 200 (t_on); now step 160.');
    const before = renders();
    fireEvent.change(screen.getByTestId('lambda-slider'), { target: { value: '101' } });
    expect(screen.getByTestId('lambda-value').textContent).toBe('1e3');
    expect(renders().prior).toBeGreaterThan(before.prior);
  });
});

