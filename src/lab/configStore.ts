/**
 * The one owner of the experiment config on the page. Plain TypeScript, outside React (the UI reads
 * it through useSyncExternalStore): every change goes through here, which keeps the address bar, the
 * run recorder and the training worker in step with it.
 *
 *   load(config)   a structural change or a reopened run: a new run in the worker, a new history entry
 *   change(live)   λ, the prior's schedule, ε, the learning rate: applied to the running run
 *   back/forward   the address's config is loaded in place, without a new history entry
 */
import { applyLiveChange, type LiveChange } from '../engine/config/liveChange';
import { isImageDataset, type ExperimentConfig } from '../engine/config/types';
import { decodeConfig } from '../engine/config/urlCodec';
import type { RunRecorder } from './history/runRecorder';
import type { LabApi } from './labApi';
import type { AddressBarSync } from './share/addressBar';
import { MADE_ON_KEY, shareQuery } from './share/shareLink';
import { withViewParams, type TextSize } from './share/viewParams';
import type { TrainingPace } from './labApi';

/** How a config came about: a new run, a live change while it trains, or a return to an earlier one (back/forward). */
export type ConfigChangeKind = 'load' | 'live' | 'restore';

export interface ConfigStoreOptions {
  /** The training worker. */
  api: LabApi;
  initialConfig: ExperimentConfig;
  /** Keeps the address bar equal to the config (the page); absent in tests of the UI alone. */
  address?: AddressBarSync;
  /** App parameters of the opening link (backend, hide, madeon), carried on in the address bar. */
  appParams?: Record<string, string>;
  /** Records every run that trains a step. */
  recorder?: RunRecorder;
}

/** A dataset change may rule out the current model (CNNs need images). */
export function reconcileConfig(config: ExperimentConfig): ExperimentConfig {
  if (config.model.kind === 'cnn' && !isImageDataset(config.dataset.kind)) {
    return { ...config, model: { ...config.model, kind: 'mlp' } };
  }
  return config;
}

export class ConfigStore {
  readonly api: LabApi;
  private config: ExperimentConfig;
  private appParams: Record<string, string>;
  private backendInUse: string | null = null;
  private lastKind: ConfigChangeKind | null = null;
  private readonly listeners = new Set<() => void>();
  private readonly unsubscribeApi: () => void;

  constructor(private readonly options: ConfigStoreOptions) {
    this.api = options.api;
    this.config = options.initialConfig;
    this.appParams = { ...options.appParams };
    options.address?.onNavigate((search) => this.load(decodeConfig(search).config, 'restore'));
    this.unsubscribeApi = this.api.subscribe((event) => {
      this.options.recorder?.handle(event);
      if (event.type === 'snapshot') this.noteBackend(event.snapshot.backend.name);
    });
  }

  readonly getConfig = (): ExperimentConfig => this.config;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** How the config last changed (null: not yet), for listeners that care whether it is another run. */
  get lastChange(): ConfigChangeKind | null {
    return this.lastKind;
  }

  /** The compute backend the worker runs on, once it has said (e.g. for a second worker to use the same). */
  get backend(): string | null {
    return this.backendInUse;
  }

  /** Loads the config the lab opened with, as the address bar already shows it. */
  open(): void {
    this.options.recorder?.start(this.config, { continueSaved: true });
    this.api.load(this.config);
  }

  /** A new run of this config (a structural change, a reopened run, or back/forward with kind 'restore'). */
  load(next: ExperimentConfig, kind: 'load' | 'restore' = 'load'): void {
    this.set(reconcileConfig(next), kind);
    this.options.recorder?.start(this.config);
    this.api.load(this.config);
  }

  /** A live change to the run in progress. */
  change(change: LiveChange): void {
    this.set(applyLiveChange(this.config, change), 'live');
    this.options.recorder?.updateConfig(change);
    this.api.change(change);
  }

  /** Back to step 0 of the same config: a new run for the record. */
  reset(): void {
    this.options.recorder?.start(this.config);
    this.api.reset();
  }

  /** Slow mode and large text travel in the link too (app parameters, not config): the address bar follows them. */
  setViewParams(view: { pace?: TrainingPace; text?: TextSize }): void {
    this.appParams = withViewParams(this.appParams, view);
    this.options.address?.replace(shareQuery(this.config, this.appParams));
  }

  dispose(): void {
    this.unsubscribeApi();
    this.listeners.clear();
  }

  private set(config: ExperimentConfig, kind: ConfigChangeKind): void {
    this.config = config;
    this.lastKind = kind;
    this.options.address?.update(shareQuery(config, this.appParams), kind);
    this.listeners.forEach((listener) => listener());
  }

  /** The link records the backend it was made on; it becomes known with the first snapshot. */
  private noteBackend(name: string): void {
    this.backendInUse = name;
    if (this.appParams[MADE_ON_KEY] === name) return;
    this.appParams = { ...this.appParams, [MADE_ON_KEY]: name };
    this.options.address?.replace(shareQuery(this.config, this.appParams));
  }
}
