/**
 * (In bench/page: it runs the worker's and the page's own code, here in Node, beside the engine.)
 * What one snapshot costs from the worker to the page, early and late in one long run with an
 * evaluation at every step: building it (the trainer's snapshot and the update of what changed,
 * SnapshotUpdates in worker/snapshotStream.ts), sending it (a structured clone, what postMessage does), applying it
 * on the page (the snapshot assembler that bounds the charts' history, worker/snapshotStream.ts, and
 * the run recorder, lab/history/runRecorder.ts) and saving it (the recorder's write: the record to
 * the run store, the new evaluations to the evaluation log; both kept in memory here behind a
 * structured clone, as IndexedDB clones what it stores). The panels' drawing is not in it: the
 * lab-against-bare ratio measures that.
 *
 * Snapshots between the timed ones carry the evaluations to the page as the worker would, but are
 * built once and reused (the trainer's snapshot is the same work at any step; what grows with a
 * run is what the page keeps, and that gets every evaluation).
 */
import { serialize } from 'node:v8';
import { defaultConfig } from '../../src/engine/config/defaults';
import { generatePlaneDataset } from '../../src/engine/data/synthetic';
import type { SnapshotUpdate, TrainerSnapshot } from '../../src/engine/training/snapshot';
import { Trainer } from '../../src/engine/training/trainer';
import type { EvaluationChunk, EvaluationLog } from '../../src/lab/history/evaluationLog';
import { createMemoryRunStore } from '../../src/lab/history/memoryRunStore';
import { RunRecorder } from '../../src/lab/history/runRecorder';
import { createSnapshotAssembler, SnapshotUpdates } from '../../src/worker/snapshotStream';
import { summarize, type Spread } from '../stats';

const SNAPSHOTS_PER_WRITE = 10;

export interface SnapshotCostAt {
  /** The run's step when the timed snapshots began. */
  step: number;
  snapshots: number;
  /** Evaluations each snapshot carried. */
  evaluationsPerSnapshot: number;
  buildMs: Spread;
  sendMs: Spread;
  applyMs: Spread;
  /** Not per snapshot: the recorder writes at most every 2 s (runRecorder.ts); timed every SNAPSHOTS_PER_WRITE snapshots. */
  saveMs: Spread;
  /** build + send + apply: what every snapshot costs. */
  totalMs: Spread;
  /** Size of one update as sent (V8's structured serialization). */
  bytes: number;
  /** Evaluations the page held for the charts and in the run's record at that step. */
  chartPoints: number;
  recordPoints: number;
}

export interface SnapshotCostOptions {
  /** Steps at which to time snapshots. */
  at: number[];
  /** Timed snapshots at each. */
  snapshots: number;
  /** Steps (one evaluation each) between snapshots. */
  stepsPerSnapshot: number;
  log?: (line: string) => void;
}

/** The evaluation log as IndexedDB would keep it, in memory: every chunk stored as a structured clone. */
function memoryEvaluationLog(): EvaluationLog {
  const chunks = new Map<string, EvaluationChunk>();
  return {
    putChunks: (list) => {
      list.forEach((c) => chunks.set(`${c.runId}:${c.index}`, structuredClone(c)));
      return Promise.resolve();
    },
    lastIndex: (runId) => Promise.resolve(Math.max(-1, ...[...chunks.values()].filter((c) => c.runId === runId).map((c) => c.index))),
    read: (runId) => Promise.resolve([...chunks.values()].filter((c) => c.runId === runId).flatMap((c) => c.points)),
    remove: () => Promise.resolve(),
  };
}

export async function timeSnapshotCost(backend: string, options: SnapshotCostOptions): Promise<SnapshotCostAt[]> {
  const config = defaultConfig();
  config.dataset = { ...config.dataset, kind: 'xor', points: 400 };
  config.model = { ...config.model, kind: 'mlp', hidden: [8, 8] };
  config.training = { ...config.training, batchSize: 8, epochs: 1000 };
  config.evalEvery = 1;
  const dataset = generatePlaneDataset(config.dataset, config.training.seed);
  const trainer = Trainer.create(config, dataset, { name: backend, reason: 'benchmark', attempts: [] });
  const assembler = createSnapshotAssembler();
  // Written only when the bench says so (each timed snapshot), not on a clock.
  const recorder = new RunRecorder({ store: createMemoryRunStore(), evaluations: memoryEvaluationLog(), throttleMs: 1e9 });
  recorder.start(config);
  let built: TrainerSnapshot;
  // What the worker's session sends: what changed, as of the trainer's step now (a reused snapshot is older).
  const updates = new SnapshotUpdates();
  updates.newRun();
  const update = (snapshot: TrainerSnapshot): SnapshotUpdate => updates.next({ ...snapshot, step: trainer.step }, true);
  const apply = (u: SnapshotUpdate) => {
    const snapshot = assembler(u);
    if (snapshot) recorder.handle({ type: 'snapshot', snapshot });
    return snapshot;
  };

  const out: SnapshotCostAt[] = [];
  try {
    updates.addEvaluation(await trainer.evaluate());
    apply(update((built = await trainer.snapshot())));
    for (const at of [...options.at].sort((a, b) => a - b)) {
      // Train up to the mark, every step evaluated, the snapshots reaching the page as they go.
      while (trainer.step < at) {
        for (let i = 0; i < options.stepsPerSnapshot; i++) {
          trainer.trainStep();
          updates.addEvaluation(await trainer.evaluate());
        }
        apply(update(built));
        if (trainer.step % 2000 < options.stepsPerSnapshot) {
          await recorder.flush();
          options.log?.(`  snapshot cost: step ${trainer.step}`);
        }
      }
      await recorder.flush();
      const times = { build: [] as number[], send: [] as number[], apply: [] as number[], save: [] as number[], total: [] as number[] };
      let bytes = 0;
      let chartPoints = 0;
      for (let n = 0; n < options.snapshots; n++) {
        for (let i = 0; i < options.stepsPerSnapshot; i++) {
          trainer.trainStep();
          updates.addEvaluation(await trainer.evaluate());
        }
        const t0 = performance.now();
        built = await trainer.snapshot({ preview: false });
        const u = update(built);
        const t1 = performance.now();
        const received = structuredClone(u);
        const t2 = performance.now();
        const snapshot = apply(received);
        const t3 = performance.now();
        times.build.push(t1 - t0);
        times.send.push(t2 - t1);
        times.apply.push(t3 - t2);
        times.total.push(t3 - t0);
        // A write every SNAPSHOTS_PER_WRITE snapshots: about every 2 s at the worker's pace of ~10 snapshots a second.
        if ((n + 1) % SNAPSHOTS_PER_WRITE === 0) {
          const t4 = performance.now();
          await recorder.flush();
          times.save.push(performance.now() - t4);
        }
        bytes = serialize(u).byteLength;
        chartPoints = snapshot?.history.length ?? 0;
      }
      const spread = (xs: number[]) => summarize(xs) as Spread;
      out.push({
        step: at,
        snapshots: options.snapshots,
        evaluationsPerSnapshot: options.stepsPerSnapshot,
        buildMs: spread(times.build),
        sendMs: spread(times.send),
        applyMs: spread(times.apply),
        saveMs: spread(times.save),
        totalMs: spread(times.total),
        bytes,
        chartPoints,
        recordPoints: recorder.currentRun()?.history.length ?? 0,
      });
      options.log?.(`  snapshot cost at step ${at}: ${JSON.stringify(out.at(-1)?.totalMs)}`);
    }
  } finally {
    trainer.dispose();
  }
  return out;
}
