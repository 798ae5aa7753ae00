/**
 * The training worker's brain, free of worker globals so it can be tested in Node with a fake
 * trainer. Commands are handled one at a time, in order, by a single loop; while running, the loop
 * trains a slice of a few steps between commands:
 *
 *   slice = dispatch a few steps -> flush (read the losses back) -> evaluate when due -> maybe a
 *           snapshot -> yield (yieldToEvents.ts) so queued commands are seen.
 *
 * Because only this loop touches the trainer, a command can never run in the middle of a step.
 * How many steps a slice holds and when a snapshot goes out is the pacing policy's (pacingPolicy.ts);
 * what a snapshot sends, the stream's (snapshotStream.ts).
 */
import { backendLabel, isBackendName } from '../engine/backend/backendNames';
import { applyLiveChange, type LiveChange } from '../engine/config/liveChange';
import type { ExperimentConfig } from '../engine/config/types';
import { refuseOverBudget } from '../engine/config/fitBudget';
import { validateConfig } from '../engine/config/validate';
import type { DataArrival, Dataset } from '../engine/data/types';
import type { BackendInfo, EvalPoint, TrainerSnapshot } from '../engine/training/snapshot';
import { SLOW_STEPS_PER_SECOND, type LabStatus, type TrainingPace } from './labApi';
import { PacingPolicy } from './pacingPolicy';
import type { WorkerCommand, WorkerEvent } from './protocol';
import { SnapshotUpdates } from './snapshotStream';
import { datasetKey } from './datasetPrefetch';

/** The part of the Trainer (src/engine/training/trainer.ts) the session drives. */
export interface TrainerControls {
  readonly totalSteps: number;
  readonly step: number;
  readonly finished: boolean;
  /** Training samples (a prefix) the next step reads; the session waits for them while they download. */
  readonly nextStepNeeds?: number;
  trainStep(): void;
  flush(): Promise<void>;
  evaluate(): Promise<EvalPoint>;
  /**
   * Keep the state at step 0 for an evaluation after the first steps (Trainer.holdStart); false when
   * it cannot. Optional: a trainer without it is evaluated at step 0 as it loads.
   */
  holdStart?(): boolean;
  /** The held step-0 evaluation, taken now; null when none is held. */
  evaluateHeldStart?(): Promise<EvalPoint | null>;
  /** `preview: false` keeps the last predictions preview instead of computing a new one. */
  snapshot(options?: { preview?: boolean }): Promise<TrainerSnapshot>;
  /** How long the last preview took, in ms. */
  readonly previewMs: number;
  applyChange(change: LiveChange): void;
  snap(): Promise<number>;
  /** Back to the last good evaluation (the checkpoint kept in memory); its step, or null if there is none. */
  rewind(): number | null;
  /** From now on train the network linearized in its weights (Trainer.linearize). */
  linearize?(): void;
  /** Train on for this many more epochs past the planned length. */
  extend(epochs: number): void;
  dispose(): void;
}

export interface SessionDeps {
  post(event: WorkerEvent): void;
  loadDataset(config: ExperimentConfig): Promise<Dataset>;
  /** Called once per session: the choice is kept for later loads. */
  selectBackend(config: ExperimentConfig, dataset: Dataset, forced: string | null): Promise<BackendInfo>;
  createTrainer(config: ExperimentConfig, dataset: Dataset, backend: BackendInfo): TrainerControls;
  now(): number;
  /** Let queued messages in: one event-loop turn in the worker (yieldToEvents.ts). */
  yieldToEvents(): Promise<void>;
  /** A timer (setTimeout in the worker); slow mode waits with it between steps. */
  sleep(ms: number): Promise<void>;
}

/** While a run waits for its data, what has arrived is told this often. */
export const DATA_WAIT_REPORT_MS = 500;

const DATASET_NAMES: Record<string, string> = {
  mnist: 'MNIST',
  'fashion-mnist': 'Fashion-MNIST',
};

function backendLabelOf(backend: BackendInfo): string {
  return isBackendName(backend.name) ? backendLabel(backend.name) : backend.name;
}

export class TrainingSession {
  private readonly queue: WorkerCommand[] = [];
  private wake: (() => void) | null = null;
  private idleWaiters: (() => void)[] = [];
  private closed = false;

  private config: ExperimentConfig | null = null;
  private dataset: { key: string; value: Dataset } | null = null;
  private backend: BackendInfo | null = null;
  private trainer: TrainerControls | null = null;
  private status: LabStatus = 'starting';
  private running = false;
  private diverged: string | null = null;
  private lastEvaluatedStep = -1;
  /** Set by load: the step to linearize the network at (Fort et al.), or null. */
  private linearizeAt: number | null = null;
  /** Steps per slice, snapshot and preview spacing, slow pace. */
  private readonly pacing = new PacingPolicy();
  /** The loaded run's length in epochs: Play after the end trains on this much longer. */
  private plannedEpochs = 1;
  /** What each snapshot sends: a run's constants once, each evaluation once. */
  private readonly updates = new SnapshotUpdates();
  /** A skip (skipTo) under way: the step it trains to at full pace, and the pace to go on at from there. */
  private skip: { until: number; then: TrainingPace } | null = null;
  /** The step a wait for data was last told at. */
  private waitingAtStep = -1;
  /** When the running status last told how much of the data has arrived. */
  private arrivalToldAt = Number.NEGATIVE_INFINITY;

  constructor(private readonly deps: SessionDeps) {}

  enqueue(command: WorkerCommand): void {
    // Feedback, not a command: taken at once, and it must not end slow mode's wait between steps.
    if (command.type === 'snapshotDrawn') return this.pacing.snapshotDrawn(command.ms);
    this.queue.push(command);
    this.wake?.();
  }

  /** Reports a problem found outside the loop (bad message, uncaught error). */
  reportError(message: string): void {
    this.running = false;
    this.deps.post({ type: 'error', message });
    this.setStatus('error', message);
  }

  /** The loop; runs until close(). */
  async run(): Promise<void> {
    while (!this.closed) {
      const command = this.queue.shift();
      if (command) {
        await this.guarded(() => this.handle(command));
      } else if (this.running) {
        await this.guarded(() => this.trainSlice());
        const wait = this.running ? this.pacing.waitAfterSliceMs() : 0;
        if (wait > 0) await this.sleepUnlessCommanded(wait);
        else await this.deps.yieldToEvents();
      } else {
        this.idleWaiters.forEach((resolve) => resolve());
        this.idleWaiters = [];
        await new Promise<void>((resolve) => (this.wake = resolve));
        this.wake = null;
      }
    }
    this.trainer?.dispose();
    this.trainer = null;
  }

  /** Slow mode's pause between steps; a command (pause, a λ change) ends it at once. */
  private async sleepUnlessCommanded(ms: number): Promise<void> {
    if (this.queue.length > 0) return;
    const commanded = new Promise<void>((resolve) => (this.wake = resolve));
    await Promise.race([commanded, this.deps.sleep(ms)]);
    this.wake = null;
  }

  /** Resolves once every queued command is handled and training is not running (for tests). */
  whenIdle(): Promise<void> {
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  close(): void {
    this.closed = true;
    this.wake?.();
  }

  private async guarded(work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (error) {
      this.reportError(error instanceof Error ? error.message : String(error));
    }
  }

  private async handle(command: WorkerCommand): Promise<void> {
    switch (command.type) {
      case 'load':
        this.linearizeAt = command.linearizeAt ?? null;
        return this.load(command.config, command.backend);
      case 'play':
        return this.play();
      case 'pause':
        return this.pause();
      case 'step':
        return this.stepOnce();
      case 'reset':
        return this.reset();
      case 'change':
        return this.change(command.change);
      case 'snap':
        return this.snap();
      case 'setPace':
        return this.setPace(command.pace);
      case 'skipTo':
        return this.skipTo(command.step);
      case 'rewind':
        return this.rewind();
      case 'prepare':
        return; // the worker's entry takes it before TensorFlow.js loads (trainingWorker.ts): nothing to do here
    }
  }

  private async load(input: ExperimentConfig, forcedBackend: string | null): Promise<void> {
    this.running = false;
    this.disposeTrainer();
    try {
      await this.loadRun(input, forcedBackend);
    } catch (error) {
      this.disposeTrainer(); // a half-loaded run must not be played
      throw error;
    }
  }

  private async loadRun(input: ExperimentConfig, forcedBackend: string | null): Promise<void> {
    const { config, issues } = validateConfig(input, { budget: false });
    if (issues.length > 0) {
      throw new Error(`The experiment settings are invalid: ${issues.map((i) => `${i.field}: ${i.message}`).join('; ')}`);
    }
    const refusal = refuseOverBudget(config);
    if (refusal) throw new Error(`Not started: ${refusal.advice}.`);
    this.config = config;
    this.plannedEpochs = config.training.epochs;

    const name = DATASET_NAMES[config.dataset.kind] ?? config.dataset.kind;
    this.setStatus('loading-data', `Loading ${name}…`);
    const dataset = await this.loadDataset(config);

    if (!this.backend) {
      this.setStatus('starting', 'Choosing the fastest compute backend (timing a few training steps)…');
      this.backend = await this.deps.selectBackend(config, dataset, forcedBackend);
    }
    this.createTrainer();
    // A run that plays at once (the page's load then play) shows its first step before its step-0
    // evaluation: the trainer keeps the state at step 0 and evaluates it after the first slice
    // (the same point; the tangent kernel at init is the costly part, ~1 s for the CNN).
    if (!this.holdStartIfPlayedNext()) {
      this.setStatus('starting', 'Evaluating the untrained network (step 0)…');
      await this.evaluateIfDue();
    }
    await this.postSnapshot();
    this.setStatus('ready', `Ready: ${name} on ${backendLabelOf(this.backend)}.`);
  }

  /** Holds the step-0 evaluation (TrainerControls.holdStart) when the next command plays the run at full pace. */
  private holdStartIfPlayedNext(): boolean {
    const trainer = this.requireTrainer();
    const playsNext = this.queue[0]?.type === 'play' && this.pacing.pace === 'full' && this.linearizeAt === null;
    return playsNext && (this.config?.evalEvery ?? 0) > 0 && (trainer.holdStart?.() ?? false);
  }

  /** The held step-0 evaluation (holdStart), if any: sent with the next snapshot. */
  private async evaluateHeldStart(): Promise<void> {
    const point = await this.trainer?.evaluateHeldStart?.();
    if (point) this.updates.addEvaluation(point);
  }

  private async loadDataset(config: ExperimentConfig): Promise<Dataset> {
    const key = datasetKey(config);
    if (this.dataset?.key !== key) {
      this.dataset = null; // drop the old one before loading the next
      this.dataset = { key, value: await this.deps.loadDataset(config) };
    }
    this.dataset.value.arrival?.retry(); // a download that failed goes on from where it stopped
    return this.dataset.value;
  }

  private createTrainer(): void {
    if (!this.config || !this.dataset || !this.backend) throw new Error('Nothing is loaded yet.');
    this.trainer = this.deps.createTrainer(this.config, this.dataset.value, this.backend);
    this.updates.newRun();
    this.diverged = null;
    this.lastEvaluatedStep = -1;
    this.endSkip();
    this.pacing.newRun();
    this.arrivalToldAt = Number.NEGATIVE_INFINITY;
  }

  private play(): void {
    const trainer = this.requireTrainer();
    if (this.diverged) return this.setStatus('finished', divergedMessage(this.diverged));
    // The teacher's Play after the end trains on, as long again as planned, so a λ dialled now still acts.
    if (trainer.finished) this.trainOn(trainer);
    this.arrival()?.retry(); // after a failed download: try again, keeping what arrived
    this.running = true;
    this.setStatus('running', this.runningMessage());
  }

  /**
   * Going slow mid-run first shows where full speed got to: the last snapshot may be up to 2 s old, and
   * without this the first slow "step" on screen would jump by every step trained since.
   */
  private async setPace(pace: TrainingPace): Promise<void> {
    if (this.skip) {
      this.skip.then = pace; // the skip goes on; this is the pace after it
      return;
    }
    const catchUp = pace === 'slow' && this.pacing.pace === 'full' && this.running;
    this.pacing.pace = pace;
    if (catchUp) await this.postSnapshot();
    if (this.running) this.setStatus('running', this.runningMessage());
  }

  /**
   * Trains at full pace to `step` (the steps and their results are the same at any pace), then goes
   * on at the pace set. Playing: the teacher in slow mode skips a warm-up to where the prior comes on.
   */
  private skipTo(step: number): void {
    const trainer = this.requireTrainer();
    if (step <= trainer.step || this.diverged) return this.play();
    this.skip = { until: step, then: this.skip?.then ?? this.pacing.pace };
    this.pacing.pace = 'full';
    this.play();
  }

  /** The skip is over (reached, paused, a new run): back to the pace it was asked at. */
  private endSkip(): void {
    if (!this.skip) return;
    this.pacing.pace = this.skip.then;
    this.skip = null;
  }

  private runningMessage(): string {
    const where = this.backend ? backendLabelOf(this.backend) : 'the chosen backend';
    const slowly = `${SLOW_STEPS_PER_SECOND} steps a second`;
    const training = this.skip
      ? `Training at full speed to step ${this.skip.until.toLocaleString('en-US')}, then ${this.skip.then === 'slow' ? `slowly (${slowly})` : 'on'}, on ${where}…`
      : this.pacing.pace === 'slow'
        ? `Training slowly, ${slowly}, on ${where}…`
        : `Training on ${where}…`;
    const arrival = this.arrival();
    const count = this.trainCount();
    return arrival && arrival.trainArrived < count ? `${training} ${arrivedText(arrival, count)}, the rest arriving.` : training;
  }

  private arrival(): DataArrival | null {
    return this.dataset?.value.arrival ?? null;
  }

  /** The training split's size, where it is still arriving (0 otherwise). */
  private trainCount(): number {
    return this.arrival() ? (this.dataset?.value.train.count ?? 0) : 0;
  }

  /** The data the next step reads is still downloading. */
  private dataMissing(trainer: TrainerControls): DataArrival | null {
    const arrival = this.arrival();
    return arrival && (trainer.nextStepNeeds ?? 0) > arrival.trainArrived ? arrival : null;
  }

  /**
   * Waits a while for the next step's data (or for a command, or to report progress); true once it is
   * in. A failed download pauses the run, which keeps what it trained: Play downloads again.
   */
  private async waitForData(trainer: TrainerControls, arrival: DataArrival): Promise<boolean> {
    // The page shows the step the wait is at (its last snapshot may be up to 2 s old).
    if (this.waitingAtStep !== trainer.step) await this.postSnapshot();
    this.waitingAtStep = trainer.step;
    const count = this.trainCount();
    this.setStatus('running', `Waiting for data: ${arrivedText(arrival, count)}, step ${trainer.step + 1} needs ${(trainer.nextStepNeeds ?? 0).toLocaleString('en-US')}.`);
    const commanded = new Promise<void>((resolve) => (this.wake = resolve));
    try {
      await Promise.race([arrival.whenArrived(trainer.nextStepNeeds ?? 0), commanded, this.deps.sleep(DATA_WAIT_REPORT_MS)]);
    } catch (error) {
      this.running = false;
      await this.postSnapshot();
      const detail = error instanceof Error ? error.message : String(error);
      const kept = trainer.step === 0 ? 'Nothing was trained yet' : `The ${trainer.step} step${trainer.step === 1 ? '' : 's'} trained are kept`;
      this.setStatus('paused', `${detail}. ${kept}; Play downloads the rest.`);
      return false;
    } finally {
      this.wake = null;
    }
    return this.dataMissing(trainer) === null;
  }

  /** Past the end: as long again as planned; the run's length is a constant the page is sent again. */
  private trainOn(trainer: TrainerControls): void {
    trainer.extend(this.plannedEpochs);
    this.updates.constantsChanged();
  }

  private async pause(): Promise<void> {
    if (!this.trainer) return;
    const wasRunning = this.running;
    this.running = false;
    this.endSkip();
    await this.evaluateHeldStart(); // paused before its first slice: step 0's point is shown now
    if (wasRunning) await this.postSnapshot();
    if (!this.trainer.finished) this.setStatus('paused', `Paused at step ${this.trainer.step}.`);
  }

  private async stepOnce(): Promise<void> {
    const trainer = this.requireTrainer();
    this.running = false;
    if (this.diverged) return this.setStatus('finished', divergedMessage(this.diverged));
    if (trainer.finished) this.trainOn(trainer);
    const missing = this.dataMissing(trainer);
    if (missing) {
      missing.retry();
      this.running = true; // so that the wait can be told apart from a pause, and Pause ends it
      while (this.running && this.dataMissing(trainer) && this.queue.length === 0) await this.waitForData(trainer, missing);
      const arrived = this.running && !this.dataMissing(trainer);
      this.running = false;
      if (!arrived) return;
    }
    this.linearizeIfDue(trainer);
    trainer.trainStep();
    await trainer.flush();
    await this.evaluateHeldStart();
    await this.evaluateIfDue();
    await this.postSnapshot();
    this.reportProgressStatus(`Paused at step ${trainer.step}.`);
  }

  private async reset(): Promise<void> {
    this.running = false;
    this.disposeTrainer();
    this.createTrainer();
    await this.evaluateIfDue();
    await this.postSnapshot();
    this.setStatus('ready', 'Back to step 0.');
  }

  /** After a divergence: back to the last good evaluation, paused, to go on with (say) a lower learning rate. */
  private async rewind(): Promise<void> {
    const trainer = this.requireTrainer();
    this.running = false;
    const step = trainer.rewind();
    if (step === null) return this.setStatus(this.status, 'No good evaluation was kept before it diverged: Reset to start over.');
    this.diverged = null;
    this.lastEvaluatedStep = step;
    await this.postSnapshot();
    this.setStatus('paused', `Back at step ${step}, the last good evaluation. Lower the learning rate before playing, or it may diverge again.`);
  }

  /** A live change: applied to the trainer and kept in the config, so a reset keeps it. */
  private async change(change: LiveChange): Promise<void> {
    if (this.config) this.config = applyLiveChange(this.config, change);
    if (!this.trainer) return;
    this.trainer.applyChange(change);
    if (!this.running) await this.postSnapshot();
  }

  private async snap(): Promise<void> {
    const trainer = this.requireTrainer();
    const count = await trainer.snap();
    await this.postSnapshot();
    this.setStatus(this.status, `Snapped ${count} channel${count === 1 ? '' : 's'} to exactly linear and froze them.`);
  }

  /** Linearizes the run when it stands at the step asked for (the trainer then stays linearized). */
  private linearizeIfDue(trainer: TrainerControls): void {
    if (this.linearizeAt !== null && trainer.step === this.linearizeAt) trainer.linearize?.();
  }

  private async trainSlice(): Promise<void> {
    const trainer = this.requireTrainer();
    const evalEvery = this.config?.evalEvery ?? 0;
    const toNextEval = evalEvery > 0 ? evalEvery - (trainer.step % evalEvery) : Number.POSITIVE_INFINITY;
    const toLinearize = this.linearizeAt !== null && this.linearizeAt > trainer.step ? this.linearizeAt - trainer.step : Number.POSITIVE_INFINITY;
    const toSkipEnd = this.skip ? this.skip.until - trainer.step : Number.POSITIVE_INFINITY;
    const count = this.pacing.sliceSteps(Math.min(toNextEval, toLinearize, toSkipEnd, trainer.totalSteps - trainer.step));

    const waitingFor = this.dataMissing(trainer);
    if (waitingFor) {
      await this.waitForData(trainer, waitingFor);
      if (this.running && !this.dataMissing(trainer)) this.setStatus('running', this.runningMessage());
      return;
    }
    const started = this.deps.now();
    this.linearizeIfDue(trainer);
    let trained = 0;
    for (; trained < count && !trainer.finished && !this.dataMissing(trainer); trained++) trainer.trainStep();
    await trainer.flush();
    this.pacing.sliceTrained(Math.max(1, trained), this.deps.now() - started);
    this.tellArrival();

    await this.evaluateIfDue();
    const skipped = this.skip !== null && trainer.step >= this.skip.until;
    if (skipped) this.endSkip();
    if (trainer.finished) {
      this.running = false;
      this.endSkip();
      await this.postSnapshot();
      this.reportProgressStatus('');
    } else if (skipped || this.pacing.snapshotDue(this.deps.now(), this.backend?.software === true)) {
      // At the skip's end the page shows where it got to, and says the pace from here.
      await this.postSnapshot();
      if (skipped && this.running) this.setStatus('running', this.runningMessage());
    }
    // After the first slice's snapshot (the page shows the first step): the held step-0 evaluation.
    await this.evaluateHeldStart();
  }

  /** While the data still arrives, the running status says how much has, every DATA_WAIT_REPORT_MS. */
  private tellArrival(): void {
    const arrival = this.arrival();
    if (!arrival || !this.running || this.deps.now() - this.arrivalToldAt < DATA_WAIT_REPORT_MS) return;
    const complete = arrival.trainArrived >= this.trainCount();
    if (complete && this.arrivalToldAt === Number.POSITIVE_INFINITY) return;
    this.arrivalToldAt = complete ? Number.POSITIVE_INFINITY : this.deps.now();
    this.setStatus('running', this.runningMessage());
  }

  /** At step 0 (the untrained network), every config.evalEvery steps, and once at the end. */
  private async evaluateIfDue(): Promise<void> {
    const trainer = this.requireTrainer();
    const evalEvery = this.config?.evalEvery ?? 0;
    const due = trainer.finished || (evalEvery > 0 && trainer.step % evalEvery === 0);
    if (!due || trainer.step === this.lastEvaluatedStep) return;
    await this.evaluateHeldStart(); // step 0's point before any later one
    this.updates.addEvaluation(await trainer.evaluate());
    this.lastEvaluatedStep = trainer.step;
  }

  /** Posts a snapshot; a diverged run (the trainer then counts as finished) stops here and says so. */
  private async postSnapshot(): Promise<void> {
    const trainer = this.requireTrainer();
    const preview = this.pacing.snapshotStarts(this.deps.now(), this.running, trainer.previewMs);
    const snapshot = await trainer.snapshot({ preview });
    const newlyDiverged = snapshot.diverged !== null && this.diverged === null;
    if (newlyDiverged) {
      this.diverged = snapshot.diverged;
      this.running = false;
    }
    this.pacing.snapshotTaken(this.deps.now(), this.running);
    this.deps.post({ type: 'snapshot', snapshot: this.updates.next(snapshot, this.running) });
    if (newlyDiverged) this.setStatus('finished', divergedMessage(snapshot.diverged ?? '', snapshot.checkpointStep ?? null));
  }

  /** After a step or slice: finished, or else the given message (unless divergence already spoke). */
  private reportProgressStatus(pausedMessage: string): void {
    const trainer = this.requireTrainer();
    if (this.diverged) return;
    if (trainer.finished) {
      this.setStatus('finished', `Finished: ${trainer.step} steps. Play trains on for ${this.plannedEpochs} more epoch${this.plannedEpochs === 1 ? '' : 's'}.`);
    } else if (pausedMessage) {
      this.setStatus('paused', pausedMessage);
    }
  }

  private requireTrainer(): TrainerControls {
    if (!this.trainer) throw new Error('Nothing is loaded yet: load an experiment first.');
    return this.trainer;
  }

  private disposeTrainer(): void {
    this.trainer?.dispose();
    this.trainer = null;
  }

  private setStatus(status: LabStatus, message: string): void {
    this.status = status;
    this.deps.post({ type: 'status', status, message });
  }
}

function divergedMessage(detail: string, checkpointStep: number | null = null): string {
  const next = checkpointStep === null ? 'Reset to start over.' : `Go back to the last good evaluation (step ${checkpointStep}), or reset to start over.`;
  return `Training diverged: ${detail} ${next}`;
}

/** '23,000 of 60,000 training images in' */
function arrivedText(arrival: DataArrival, count: number): string {
  return `${Math.min(arrival.trainArrived, count).toLocaleString('en-US')} of ${count.toLocaleString('en-US')} training images in`;
}
