import { applyLiveChange, type LiveChange } from '../../engine/config/liveChange';
import type { ExperimentConfig } from '../../engine/config/types';
import { encodeConfig } from '../../engine/config/urlCodec';
import type { Snapshot } from '../../engine/training/snapshot';
import type { LabEvent } from '../labApi';
import { defaultRunName, newRunId, type RunRecord } from './runRecord';
import { toStorageProblem, type RunStore, type StorageProblem } from './runStore';

export interface RunRecorderOptions {
  store: RunStore;
  /** Longest a trained step goes unsaved while a run is going (a reload loses at most this much). */
  throttleMs?: number;
  now?: () => number;
  newId?: () => string;
  /**
   * Where the id of the run in progress is kept across reloads of the page (the tab's
   * sessionStorage): a reload continues that run's record instead of starting a second one.
   */
  currentRunId?: { get(): string | null; set(id: string): void };
}

export type RecorderListener = (event: { type: 'saved'; record: RunRecord } | { type: 'problem'; problem: StorageProblem }) => void;

/**
 * Keeps every run that trained at least one step: starts a record on load or reset, follows the
 * snapshots, and writes at most every `throttleMs` while training (at once on pause and finish).
 */
export class RunRecorder {
  private current: RunRecord | null = null;
  /** Snapshots of the previous run may still be in flight after a load or reset: wait for step 0. */
  private awaitingFirstSnapshot = false;
  private dirty = false;
  private lastWrite = -Infinity;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private writes: Promise<void> = Promise.resolve();
  /** The saved record a reload continues (read from the store), or null; writes wait for it. */
  private continuing: Promise<RunRecord | null> = Promise.resolve(null);
  /** The tab's last run id belonged to another config: this run was given a new one. */
  private renamed: { from: string; to: string } | null = null;
  private readonly listeners = new Set<RecorderListener>();
  private readonly throttleMs: number;
  private readonly now: () => number;
  private readonly newId: () => string;

  constructor(private readonly options: RunRecorderOptions) {
    this.throttleMs = options.throttleMs ?? 2000;
    this.now = options.now ?? Date.now;
    this.newId = options.newId ?? newRunId;
  }

  get store(): RunStore {
    return this.options.store;
  }

  currentRun(): RunRecord | null {
    return this.current;
  }

  subscribe(listener: RecorderListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * A new run of this config begins (load, or reset of the same config). With `continueSaved` (the
   * page opening), the run the tab was training before a reload continues its record: the run
   * trains again from step 0 (same seed, same steps) and the record is written again once the run
   * passes the step it was saved at, its earlier evaluations kept.
   */
  start(config: ExperimentConfig, { continueSaved = false }: { continueSaved?: boolean } = {}): void {
    void this.flush();
    const t = this.now();
    const previousId = continueSaved ? this.options.currentRunId?.get() ?? null : null;
    const id = previousId ?? this.newId();
    this.options.currentRunId?.set(id);
    this.renamed = null;
    this.continuing = previousId ? this.savedRunOf(previousId, config) : Promise.resolve(null);
    this.current = {
      id,
      name: defaultRunName(config),
      createdAt: t,
      updatedAt: t,
      config: structuredClone(config),
      backend: null,
      history: [],
      gates: null,
      step: 0,
      totalSteps: 0,
      finished: false,
      diverged: null,
      source: 'trained',
    };
    this.dirty = false;
    this.awaitingFirstSnapshot = true;
  }

  /** A live change (λ, learning rate, prior) to the run in progress. */
  updateConfig(change: LiveChange): void {
    if (!this.current) return;
    this.current.config = applyLiveChange(this.current.config, change);
    this.markDirty();
  }

  /** The user renamed the run in progress: later writes must keep the new name. */
  rename(id: string, name: string): void {
    if (this.current?.id === id) this.current.name = name;
  }

  forget(id: string): void {
    if (this.current?.id === id) this.current = null;
  }

  handle(event: LabEvent): void {
    if (!this.current) return;
    if (event.type === 'restarted') {
      // The worker that trained it is gone: keep the run as far as it got; the page loads a new one.
      this.dirty = true;
      void this.flush();
      this.current = null;
      return;
    }
    if (event.type === 'snapshot') {
      if (this.awaitingFirstSnapshot && event.snapshot.step !== 0) return;
      this.awaitingFirstSnapshot = false;
      this.applySnapshot(event.snapshot);
      this.markDirty();
    } else if (!this.awaitingFirstSnapshot && event.type === 'status' && (event.status === 'finished' || event.status === 'paused')) {
      if (event.status === 'finished') this.current.finished = true;
      this.dirty = true;
      void this.flush();
    }
  }

  /** The saved run of this id if it trained this config; else the run in progress takes a new id. */
  private async savedRunOf(id: string, config: ExperimentConfig): Promise<RunRecord | null> {
    const saved = await this.options.store.get(id).catch(() => undefined);
    if (saved && encodeConfig(saved.config) === encodeConfig(config)) return saved;
    if (saved) this.renamed = { from: id, to: this.newId() };
    if (this.renamed && this.current?.id === id) {
      this.current.id = this.renamed.to;
      this.options.currentRunId?.set(this.renamed.to);
    }
    return null;
  }

  /** Write the run in progress now, if it has anything new. */
  flush(): Promise<void> {
    if (this.timer !== null) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    const record = this.current;
    if (!record || !this.dirty || record.step === 0) return this.writes;
    this.dirty = false;
    this.lastWrite = this.now();
    const copy = structuredClone(record);
    const continuing = this.continuing;
    this.writes = this.writes.then(async () => {
      const saved = await continuing;
      if (this.renamed?.from === copy.id) copy.id = this.renamed.to;
      if (saved && saved.id === copy.id) {
        // Not past where it was saved: the store already holds all of it.
        if (copy.step <= saved.step) return;
        Object.assign(copy, {
          name: saved.name,
          createdAt: saved.createdAt,
          history: [...saved.history, ...copy.history.filter((p) => p.step > saved.step)],
        });
      }
      return this.options.store.put(copy).then(
        () => this.emit({ type: 'saved', record: copy }),
        (error: unknown) => this.emit({ type: 'problem', problem: toStorageProblem(error) }),
      );
    });
    return this.writes;
  }

  private applySnapshot(snapshot: Snapshot): void {
    const record = this.current!;
    record.step = snapshot.step;
    record.totalSteps = snapshot.totalSteps;
    // Played on past its end: the saved config says how long it trained, so reopening it trains as far.
    const epochs = snapshot.stepsPerEpoch > 0 ? Math.ceil(snapshot.totalSteps / snapshot.stepsPerEpoch) : 0;
    if (epochs > record.config.training.epochs) record.config = { ...record.config, training: { ...record.config.training, epochs } };
    // The snapshot's history is the charts' (thinned on long runs): the record keeps every evaluation.
    record.history.push(...snapshot.newPoints);
    record.gates = snapshot.gates;
    record.backend = snapshot.backend.name;
    record.finished = snapshot.finished;
    record.diverged = snapshot.diverged;
    record.updatedAt = this.now();
  }

  private markDirty(): void {
    this.dirty = true;
    const wait = this.lastWrite + this.throttleMs - this.now();
    if (wait <= 0) {
      void this.flush();
    } else if (this.timer === null) {
      this.timer = setTimeout(() => {
        this.timer = null;
        void this.flush();
      }, wait);
    }
  }

  private emit(event: Parameters<RecorderListener>[0]): void {
    this.listeners.forEach((l) => l(event));
  }
}
