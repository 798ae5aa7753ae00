import { applyLiveChange, type LiveChange } from '../../engine/config/liveChange';
import type { ExperimentConfig } from '../../engine/config/types';
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

  /** A new run of this config begins (load, or reset of the same config). */
  start(config: ExperimentConfig): void {
    void this.flush();
    const t = this.now();
    this.current = {
      id: this.newId(),
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
    this.writes = this.writes.then(() =>
      this.options.store.put(copy).then(
        () => this.emit({ type: 'saved', record: copy }),
        (error: unknown) => this.emit({ type: 'problem', problem: toStorageProblem(error) }),
      ),
    );
    return this.writes;
  }

  private applySnapshot(snapshot: Snapshot): void {
    const record = this.current!;
    record.step = snapshot.step;
    record.totalSteps = snapshot.totalSteps;
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
