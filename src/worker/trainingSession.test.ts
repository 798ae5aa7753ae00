import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../engine/config/defaults';
import type { LiveChange } from '../engine/config/liveChange';
import type { ExperimentConfig } from '../engine/config/types';
import type { DataArrival, Dataset } from '../engine/data/types';
import type { BackendInfo, EvalPoint, Snapshot } from '../engine/training/snapshot';
import type { WorkerEvent } from './protocol';
import { TrainingSession, type SessionDeps, type TrainerControls } from './trainingSession';

const BACKEND: BackendInfo = { name: 'wasm', reason: 'WASM: fastest measured (800 ex/s)', attempts: [] };

/** A trainer that counts: each step takes `msPerStep` on the fake clock; the loss goes NaN at `divergeAt`. */
class FakeTrainer implements TrainerControls {
  step = 0;
  evaluatedAt: number[] = [];
  lambda: number;
  disposed = false;
  constructor(
    readonly config: ExperimentConfig,
    public totalSteps: number,
    private readonly clock: { now: number },
    private readonly msPerStep: number,
    private divergeAt: number | null,
    private readonly msPerSnapshot = 0,
    private readonly msPerPreview = 0,
  ) {
    this.lambda = config.prior.lambda;
  }
  /** The step each snapshot's preview was computed at. */
  previewSteps: number[] = [];
  previewMs = 0;
  /** Like the real Trainer: a diverged run counts as finished, and steps are then no-ops. */
  get finished() {
    return this.step >= this.totalSteps || this.isDiverged();
  }
  private isDiverged() {
    return this.divergeAt !== null && this.step >= this.divergeAt;
  }
  /** Training samples each step reads (see Trainer.nextStepNeeds), and what had arrived when it ran. */
  needs: ((step: number) => number) | null = null;
  arrival: DataArrival | null = null;
  stepLog: { step: number; needs: number; arrived: number }[] = [];
  get nextStepNeeds() {
    return this.finished || !this.needs ? 0 : this.needs(this.step);
  }
  trainStep() {
    if (this.finished) return;
    if (this.arrival) this.stepLog.push({ step: this.step, needs: this.nextStepNeeds, arrived: this.arrival.trainArrived });
    this.step++;
    this.clock.now += this.msPerStep;
  }
  /** The step linearize() was called at, if it was. */
  linearizedAt: number | null = null;
  linearize() {
    this.linearizedAt ??= this.step;
  }
  async flush() {}
  evaluate() {
    this.evaluatedAt.push(this.step);
    return Promise.resolve({ step: this.step } as EvalPoint);
  }
  snapshot({ preview = true }: { preview?: boolean } = {}) {
    this.clock.now += this.msPerSnapshot;
    if (preview || this.previewSteps.length === 0) {
      this.clock.now += this.msPerPreview;
      this.previewMs = this.msPerPreview;
      this.previewSteps.push(this.step);
    } else {
      this.previewSteps.push(this.previewSteps[this.previewSteps.length - 1]);
    }
    const diverged = this.isDiverged() ? `The loss became NaN at step ${this.divergeAt}: training stopped.` : null;
    return Promise.resolve({ step: this.step, finished: this.finished, running: false, lambda: this.lambda, diverged } as Snapshot);
  }
  applyChange(change: LiveChange) {
    if (change.prior?.lambda !== undefined) this.lambda = change.prior.lambda;
  }
  snap() {
    return Promise.resolve(3);
  }
  /** Like the real Trainer: back to the last evaluation before the divergence, which is then gone. */
  rewind() {
    const good = [...this.evaluatedAt].reverse().find((step) => this.divergeAt === null || step < this.divergeAt);
    if (good === undefined) return null;
    this.step = good;
    this.divergeAt = null;
    return good;
  }
  /** One epoch of the fake is one step. */
  extend(epochs: number) {
    if (!this.isDiverged()) this.totalSteps = Math.max(this.totalSteps, this.step) + epochs;
  }
  dispose() {
    this.disposed = true;
  }
}

interface HarnessOptions {
  totalSteps?: number;
  msPerStep?: number;
  /** How long a snapshot (the readbacks) takes on the fake clock. */
  msPerSnapshot?: number;
  /** ...and its predictions preview, when it computes one. */
  msPerPreview?: number;
  divergeAt?: number | null;
  loadDataset?: SessionDeps['loadDataset'];
  /** Called on every yield between slices, with the number of yields so far. */
  onYield?: (count: number, session: TrainingSession) => void;
  onCreate?: (trainer: FakeTrainer) => void;
  /** Called on every slow-mode sleep, with the number of sleeps so far. */
  onSleep?: (count: number, session: TrainingSession) => void;
  /** A slow-mode wait that only a command can end. */
  sleepNeverEnds?: boolean;
  /** How long the page takes to draw each snapshot it is sent (or the nth); null: it never draws (a hidden tab). */
  drawMs?: number | null | ((nth: number) => number | null);
  backend?: BackendInfo;
  dataset?: Dataset;
}

function harness(options: HarnessOptions = {}) {
  const clock = { now: 0 };
  const events: WorkerEvent[] = [];
  const snapshotTimes: number[] = [];
  const trainers: FakeTrainer[] = [];
  const datasetLoads: string[] = [];
  let backendSelections = 0;
  let yields = 0;
  const sleeps: number[] = [];
  const dataset = options.dataset ?? ({ kind: 'mnist' } as Dataset);
  const session: TrainingSession = new TrainingSession({
    post: (event) => {
      events.push(event);
      if (event.type !== 'snapshot') return;
      snapshotTimes.push(clock.now);
      const draw = options.drawMs === undefined ? 0 : options.drawMs;
      const drawMs = typeof draw === 'function' ? draw(snapshotTimes.length - 1) : draw;
      if (drawMs !== null) session.enqueue({ type: 'snapshotDrawn', ms: drawMs });
    },
    loadDataset:
      options.loadDataset ??
      ((config) => {
        datasetLoads.push(config.dataset.kind);
        return Promise.resolve(dataset);
      }),
    selectBackend: () => {
      backendSelections++;
      return Promise.resolve(options.backend ?? BACKEND);
    },
    createTrainer: (config) => {
      const trainer = new FakeTrainer(config, options.totalSteps ?? 25, clock, options.msPerStep ?? 20, options.divergeAt ?? null, options.msPerSnapshot, options.msPerPreview);
      trainers.push(trainer);
      options.onCreate?.(trainer);
      return trainer;
    },
    now: () => clock.now,
    yieldToEvents: async () => {
      yields++;
      options.onYield?.(yields, session);
      await new Promise((resolve) => setTimeout(resolve, 0));
    },
    sleep: async (ms) => {
      sleeps.push(ms);
      options.onSleep?.(sleeps.length, session);
      if (options.sleepNeverEnds) await new Promise(() => {});
      await new Promise((resolve) => setTimeout(resolve, 0));
      clock.now += ms;
    },
  });
  void session.run();
  const run = async (...commands: Parameters<TrainingSession['enqueue']>[0][]) => {
    const idle = session.whenIdle();
    commands.forEach((c) => session.enqueue(c));
    await idle;
  };
  const statuses = () => events.flatMap((e) => (e.type === 'status' ? [e.status] : []));
  const snapshots = () => events.flatMap((e) => (e.type === 'snapshot' ? [e.snapshot] : []));
  const errors = () => events.flatMap((e) => (e.type === 'error' ? [e.message] : []));
  return { session, run, sleeps, events, statuses, snapshots, errors, trainers, snapshotTimes, datasetLoads, backendSelections: () => backendSelections };
}

function config(change: (c: ExperimentConfig) => void = () => {}): ExperimentConfig {
  const c = defaultConfig();
  c.evalEvery = 10;
  change(c);
  return c;
}

describe('TrainingSession', () => {
  it('load: loads data, chooses the backend, posts a first snapshot at step 0, then ready', async () => {
    const h = harness();
    await h.run({ type: 'load', config: config(), backend: null });

    expect(h.statuses()).toEqual(['loading-data', 'starting', 'starting', 'ready']);
    expect(h.events.at(-1)).toEqual({ type: 'status', status: 'ready', message: 'Ready: MNIST on WASM.' });
    expect(h.snapshots().map((s) => [s.step, s.running])).toEqual([[0, false]]);
    expect(h.errors()).toEqual([]);
  });

  it('linearizes the run at exactly the step the load asked for, and again after a reset', async () => {
    const h = harness({ totalSteps: 25 });
    await h.run({ type: 'load', config: config(), backend: null, linearizeAt: 7 });
    await h.run({ type: 'play' });
    expect(h.trainers[0].step).toBe(25);
    expect(h.trainers[0].linearizedAt).toBe(7);
    await h.run({ type: 'reset' });
    await h.run({ type: 'play' });
    expect(h.trainers[1].linearizedAt).toBe(7);
    await h.run({ type: 'load', config: config(), backend: null });
    await h.run({ type: 'play' });
    expect(h.trainers[2].linearizedAt).toBeNull();
  });

  it('chooses the backend once and reloads the data only when the data settings change', async () => {
    const h = harness();
    await h.run({ type: 'load', config: config(), backend: null });
    await h.run({ type: 'load', config: config((c) => (c.prior.lambda = 0.1)), backend: null });
    await h.run({ type: 'load', config: config((c) => (c.dataset.kind = 'fashion-mnist')), backend: null });

    expect(h.backendSelections()).toBe(1);
    expect(h.datasetLoads).toEqual(['mnist', 'fashion-mnist']);
    expect(h.trainers.map((t) => t.disposed)).toEqual([true, true, false]);
  });

  it('step: exactly one step, then a snapshot', async () => {
    const h = harness();
    await h.run({ type: 'load', config: config(), backend: null });
    await h.run({ type: 'step' });

    expect(h.trainers[0].step).toBe(1);
    expect(h.snapshots().map((s) => s.step)).toEqual([0, 1]);
    expect(h.statuses().at(-1)).toBe('paused');
  });

  it('play: trains to the end, evaluating at step 0 (on load), every evalEvery steps and at the end, with snapshots at most every 250 ms', async () => {
    const h = harness({ totalSteps: 45, msPerStep: 20 });
    await h.run({ type: 'load', config: config(), backend: null });
    await h.run({ type: 'play' });

    const trainer = h.trainers[0];
    expect(trainer.step).toBe(45);
    expect(trainer.evaluatedAt).toEqual([0, 10, 20, 30, 40, 45]);
    expect(h.statuses()).toEqual(['loading-data', 'starting', 'starting', 'ready', 'running', 'finished']);
    const last = h.snapshots().at(-1)!;
    expect([last.step, last.finished, last.running]).toEqual([45, true, false]);
    // 45 steps x 20 ms = 900 ms of training: snapshots while running, never closer than 250 ms, except the final one.
    const during = h.snapshotTimes.slice(1, -1);
    expect(during.length).toBeGreaterThanOrEqual(2);
    for (let i = 1; i < during.length; i++) expect(during[i] - during[i - 1]).toBeGreaterThanOrEqual(250);
    expect(h.snapshots().slice(1, -1).every((s) => s.running)).toBe(true);
  });

  it('spaces snapshots further apart where they are slow, so they take at most 8 % of the time', async () => {
    // A software GPU: each snapshot's readbacks take 80 ms; at the 250 ms pace they would take a third of the time.
    const h = harness({ totalSteps: 200, msPerStep: 20, msPerSnapshot: 80 });
    await h.run({ type: 'load', config: config((c) => (c.evalEvery = 1000)), backend: null });
    const startedAt = h.snapshotTimes.at(-1)!;
    await h.run({ type: 'play' });
    const during = h.snapshotTimes.slice(1, -1);
    expect(during.length).toBeGreaterThanOrEqual(4); // 4 s of training: still live
    for (let i = 1; i < during.length; i++) expect(during[i] - during[i - 1]).toBeGreaterThanOrEqual(1000);
    // The run's first trained step is shown at once (pacingPolicy.ts), outside the spacing: not counted.
    const snapshotMs = 80 * (h.snapshotTimes.length - 2);
    const totalMs = h.snapshotTimes.at(-1)! - startedAt;
    expect(snapshotMs / totalMs).toBeLessThanOrEqual(0.1);
    expect(h.trainers[0].step).toBe(200);
  });

  it('still snapshots at least every 2 s however slow the readbacks are', async () => {
    const h = harness({ totalSteps: 400, msPerStep: 20, msPerSnapshot: 400 });
    await h.run({ type: 'load', config: config((c) => (c.evalEvery = 1000)), backend: null });
    await h.run({ type: 'play' });
    const during = h.snapshotTimes.slice(1, -1);
    expect(during.length).toBeGreaterThanOrEqual(3);
    for (let i = 1; i < during.length; i++) expect(during[i] - during[i - 1]).toBeLessThanOrEqual(2000 + 400 + 20);
  });

  it('spaces snapshots so that the page spends at most 8 % of the time drawing them', async () => {
    // A busy page on two cores: each snapshot takes it 20 ms to draw, which costs the page about 60 ms in all.
    const h = harness({ totalSteps: 300, msPerStep: 20, drawMs: 20 });
    await h.run({ type: 'load', config: config((c) => (c.evalEvery = 1000)), backend: null }, { type: 'play' });
    const during = h.snapshotTimes.slice(1 + 3, -1); // from the run's fourth snapshot: three draws make a median
    expect(during.length).toBeGreaterThanOrEqual(5); // 6 s of training: still live
    for (let i = 1; i < during.length; i++) expect(during[i] - during[i - 1]).toBeGreaterThanOrEqual(750);
    expect(h.trainers[0].step).toBe(300);

    // A page that draws in 5 ms keeps four snapshots a second.
    const fast = harness({ totalSteps: 300, msPerStep: 20, drawMs: 5 });
    await fast.run({ type: 'load', config: config((c) => (c.evalEvery = 1000)), backend: null }, { type: 'play' });
    const fastDuring = fast.snapshotTimes.slice(1, -1);
    for (let i = 1; i < fastDuring.length; i++) expect(fastDuring[i] - fastDuring[i - 1]).toBeLessThanOrEqual(250 + 40); // 40: one slice
  });

  it('counts the readbacks and the drawing of the page against one budget: together at most 8 % of the time', async () => {
    // A software GPU: 40 ms of readbacks in the worker, then 20 ms to draw (about 60 ms of the page's time).
    const h = harness({ totalSteps: 400, msPerStep: 20, msPerSnapshot: 40, drawMs: 20 });
    await h.run({ type: 'load', config: config((c) => (c.evalEvery = 1000)), backend: null }, { type: 'play' });
    const during = h.snapshotTimes.slice(1 + 3, -1);
    expect(during.length).toBeGreaterThanOrEqual(4);
    // (40 + 60) / 0.08: each cost alone would allow 500 or 750 ms.
    for (let i = 1; i < during.length; i++) expect(during[i] - during[i - 1]).toBeGreaterThanOrEqual(1250);
    for (let i = 1; i < during.length; i++) expect(during[i] - during[i - 1]).toBeLessThanOrEqual(1250 + 40 + 40);
  });

  it('snapshots every 2 s on a software renderer, however fast the page draws', async () => {
    const software: BackendInfo = { name: 'webgl', reason: 'WebGL: chosen by you, on a software renderer (SwiftShader): slow', attempts: [], software: true };
    const h = harness({ totalSteps: 400, msPerStep: 20, drawMs: 2, backend: software });
    await h.run({ type: 'load', config: config((c) => (c.evalEvery = 1000)), backend: 'webgl' }, { type: 'play' });
    const during = h.snapshotTimes.slice(1 + 1, -1); // after the run's first step, shown at once
    expect(during.length).toBeGreaterThanOrEqual(2);
    for (let i = 1; i < during.length; i++) expect(during[i] - during[i - 1]).toBeGreaterThanOrEqual(2000);
    for (let i = 1; i < during.length; i++) expect(during[i] - during[i - 1]).toBeLessThanOrEqual(2000 + 40);
  });

  it('recomputes a slow preview only every few seconds while training, and always when training stops', async () => {
    // A slow forward pass (a CNN on a software GPU): the preview takes 100 ms, steps 200 ms.
    const h = harness({ totalSteps: 60, msPerStep: 200, msPerPreview: 100 });
    await h.run({ type: 'load', config: config((c) => (c.evalEvery = 1000)), backend: null }, { type: 'play' });
    const previews = h.trainers[0].previewSteps;
    const fresh = previews.filter((step, i) => i === 0 || step !== previews[i - 1]).length;
    expect(previews.length).toBeGreaterThanOrEqual(10); // 12 s of training: the other panels still every ~0.25-2 s
    expect(fresh).toBeLessThanOrEqual(1 + Math.ceil(12_000 / 5000) + 1); // 100 ms at most 2 % of the time: every 5 s
    expect(fresh).toBeGreaterThanOrEqual(3);
    expect(previews.at(-1)).toBe(60); // the finished run shows its own predictions

    // A cheap preview (1 ms) is still recomputed at most once a second: 3 s of training, a snapshot every ~250 ms.
    const cheap = harness({ totalSteps: 150, msPerStep: 20, msPerPreview: 1 });
    await cheap.run({ type: 'load', config: config((c) => (c.evalEvery = 1000)), backend: null }, { type: 'play' });
    const steps = cheap.trainers[0].previewSteps;
    const cheapFresh = steps.filter((step, i) => i === 0 || step !== steps[i - 1]).length;
    expect(steps.length).toBeGreaterThanOrEqual(8);
    expect(cheapFresh).toBeLessThanOrEqual(1 + Math.ceil(3000 / 1000) + 1); // the load's, one a second, the end's
    expect(cheapFresh).toBeGreaterThanOrEqual(3);
    expect(steps.at(-1)).toBe(150);
  });

  it('does not let the first snapshots, drawn while the page builds itself, hold the panels back', async () => {
    // The load's snapshot takes the page 3 s to draw (it mounts), the first one of the run 300 ms; then 20 ms each.
    const h = harness({ totalSteps: 300, msPerStep: 20, drawMs: (nth) => [3000, 300][nth] ?? 20 });
    await h.run({ type: 'load', config: config((c) => (c.evalEvery = 1000)), backend: null });
    const playedAt = h.snapshotTimes[0];
    await h.run({ type: 'play' });
    const during = h.snapshotTimes.slice(1, -1);
    expect(during[0] - playedAt).toBeLessThanOrEqual(250 + 40); // the first step shows at once (40: one slice)
    for (let i = 1; i < during.length; i++) expect(during[i] - during[i - 1]).toBeLessThanOrEqual(750 + 40);
  });

  it('spaces snapshots at most 1 s apart for a page that draws slowly', async () => {
    const h = harness({ totalSteps: 300, msPerStep: 20, drawMs: 200 });
    await h.run({ type: 'load', config: config((c) => (c.evalEvery = 1000)), backend: null }, { type: 'play' });
    const during = h.snapshotTimes.slice(1 + 3, -1);
    expect(during.length).toBeGreaterThanOrEqual(4);
    for (let i = 1; i < during.length; i++) expect(during[i] - during[i - 1]).toBeLessThanOrEqual(1000 + 40);
  });

  it('shows the first step without waiting for the page to finish drawing the load snapshot', async () => {
    const h = harness({ totalSteps: 300, msPerStep: 20, drawMs: (nth) => (nth === 0 ? null : 20) });
    await h.run({ type: 'load', config: config((c) => (c.evalEvery = 1000)), backend: null });
    const loadedAt = h.snapshotTimes[0];
    await h.run({ type: 'play' });
    expect(h.snapshotTimes[1] - loadedAt).toBeLessThanOrEqual(250 + 40); // 40: one slice
  });

  it('shows the first trained step as soon as it is trained, though the step-0 snapshot alone would space them 2 s apart', async () => {
    // Readbacks of 400 ms: 8 % of the time allows one snapshot every 5 s (capped at 2 s).
    const h = harness({ totalSteps: 300, msPerStep: 20, msPerSnapshot: 400 });
    await h.run({ type: 'load', config: config((c) => (c.evalEvery = 1000)), backend: null });
    const loadedAt = h.snapshotTimes[0];
    await h.run({ type: 'play' });
    expect(h.snapshots()[1]).toMatchObject({ step: 1 }); // one step: a new run's first slice
    expect(h.snapshotTimes[1] - loadedAt).toBeLessThanOrEqual(20 + 400); // the step and its readback, no wait
    expect(h.snapshotTimes[2] - h.snapshotTimes[1]).toBeGreaterThanOrEqual(2000); // then spaced again
  });

  it('sends a page that draws nothing (a hidden tab) a snapshot every 2 s, and the last one at the end', async () => {
    const h = harness({ totalSteps: 300, msPerStep: 20, drawMs: null });
    await h.run({ type: 'load', config: config((c) => (c.evalEvery = 1000)), backend: null }, { type: 'play' });
    const during = h.snapshotTimes.slice(1, -1);
    expect(during.length).toBe(3); // 6 s of training: the first step at once, then one every 2 s
    for (let i = 1; i < during.length; i++) expect(during[i] - during[i - 1]).toBeGreaterThanOrEqual(2000);
    expect(h.snapshots().at(-1)).toMatchObject({ step: 300, finished: true });
  });

  it('play on a finished run trains on, as long again as the run was planned (its epochs), then finishes again', async () => {
    const h = harness({ totalSteps: 3 });
    const planned = { ...config(), training: { ...config().training, epochs: 4 } };
    await h.run({ type: 'load', config: planned, backend: null }, { type: 'play' });
    expect(h.trainers[0].step).toBe(3);
    expect(h.events.at(-1)).toMatchObject({ status: 'finished', message: 'Finished: 3 steps. Play trains on for 4 more epochs.' });
    await h.run({ type: 'play' });
    expect(h.trainers[0].step).toBe(7);
    expect(h.statuses().slice(-2)).toEqual(['running', 'finished']);
    expect(h.snapshots().at(-1)).toMatchObject({ step: 7, finished: true });
    // Step after the end trains one more step of a new extension.
    await h.run({ type: 'step' });
    expect(h.trainers[0].step).toBe(8);
    expect(h.statuses().at(-1)).toBe('paused');
  });

  it('pause stops training between slices and reports a snapshot that is not running', async () => {
    const h = harness({
      totalSteps: 1000,
      onYield: (count, session) => {
        if (count === 3) session.enqueue({ type: 'pause' });
      },
    });
    await h.run({ type: 'load', config: config(), backend: null }, { type: 'play' });

    const trainer = h.trainers[0];
    const stoppedAt = trainer.step;
    expect(stoppedAt).toBeGreaterThan(0);
    expect(stoppedAt).toBeLessThan(20);
    expect(h.statuses().at(-1)).toBe('paused');
    expect(h.snapshots().at(-1)).toMatchObject({ step: stoppedAt, running: false });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(trainer.step).toBe(stoppedAt);
  });

  it('slow pace: one step at a time, a snapshot after each, a quarter second apart', async () => {
    const h = harness({ totalSteps: 6, msPerStep: 1 });
    await h.run({ type: 'load', config: config(), backend: null }, { type: 'setPace', pace: 'slow' }, { type: 'play' });

    expect(h.trainers[0].step).toBe(6);
    expect(h.snapshots().map((s) => s.step)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(h.sleeps).toEqual([250, 250, 250, 250, 250]);
    const running = h.events.find((e) => e.type === 'status' && e.status === 'running');
    expect(running).toMatchObject({ message: 'Training slowly, 4 steps a second, on WASM…' });
    // Full speed again: steps run in slices, with no waits between them.
    await h.run({ type: 'reset' }, { type: 'setPace', pace: 'full' }, { type: 'play' });
    expect(h.trainers[1].step).toBe(6);
    expect(h.sleeps).toHaveLength(5);
  });

  it('slow pace mid-run: first shows where full speed got to, then every step from there', async () => {
    let stepAtSwitch = -1;
    const h = harness({
      totalSteps: 1000,
      msPerStep: 5,
      onYield: (count, session) => {
        if (count !== 4) return;
        stepAtSwitch = h.trainers[0].step;
        session.enqueue({ type: 'setPace', pace: 'slow' });
      },
      onSleep: (count, session) => {
        if (count === 3) session.enqueue({ type: 'pause' });
      },
    });
    await h.run({ type: 'load', config: config((c) => (c.evalEvery = 1000)), backend: null }, { type: 'play' });

    const slowStatus = h.events.findIndex((e) => e.type === 'status' && e.message.startsWith('Training slowly'));
    const before = h.events.slice(0, slowStatus).flatMap((e) => (e.type === 'snapshot' ? [e.snapshot.step] : []));
    const after = h.events.slice(slowStatus).flatMap((e) => (e.type === 'snapshot' ? [e.snapshot.step] : []));
    // The snapshot shown before the switch was stale (full speed snapshots every 250 ms)...
    expect(before.at(-2)).toBeLessThan(stepAtSwitch);
    // ...so the switch shows the true step before the status says "slowly", and no slow step skips any.
    expect(before.at(-1)).toBe(stepAtSwitch);
    expect(after).toEqual([stepAtSwitch + 1, stepAtSwitch + 2, stepAtSwitch + 3, stepAtSwitch + 3]);
  });

  it('skipTo in slow mode: full speed, no waits, to exactly that step, then slowly from there, as it says', async () => {
    const h = harness({
      totalSteps: 200,
      msPerStep: 1,
      onSleep: (count, session) => {
        if (count === 3) session.enqueue({ type: 'pause' });
      },
    });
    await h.run({ type: 'load', config: config((c) => (c.evalEvery = 1000)), backend: null }, { type: 'setPace', pace: 'slow' }, { type: 'skipTo', step: 120 });

    const messages = h.events.flatMap((e) => (e.type === 'status' && e.status === 'running' ? [e.message] : []));
    expect(messages).toEqual(['Training at full speed to step 120, then slowly (4 steps a second), on WASM…', 'Training slowly, 4 steps a second, on WASM…']);
    const steps = h.snapshots().map((s) => s.step);
    // The first step, full-speed slices to the step skipped to (shown), then a snapshot a step.
    expect(steps).toEqual([0, 1, 120, 121, 122, 122]);
    // No wait before the skip's end: the slow steps' waits only.
    expect(h.sleeps).toEqual([250, 250, 250]);
    expect(h.trainers[0].step).toBe(122);
    // Paused: a new Play goes on slowly.
    await h.run({ type: 'play' }, { type: 'pause' });
    expect(h.events.filter((e) => e.type === 'status').at(-2)).toMatchObject({ message: 'Training slowly, 4 steps a second, on WASM…' });
  });

  it('skipTo: a pause ends the skip (Play goes on slowly); Slow switched off during it is the pace after it', async () => {
    const paused = harness({
      totalSteps: 1000,
      msPerStep: 5,
      onYield: (count, session) => {
        if (count === 3) session.enqueue({ type: 'pause' });
      },
    });
    await paused.run({ type: 'load', config: config((c) => (c.evalEvery = 1000)), backend: null }, { type: 'setPace', pace: 'slow' }, { type: 'skipTo', step: 900 });
    const at = paused.trainers[0].step;
    expect(at).toBeGreaterThan(0);
    expect(at).toBeLessThan(900);
    await paused.run({ type: 'step' });
    expect(paused.trainers[0].step).toBe(at + 1);

    const switched = harness({
      totalSteps: 300,
      msPerStep: 1,
      onYield: (count, session) => {
        if (count === 2) session.enqueue({ type: 'setPace', pace: 'full' });
      },
    });
    await switched.run({ type: 'load', config: config((c) => (c.evalEvery = 1000)), backend: null }, { type: 'setPace', pace: 'slow' }, { type: 'skipTo', step: 100 });
    // Past step 100 at full speed to the end: no slow wait at all.
    expect(switched.trainers[0].step).toBe(300);
    expect(switched.sleeps).toEqual([]);
  });

  it('skipTo a step already passed just plays', async () => {
    const h = harness({ totalSteps: 3, msPerStep: 1 });
    await h.run({ type: 'load', config: config(), backend: null }, { type: 'step' }, { type: 'step' }, { type: 'skipTo', step: 1 });
    expect(h.trainers[0].step).toBe(3);
    expect(h.statuses().at(-1)).toBe('finished');
  });

  it('slow pace: a pause ends the wait between steps at once', async () => {
    const h = harness({
      totalSteps: 100,
      sleepNeverEnds: true,
      onSleep: (count, session) => {
        if (count === 1) session.enqueue({ type: 'pause' });
      },
    });
    await h.run({ type: 'load', config: config(), backend: null }, { type: 'setPace', pace: 'slow' });
    await h.run({ type: 'play' });
    expect(h.trainers[0].step).toBe(1);
    expect(h.statuses().at(-1)).toBe('paused');
    expect(h.snapshots().at(-1)).toMatchObject({ step: 1, running: false });
  });

  it('slow pace: the page saying it drew a snapshot does not cut the wait between steps short', async () => {
    const h = harness({
      totalSteps: 100,
      sleepNeverEnds: true,
      onSleep: (count, session) => {
        if (count !== 1) return;
        session.enqueue({ type: 'snapshotDrawn', ms: 5 });
        setTimeout(() => session.enqueue({ type: 'pause' }), 5);
      },
    });
    await h.run({ type: 'load', config: config(), backend: null }, { type: 'setPace', pace: 'slow' }, { type: 'play' });
    expect(h.trainers[0].step).toBe(1);
    expect(h.statuses().at(-1)).toBe('paused');
  });

  it('stops and says so when the loss diverges, and refuses to play on', async () => {
    const h = harness({ totalSteps: 1000, msPerStep: 20, divergeAt: 30 });
    await h.run({ type: 'load', config: config(), backend: null }, { type: 'play' });

    const trainer = h.trainers[0];
    expect(trainer.step).toBe(30);
    const last = h.snapshots().at(-1)!;
    expect([last.diverged, last.running]).toEqual(['The loss became NaN at step 30: training stopped.', false]);
    expect(h.events.at(-1)).toEqual({
      type: 'status',
      status: 'finished',
      message: 'Training diverged: The loss became NaN at step 30: training stopped. Reset to start over.',
    });

    await h.run({ type: 'play' }, { type: 'step' });
    expect(trainer.step).toBe(30);
    expect(h.events.at(-1)).toMatchObject({ status: 'finished', message: expect.stringMatching(/^Training diverged/) });
    expect(h.errors()).toEqual([]);
  });

  it('goes back to the last good evaluation after a divergence, paused, and trains on from there', async () => {
    const h = harness({ totalSteps: 60, msPerStep: 20, divergeAt: 30 });
    await h.run({ type: 'load', config: { ...config(), evalEvery: 8 }, backend: null }, { type: 'play' });
    const trainer = h.trainers[0];
    expect(trainer.step).toBe(30);

    await h.run({ type: 'rewind' });
    expect(trainer.step).toBe(24);
    expect(h.snapshots().at(-1)).toMatchObject({ step: 24, diverged: null, running: false });
    expect(h.events.at(-1)).toEqual({
      type: 'status',
      status: 'paused',
      message: 'Back at step 24, the last good evaluation. Lower the learning rate before playing, or it may diverge again.',
    });
    await h.run({ type: 'play' });
    expect(trainer.step).toBe(60);
    expect(h.events.at(-1)).toMatchObject({ status: 'finished' });
    expect(h.errors()).toEqual([]);
  });

  it("sends a run's constants with its first snapshot only, and each evaluation once", async () => {
    const h = harness({ totalSteps: 30 });
    await h.run({ type: 'load', config: config(), backend: null }, { type: 'play' });
    const first = h.snapshots();
    expect(first.map((s) => s.constants !== undefined)).toEqual([true, ...first.slice(1).map(() => false)]);
    expect(first.flatMap((s) => s.newPoints.map((p) => p.step))).toEqual([0, 10, 20, 30]);
    expect(new Set(first.map((s) => s.run)).size).toBe(1);

    await h.run({ type: 'reset' }, { type: 'step' });
    const after = h.snapshots().slice(first.length);
    expect(after[0].constants).toBeDefined();
    expect(after[0].run).toBe(first[0].run + 1);
    // The fresh run's own step-0 evaluation, and none of the first run's again.
    expect(after.flatMap((s) => s.newPoints.map((p) => p.step))).toEqual([0]);
  });

  it('reset: a fresh trainer at step 0 that keeps live changes such as lambda', async () => {
    const h = harness();
    await h.run({ type: 'load', config: config(), backend: null }, { type: 'step' }, { type: 'change', change: { prior: { lambda: 0.25 } } });
    expect(h.snapshots().at(-1)).toMatchObject({ step: 1, lambda: 0.25 });

    await h.run({ type: 'reset' });
    expect(h.trainers).toHaveLength(2);
    expect(h.trainers[0].disposed).toBe(true);
    expect(h.trainers[1].config.prior.lambda).toBe(0.25);
    expect(h.snapshots().at(-1)).toMatchObject({ step: 0, lambda: 0.25 });
    expect(h.statuses().at(-1)).toBe('ready');
  });

  it('snap reports how many channels were snapped', async () => {
    const h = harness();
    await h.run({ type: 'load', config: config(), backend: null }, { type: 'snap' });
    expect(h.events.at(-1)).toEqual({ type: 'status', status: 'ready', message: 'Snapped 3 channels to exactly linear and froze them.' });
  });

  it('turns failures into error events instead of hanging', async () => {
    const missing = harness({
      loadDataset: () => Promise.reject(new Error('MNIST data missing: run npm run prepare-data')),
    });
    await missing.run({ type: 'load', config: config(), backend: null });
    expect(missing.errors()).toEqual(['MNIST data missing: run npm run prepare-data']);
    expect(missing.statuses().at(-1)).toBe('error');

    await missing.run({ type: 'play' });
    expect(missing.errors().at(-1)).toBe('Nothing is loaded yet: load an experiment first.');

    const brokenSnapshot = harness({
      onCreate: (trainer) => (trainer.snapshot = () => Promise.reject(new Error('readback failed'))),
    });
    await brokenSnapshot.run({ type: 'load', config: config(), backend: null }, { type: 'play' });
    expect(brokenSnapshot.errors()).toEqual(['readback failed', 'Nothing is loaded yet: load an experiment first.']);
    expect(brokenSnapshot.trainers.map((t) => [t.disposed, t.step])).toEqual([[true, 0]]);

    const invalid = harness();
    await invalid.run({ type: 'load', config: config((c) => (c.training.batchSize = -5)), backend: null });
    expect(invalid.errors()[0]).toMatch(/^The experiment settings are invalid: training\.batchSize: /);
    expect(invalid.trainers).toHaveLength(0);
  });

  describe('a dataset still downloading', () => {
    /** 2,500 training images of which `initial` are in; grow() and fail() move it on. */
    function downloading(initial: number) {
      let arrived = initial;
      let failure: Error | null = null;
      let waiters: { count: number; resolve: () => void; reject: (e: Error) => void }[] = [];
      const log = { retries: 0 };
      const arrival: DataArrival = {
        get trainArrived() {
          return arrived;
        },
        bytesArrived: 1_000_000,
        bytesTotal: 2_000_000,
        get failure() {
          return failure;
        },
        whenArrived: (count) => {
          if (arrived >= count) return Promise.resolve();
          if (failure) return Promise.reject(failure);
          return new Promise((resolve, reject) => waiters.push({ count, resolve, reject }));
        },
        retry: () => {
          if (failure) log.retries++;
          failure = null;
        },
      };
      const grow = (to: number) => {
        arrived = to;
        waiters = waiters.filter((w) => (w.count <= arrived ? (w.resolve(), false) : true));
      };
      const fail = (message: string) => {
        failure = new Error(message);
        waiters.forEach((w) => w.reject(failure!));
        waiters = [];
      };
      const dataset = { kind: 'fashion-mnist', train: { count: 2_500 }, arrival } as Dataset;
      return { dataset, arrival, grow, fail, log };
    }
    const needs = (step: number) => (step + 1) * 100;

    it('trains on what has arrived, says it waits for data and how much is in, and goes on when it arrives', async () => {
      const data = downloading(1_000);
      const h = harness({
        totalSteps: 25,
        dataset: data.dataset,
        onCreate: (t) => Object.assign(t, { needs, arrival: data.arrival }),
        onSleep: (n) => n === 3 && data.grow(2_500),
      });
      await h.run({ type: 'load', config: config(), backend: null }, { type: 'play' });
      const trainer = h.trainers[0];
      expect(trainer.step).toBe(25);
      expect(h.statuses().at(-1)).toBe('finished');
      expect(trainer.stepLog.every((s) => s.needs <= s.arrived)).toBe(true);
      expect(trainer.stepLog.filter((s) => s.arrived === 1_000)).toHaveLength(10);
      const messages = h.events.flatMap((e) => (e.type === 'status' ? [e.message] : []));
      expect(messages).toContain('Waiting for data: 1,000 of 2,500 training images in, step 11 needs 1,100.');
      expect(messages).toContain('Training on WASM… 1,000 of 2,500 training images in, the rest arriving.');
      expect(messages.filter((m) => m.startsWith('Waiting for data'))).toHaveLength(3);
    });

    it('pauses when the download fails, keeps the steps trained, and downloads again on Play', async () => {
      const data = downloading(1_000);
      const h = harness({
        totalSteps: 25,
        dataset: data.dataset,
        onCreate: (t) => Object.assign(t, { needs, arrival: data.arrival }),
        onSleep: (n) => n === 1 && data.fail('The Fashion-MNIST download stopped after 1.0 of 2.0 MB: network error'),
      });
      await h.run({ type: 'load', config: config(), backend: null }, { type: 'play' });
      expect(h.trainers[0].step).toBe(10);
      expect(h.events.at(-1)).toEqual({
        type: 'status',
        status: 'paused',
        message: 'The Fashion-MNIST download stopped after 1.0 of 2.0 MB: network error. The 10 steps trained are kept; Play downloads the rest.',
      });
      expect(h.snapshots().at(-1)).toMatchObject({ step: 10, running: false });
      data.grow(2_500);
      await h.run({ type: 'play' });
      expect(data.log.retries).toBe(1);
      expect(h.trainers[0].step).toBe(25);
      expect(h.trainers).toHaveLength(1);
    });

    it('Step waits for its data too, and Pause ends the wait', async () => {
      const data = downloading(1_000);
      let session: TrainingSession | null = null;
      const h = harness({
        totalSteps: 25,
        dataset: data.dataset,
        onCreate: (t) => Object.assign(t, { needs, arrival: data.arrival }),
        onSleep: (n, s) => {
          session = s;
          if (n === 2) data.grow(1_100);
        },
      });
      await h.run({ type: 'load', config: config(), backend: null });
      for (let i = 0; i < 10; i++) await h.run({ type: 'step' });
      expect(h.trainers[0].step).toBe(10);
      await h.run({ type: 'step' });
      expect(h.trainers[0].step).toBe(11);
      expect(h.statuses().at(-1)).toBe('paused');
      const paused = h.run({ type: 'step' });
      await new Promise((resolve) => setTimeout(resolve, 5));
      session!.enqueue({ type: 'pause' });
      await paused;
      expect(h.trainers[0].step).toBe(11);
      expect(h.trainers[0].stepLog.every((s) => s.needs <= s.arrived)).toBe(true);
    });
  });
});

describe('TrainingSession: the step-0 evaluation after the first step (a run that plays as it loads)', () => {
  /** Gives the fake Trainer.holdStart / evaluateHeldStart, logging them with the snapshots sent. */
  function holding(log: string[]) {
    return (trainer: FakeTrainer) => {
      let held = false;
      Object.assign(trainer, {
        holdStart: () => {
          held = trainer.step === 0 && trainer.evaluatedAt.length === 0;
          if (held) log.push('hold');
          return held;
        },
        evaluateHeldStart: () => {
          if (!held) return Promise.resolve(null);
          held = false;
          log.push(`step-0 evaluation at step ${trainer.step}`);
          trainer.evaluatedAt.push(0);
          return Promise.resolve({ step: 0 } as EvalPoint);
        },
      });
    };
  }
  const points = (h: ReturnType<typeof harness>) => h.snapshots().map((s) => [s.step, s.newPoints.map((p) => p.step)]);

  it('load then play: the first step is shown before the step-0 evaluation, whose point goes with the next snapshot', async () => {
    const log: string[] = [];
    const h = harness({ totalSteps: 45, msPerStep: 20, onCreate: holding(log) });
    await h.run({ type: 'load', config: config(), backend: null }, { type: 'play' });

    expect(log).toEqual(['hold', 'step-0 evaluation at step 1']);
    expect(h.trainers[0].evaluatedAt).toEqual([0, 10, 20, 30, 40, 45]);
    const sent = points(h);
    expect(sent[0]).toEqual([0, []]); // the load's snapshot: no evaluation yet
    expect(sent[1]).toEqual([1, []]); // the first step, at once
    // Every evaluation sent once, in order, step 0's first.
    expect(sent.flatMap(([, p]) => p)).toEqual([0, 10, 20, 30, 40, 45]);
    // No "Evaluating the untrained network" status: the run is ready as soon as it is built.
    expect(h.statuses().slice(0, 3)).toEqual(['loading-data', 'starting', 'ready']);
  });

  it('evaluates step 0 first when the first slice already ends at an evaluation or the end', async () => {
    const log: string[] = [];
    const h = harness({ totalSteps: 1, onCreate: holding(log) });
    await h.run({ type: 'load', config: config((c) => (c.evalEvery = 1)), backend: null }, { type: 'play' });
    expect(h.trainers[0].evaluatedAt).toEqual([0, 1]);
    expect(points(h).flatMap(([, p]) => p)).toEqual([0, 1]);
  });

  it('evaluates step 0 as it loads when the run does not play at once, plays slowly or linearizes', async () => {
    for (const next of [
      { commands: [{ type: 'step' } as const], linearizeAt: null },
      { commands: [{ type: 'setPace', pace: 'slow' } as const, { type: 'play' } as const], linearizeAt: null },
      { commands: [{ type: 'play' } as const], linearizeAt: 0 },
    ]) {
      const log: string[] = [];
      const h = harness({ totalSteps: 3, onCreate: holding(log) });
      await h.run({ type: 'load', config: config(), backend: null, linearizeAt: next.linearizeAt }, ...next.commands);
      expect(log).toEqual([]);
      expect(h.snapshots()[0].newPoints.map((p) => p.step)).toEqual([0]);
      expect(h.statuses().slice(0, 4)).toEqual(['loading-data', 'starting', 'starting', 'ready']);
    }
  });

  it('a pause before the first step evaluates step 0 there; a Step after a held load sends its point with step 1', async () => {
    const log: string[] = [];
    const h = harness({ totalSteps: 1000, onCreate: holding(log) });
    await h.run({ type: 'load', config: config(), backend: null }, { type: 'play' }, { type: 'pause' });
    expect(h.trainers[0].step).toBe(0);
    expect(log).toEqual(['hold', 'step-0 evaluation at step 0']);
    expect(points(h).at(-1)).toEqual([0, [0]]);

    const stepped = harness({ totalSteps: 1000, onCreate: holding([]) });
    await stepped.run({ type: 'load', config: config(), backend: null }, { type: 'play' }, { type: 'step' });
    expect(points(stepped).at(-1)).toEqual([1, [0]]);
    expect(stepped.trainers[0].evaluatedAt).toEqual([0]);
  });
});
