/**
 * The training session driving the real Trainer (tfjs on the CPU backend), as the worker wires it
 * (trainingRuntime.ts), with what it posts rebuilt by the page's side of the snapshot stream: the
 * snapshots a user would see. The other session tests use a fake trainer to pin down the loop's timing.
 */
import { describe, expect, it } from 'vitest';
import * as tf from '../engine/tf';
import { defaultsForDataset } from '../engine/config/defaults';
import type { ExperimentConfig } from '../engine/config/types';
import { generatePlaneDataset } from '../engine/data/synthetic';
import type { Snapshot } from '../engine/training/snapshot';
import { Trainer } from '../engine/training/trainer';
import type { WorkerCommand, WorkerEvent } from './protocol';
import { createSnapshotAssembler } from './snapshotStream';
import { TrainingSession } from './trainingSession';

/** XOR, 200 points (160 to train), a 2-8-8-2 MLP, batch 16: 10 steps an epoch, 30 in all. */
function xorConfig(): ExperimentConfig {
  const c = defaultsForDataset('xor');
  c.dataset = { ...c.dataset, points: 200 };
  c.model = { ...c.model, kind: 'mlp', hidden: [8, 8] };
  c.training = { batchSize: 16, epochs: 3, seed: 7 };
  c.optimizer = { kind: 'adam', learningRate: 0.01, momentum: 0.9 };
  c.evalEvery = 5;
  // The proximal form: with λ = 3200 one step moves each of the 16 slopes up by 0.01 * 3200 / 16 = 2 after
  // Adam's step on the task (at most 0.01), so every slope ends that step clipped to exactly 1.
  c.prior = { ...c.prior, mode: 'proximal', lambda: 0 };
  return c;
}

type Command = Exclude<WorkerCommand, { type: 'ping' }>;

function realSession(options: { onSleep?: (count: number, enqueue: (c: Command) => void) => void } = {}) {
  const events: WorkerEvent[] = [];
  const seen: Snapshot[] = [];
  const assemble = createSnapshotAssembler();
  let sleeps = 0;
  const session: TrainingSession = new TrainingSession({
    post: (event) => {
      events.push(event);
      if (event.type !== 'snapshot') return;
      const snapshot = assemble(event.snapshot);
      if (snapshot) seen.push(snapshot);
    },
    loadDataset: (config) => Promise.resolve(generatePlaneDataset(config.dataset, config.training.seed)),
    selectBackend: () => Promise.resolve({ name: 'cpu', reason: 'tests', attempts: [] }),
    createTrainer: (config, dataset, backend) => Trainer.create(config, dataset, backend),
    now: () => performance.now(),
    yieldToEvents: () => new Promise((resolve) => setTimeout(resolve, 0)),
    // Slow pace's quarter second between steps, without the wait.
    sleep: (ms) => {
      sleeps++;
      options.onSleep?.(sleeps, (c) => session.enqueue(c));
      return new Promise((resolve) => setTimeout(resolve, Math.min(ms, 1)));
    },
  });
  const loop = session.run();
  const run = async (...commands: Command[]) => {
    const idle = session.whenIdle();
    commands.forEach((c) => session.enqueue(c));
    await idle;
  };
  const statuses = () => events.flatMap((e) => (e.type === 'status' ? [`${e.status}: ${e.message}`] : []));
  const errors = () => events.flatMap((e) => (e.type === 'error' ? [e.message] : []));
  const close = async () => {
    session.close();
    await loop;
  };
  return { run, seen, statuses, errors, close };
}

describe('TrainingSession with the real Trainer', () => {
  it('loads, steps, plays slowly, takes a live λ at the next step, pauses, resumes and finishes, freeing every tensor', async () => {
    const tensorsBefore = tf.memory().numTensors;
    // While playing slowly: λ dialled up during the 3rd wait between steps, a pause during the 6th.
    const s = realSession({
      onSleep: (count, enqueue) => {
        if (count === 3) enqueue({ type: 'change', change: { prior: { lambda: 3200 } } });
        if (count === 6) enqueue({ type: 'pause' });
      },
    });

    await s.run({ type: 'load', config: xorConfig(), backend: null });
    expect(s.statuses().at(-1)).toBe('ready: Ready: xor on CPU.');
    const loaded = s.seen.at(-1) as Snapshot;
    expect(loaded).toMatchObject({ step: 0, running: false, stepsPerEpoch: 10, totalSteps: 30, lambda: 0, fractionNonlinear: 1 });
    expect(loaded.gates.map((g) => [g.name, g.slopes.length])).toEqual([['dense1', 8], ['dense2', 8]]);
    expect(loaded.history.map((p) => p.step)).toEqual([0]);
    expect(Number.isFinite(loaded.history[0].trainLoss) && Number.isFinite(loaded.history[0].testLoss)).toBe(true);
    expect(loaded.preview?.kind).toBe('plane');

    await s.run({ type: 'step' });
    expect(s.seen.at(-1)).toMatchObject({ step: 1, running: false });
    expect(s.statuses().at(-1)).toBe('paused: Paused at step 1.');

    // Slow: one step, one snapshot. Steps 2 and 3, and 4 before the 3rd wait, are trained with λ 0.
    const before = s.seen.length;
    await s.run({ type: 'setPace', pace: 'slow' }, { type: 'play' });
    const slow = s.seen.slice(before);
    expect(slow.map((x) => x.step)).toEqual([2, 3, 4, 5, 6, 7, 7]); // the last: the pause's, not running
    expect(slow.map((x) => x.running)).toEqual([true, true, true, true, true, true, false]);
    // The change came after step 4's snapshot: the 5th step (index 4) is the first one trained with it.
    expect(slow.map((x) => x.lambda)).toEqual([0, 0, 0, 3200, 3200, 3200, 3200]);
    expect(slow.map((x) => x.priorOnStep)).toEqual([null, null, null, 4, 4, 4, 4]);
    // Every slope was below 1 until then; that one step made them all exactly linear.
    expect(slow.map((x) => x.fractionNonlinear)).toEqual([1, 1, 1, 0, 0, 0, 0]);
    expect(slow[3].gates.flatMap((g) => g.slopes).every((a) => a === 1)).toBe(true);
    expect(slow[2].gates.flatMap((g) => g.slopes).every((a) => a < 1)).toBe(true);
    // Step 5's evaluation: after the change, so it has the prior and no nonlinear channel left.
    expect(slow[3].history.map((p) => [p.step, p.lambda, p.fractionNonlinear])).toEqual([
      [0, 0, 1],
      [5, 3200, 0],
    ]);
    expect(s.statuses().at(-1)).toBe('paused: Paused at step 7.');

    // Resume at full pace: from step 7 to the end, then finished.
    const resumed = s.seen.length;
    await s.run({ type: 'setPace', pace: 'full' }, { type: 'play' });
    const full = s.seen.slice(resumed);
    expect(full[0].step).toBeGreaterThan(7);
    expect(full.at(-1)).toMatchObject({ step: 30, running: false, finished: true, diverged: null });
    const steps = full.map((x) => x.step);
    expect(steps).toEqual([...steps].sort((a, b) => a - b));
    const history = full.at(-1)!.history;
    expect(history.map((p) => p.step)).toEqual([0, 5, 10, 15, 20, 25, 30]);
    expect(history.every((p) => Number.isFinite(p.trainLoss) && Number.isFinite(p.testLoss ?? NaN))).toBe(true);
    expect(s.statuses().at(-1)).toBe('finished: Finished: 30 steps. Play trains on for 3 more epochs.');
    expect(s.errors()).toEqual([]);

    await s.close();
    expect(tf.memory().numTensors).toBe(tensorsBefore);
  });

  it('reset starts the run again at step 0 with the live λ kept, and repeats it step for step', async () => {
    const s = realSession();
    await s.run({ type: 'load', config: xorConfig(), backend: null }, { type: 'step' }, { type: 'step' });
    const first = s.seen.at(-1) as Snapshot;
    await s.run({ type: 'change', change: { prior: { lambda: 3200 } } });
    expect(s.seen.at(-1)).toMatchObject({ step: 2, lambda: 3200, fractionNonlinear: 1 }); // shown at once, trained from the next step

    await s.run({ type: 'reset' });
    expect(s.seen.at(-1)).toMatchObject({ step: 0, lambda: 3200, priorOnStep: null });
    expect(s.seen.at(-1)?.history.map((p) => p.step)).toEqual([0]);
    await s.run({ type: 'step' });
    expect(s.seen.at(-1)).toMatchObject({ step: 1, priorOnStep: 0, fractionNonlinear: 0 });

    // The same config and seed without the change repeat the first run's slopes exactly.
    const again = realSession();
    await again.run({ type: 'load', config: xorConfig(), backend: null }, { type: 'step' }, { type: 'step' });
    expect(again.seen.at(-1)?.gates).toEqual(first.gates);
    await Promise.all([s.close(), again.close()]);
  });

  it('a run loaded and played at once (its step-0 evaluation after the first step) shows the same history and gates as one loaded, then played', async () => {
    const tensorsBefore = tf.memory().numTensors;
    const config = { ...xorConfig(), prior: { ...xorConfig().prior, mode: 'loss' as const, lambda: 0.5 } };
    const apart = realSession();
    await apart.run({ type: 'load', config, backend: null });
    await apart.run({ type: 'play' });
    const atOnce = realSession();
    await atOnce.run({ type: 'load', config, backend: null }, { type: 'play' });
    // Held: the load's snapshot had no evaluation; the step-0 point came after the first step.
    expect(apart.seen[0].history.map((p) => p.step)).toEqual([0]);
    expect(atOnce.seen[0].history).toEqual([]);
    const [a, b] = [apart.seen.at(-1) as Snapshot, atOnce.seen.at(-1) as Snapshot];
    expect(b.step).toBe(30);
    expect(b.history).toEqual(a.history); // every point, step 0's (tangent kernel at init) included
    expect(b.gates).toEqual(a.gates);
    expect(b.core).toEqual(a.core);
    expect(atOnce.errors()).toEqual([]);
    await apart.close();
    await atOnce.close();
    expect(tf.memory().numTensors).toBe(tensorsBefore);
  });
});
