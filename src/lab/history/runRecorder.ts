import { applyLiveChange, type LiveChange } from '../../engine/config/liveChange';
import type { ExperimentConfig } from '../../engine/config/types';
import { encodeConfig } from '../../engine/config/urlCodec';
import { appendToChartHistory, CHART_HISTORY_LIMIT } from '../../engine/training/chartHistory';
import type { Snapshot } from '../../engine/training/snapshot';
import type { LabEvent } from '../labApi';
import type { EvaluationLog } from './evaluationLog';
import { EvaluationLogWriter } from './evaluationLogWriter';
import { readFullHistory, type FullHistory } from './fullHistory';
import { defaultRunName, newRunId, newRunRecord, type RunRecord } from './runRecord';
import { StorageProblem, toStorageProblem, type RunStore } from './runStore';

export interface RunRecorderOptions {
  store: RunStore;
  /**
   * Where every evaluation is written as the run goes (a database of its own); the record keeps
   * the charts' bounded history. Without one, runs keep the bounded history only.
   */
  evaluations?: EvaluationLog;
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

export type RecorderEvent =
  | { type: 'saved'; record: RunRecord }
  | { type: 'problem'; problem: StorageProblem }
  /** The lab's run started or stopped training (id null: none trains now). */
  | { type: 'training'; id: string | null }
  /** A comparison or sweep of this tab started or ended training: the groups training now. */
  | { type: 'groups-training'; ids: ReadonlySet<string> }
  /** Every run of a comparison or sweep was deleted (removeGroup): what was saved to resume it goes too. */
  | { type: 'group-removed'; id: string };

export type RecorderListener = (event: RecorderEvent) => void;

/**
 * Keeps every run that trained at least one step: starts a record on load or reset, follows the
 * snapshots, and writes at most every `throttleMs` while training (at once on pause and finish).
 */
export class RunRecorder {
  private current: RunRecord | null = null;
  /** The run in progress's evaluations on their way to the evaluation log. */
  private writer: EvaluationLogWriter | null = null;
  /** The log refused a write while this page lived: said once, not at every write. */
  private logProblemShown = false;
  /** Runs whose evaluations the log refused at least once: their records keep the bounded history only. */
  private readonly logFailed = new Set<string>();
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
  /** The lab's run is training now (not paused, finished or waiting to start). */
  private training = false;
  /** Groups whose queue trains in this tab now (their runs are written again as they train). */
  private groupsTraining: ReadonlySet<string> = new Set();
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

  /** The id of the run training now, or null when the lab is paused, finished or between runs. */
  trainingRunId(): string | null {
    return this.training && this.current ? this.current.id : null;
  }

  /**
   * Writes a run that is not the lab's own (a comparison's or sweep's run, trained in a worker of its
   * own) and tells the listeners, like a save of the lab's run.
   */
  keep(record: RunRecord): Promise<void> {
    const copy = structuredClone(record);
    return this.options.store.put(copy).then(
      () => this.emit({ type: 'saved', record: copy }),
      (error: unknown) => {
        this.emit({ type: 'problem', problem: toStorageProblem(error) });
        throw error;
      },
    );
  }

  /** The comparisons and sweeps training in this tab now, by group id. */
  trainingGroups(): ReadonlySet<string> {
    return this.groupsTraining;
  }

  /** A comparison's or sweep's queue (kept with keep()) started or ended training. */
  setGroupTraining(id: string, training: boolean): void {
    if (this.groupsTraining.has(id) === training) return;
    const next = new Set(this.groupsTraining);
    if (training) next.add(id);
    else next.delete(id);
    this.groupsTraining = next;
    this.emit({ type: 'groups-training', ids: next });
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
    this.setTraining(false);
    this.current = newRunRecord({ id, name: defaultRunName(config), at: t, config, group: null, fullHistory: this.options.evaluations ? 'log' : undefined });
    this.writer = this.options.evaluations ? new EvaluationLogWriter(this.options.evaluations) : null;
    this.dirty = false;
    this.awaitingFirstSnapshot = true;
  }

  /** A live change (λ, learning rate, prior) to the run in progress. */
  updateConfig(change: LiveChange): void {
    if (!this.current) return;
    const before = this.current.config;
    this.current.config = applyLiveChange(before, change);
    // A name made from the config (it shows λ) follows the config; a name the user gave stays.
    if (this.current.name === defaultRunName(before)) this.current.name = defaultRunName(this.current.config);
    this.markDirty();
  }

  /** The user renamed the run in progress: later writes must keep the new name. */
  rename(id: string, name: string): void {
    if (this.current?.id === id) this.current.name = name;
  }

  forget(id: string): void {
    if (this.current?.id === id) {
      this.current = null;
      this.writer?.discard();
      this.writer = null;
    }
  }

  /** Deletes a run: its record and its evaluations (once any write of it in flight is done). */
  async remove(id: string): Promise<void> {
    this.forget(id);
    await this.writes;
    await this.options.store.remove(id);
    await this.options.evaluations?.remove(id);
  }

  /** Deletes every run of a comparison or sweep, then says so (Compare forgets a saved queue of it). */
  async removeGroup(groupId: string, ids: readonly string[]): Promise<void> {
    for (const id of ids) this.forget(id);
    for (const id of ids) await this.remove(id);
    this.emit({ type: 'group-removed', id: groupId });
  }

  /**
   * Every evaluation of a run, for exports: from the evaluation log, or the record's history when
   * the log does not hold them (with a note saying what is missing). The run in progress is written first.
   */
  async fullHistory(record: RunRecord): Promise<FullHistory> {
    if (record.id === this.current?.id) {
      this.dirty = true;
      await this.flush();
      // The write may have found the log full: the record says where its evaluations are now.
      record = { ...record, fullHistory: this.current?.fullHistory ?? record.fullHistory };
    }
    return readFullHistory(record, this.options.evaluations);
  }

  handle(event: LabEvent): void {
    if (event.type === 'status') this.setTraining(event.status === 'running');
    else if (event.type === 'restarted') this.setTraining(false);
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
    const writer = this.writer;
    this.writes = this.writes.then(async () => {
      const saved = await continuing;
      if (this.renamed?.from === copy.id) copy.id = this.renamed.to;
      const continued = saved && saved.id === copy.id ? saved : null;
      // Not past where it was saved: the store already holds all of it.
      if (continued && copy.step <= continued.step) {
        // Evaluations past the saved step may have come since this write was asked for: they go on.
        if (writer && continued.fullHistory === 'log' && !this.logFailed.has(copy.id)) await this.writeEvaluations(writer, copy, continued.step);
        else writer?.discard();
        return;
      }
      if (continued) {
        const merged = appendToChartHistory(continued.history, copy.history.filter((p) => p.step > continued.step));
        Object.assign(copy, {
          // A name the user gave before the reload stays; one made from the config follows it.
          name: continued.name === defaultRunName(continued.config) ? copy.name : continued.name,
          createdAt: continued.createdAt,
          history: merged,
          thinned: Boolean(continued.thinned || copy.thinned || merged.length < continued.history.length),
          // Its earlier evaluations are in the log only if it kept them there.
          fullHistory: continued.fullHistory === 'log' ? copy.fullHistory : 'history',
        });
      }
      if (this.logFailed.has(copy.id)) copy.fullHistory = 'history';
      if (writer && copy.fullHistory === 'log') await this.writeEvaluations(writer, copy, continued?.step);
      else writer?.discard();
      return this.options.store.put(copy).then(
        () => this.emit({ type: 'saved', record: copy }),
        (error: unknown) => this.emit({ type: 'problem', problem: toStorageProblem(error) }),
      );
    });
    return this.writes;
  }

  /** Appends the waiting evaluations to the log; when it refuses, the run keeps its bounded history and the page says so once. */
  private async writeEvaluations(writer: EvaluationLogWriter, copy: RunRecord, savedStep: number | undefined): Promise<void> {
    try {
      await writer.write(copy.id, savedStep);
    } catch (error) {
      copy.fullHistory = 'history';
      this.logFailed.add(copy.id);
      if (this.current?.id === copy.id) this.current.fullHistory = 'history';
      // Where runs are not saved at all (no IndexedDB) the page says that already.
      if (!this.logProblemShown && this.options.store.kind !== 'memory') {
        this.logProblemShown = true;
        const problem = toStorageProblem(error);
        const message =
          problem.reason === 'unavailable'
            ? problem.message
            : `The full evaluation record could not be saved (${problem.message.replace(/\.$/, '')}). Runs keep the charts' thinned history, up to ${CHART_HISTORY_LIMIT.toLocaleString('en-US')} evaluations with the peaks and dips; exports say when that is all they have.`;
        this.emit({ type: 'problem', problem: new StorageProblem(problem.reason, message) });
      }
    }
  }

  private applySnapshot(snapshot: Snapshot): void {
    const record = this.current!;
    record.step = snapshot.step;
    record.totalSteps = snapshot.totalSteps;
    // Played on past its end: the saved config says how long it trained, so reopening it trains as far.
    const epochs = snapshot.stepsPerEpoch > 0 ? Math.ceil(snapshot.totalSteps / snapshot.stepsPerEpoch) : 0;
    if (epochs > record.config.training.epochs) record.config = { ...record.config, training: { ...record.config.training, epochs } };
    if (snapshot.newPoints.length > 0) {
      // After a rewind to the last good evaluation the run trains again from an earlier step.
      const from = snapshot.newPoints[0].step;
      const last = record.history.at(-1);
      const kept = last && last.step >= from ? record.history.filter((p) => p.step < from) : record.history;
      // Bounded like the charts' (the full record goes to the evaluation log).
      record.history = appendToChartHistory(kept, snapshot.newPoints);
      if (record.history.length < kept.length + snapshot.newPoints.length) record.thinned = true;
      this.writer?.append(snapshot.newPoints);
    }
    record.gates = snapshot.gates;
    record.backend = snapshot.backend.name;
    record.finished = snapshot.finished;
    record.diverged = snapshot.diverged;
    record.updatedAt = this.now();
  }

  private setTraining(training: boolean): void {
    if (training === this.training) return;
    this.training = training;
    this.emit({ type: 'training', id: this.trainingRunId() });
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
