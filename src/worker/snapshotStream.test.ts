import { describe, expect, it } from 'vitest';
import { CHART_HISTORY_LIMIT } from '../engine/training/chartHistory';
import type { EvalPoint, RunConstants, SnapshotUpdate, TrainerSnapshot } from '../engine/training/snapshot';
import { snapshotFixture } from '../ui/testFixtures';
import { createSnapshotAssembler, SnapshotUpdates } from './snapshotStream';

const full = snapshotFixture();
const constants: RunConstants = {
  stepsPerEpoch: full.stepsPerEpoch, totalSteps: full.totalSteps, aplAllNonlinear: full.aplAllNonlinear, backend: full.backend, dataset: full.dataset,
};
const point = (step: number): EvalPoint => ({ ...full.history[0], step });

function update(run: number, step: number, newPoints: EvalPoint[], withConstants = false): SnapshotUpdate {
  const { stepsPerEpoch, totalSteps, aplAllNonlinear, backend, dataset, history, newPoints: _, ...changing } = full;
  void [stepsPerEpoch, totalSteps, aplAllNonlinear, backend, dataset, history, _];
  return { ...changing, step, run, newPoints, ...(withConstants ? { constants } : {}) };
}

describe('snapshot stream', () => {
  it("rebuilds whole snapshots from a run's constants, sent once, and the evaluations as they come", () => {
    const assemble = createSnapshotAssembler();
    const first = assemble(update(1, 0, [point(0)], true))!;
    expect(first).toMatchObject({ ...constants, step: 0 });
    expect(first.history.map((p) => p.step)).toEqual([0]);
    const second = assemble(update(1, 10, []))!;
    expect(second).toMatchObject({ ...constants, step: 10 });
    expect(second.history).toBe(first.history); // unchanged: the charts need not redraw it
    const third = assemble(update(1, 20, [point(20)]))!;
    expect(third.history.map((p) => p.step)).toEqual([0, 20]);
    expect(third.newPoints.map((p) => p.step)).toEqual([20]);
  });

  it('starts the history afresh with a new run, and drops a snapshot that comes without its constants', () => {
    const assemble = createSnapshotAssembler();
    assemble(update(1, 0, [point(0)], true));
    assemble(update(1, 50, [point(50)]));
    expect(assemble(update(2, 0, [point(0)]))).toBeNull();
    const reset = assemble(update(3, 0, [point(0)], true))!;
    expect(reset.history.map((p) => p.step)).toEqual([0]);
  });

  it('keeps the chart history bounded over a long run', () => {
    const assemble = createSnapshotAssembler();
    let longest = 0;
    assemble(update(1, 0, [point(0)], true));
    for (let step = 1; step <= 30_000; step += 3) {
      const snapshot = assemble(update(1, step + 2, [point(step), point(step + 1), point(step + 2)]))!;
      longest = Math.max(longest, snapshot.history.length);
    }
    expect(longest).toBeLessThanOrEqual(CHART_HISTORY_LIMIT);
  });
});

describe("the worker's side: SnapshotUpdates", () => {
  const { history, newPoints, ...trainerFull } = full;
  void [history, newPoints];
  const at = (step: number, totalSteps = full.totalSteps): TrainerSnapshot => ({ ...trainerFull, step, totalSteps });

  it("sends a run's constants with its first update only, and each evaluation once", () => {
    const updates = new SnapshotUpdates();
    updates.newRun();
    updates.addEvaluation(point(0));
    const first = updates.next(at(0), false);
    expect(first.constants).toEqual(constants);
    expect(first).not.toHaveProperty('totalSteps'); // a constant: not repeated beside the changing fields
    expect(first).toMatchObject({ run: 1, step: 0, running: false });
    expect(first.newPoints.map((p) => p.step)).toEqual([0]);

    const second = updates.next(at(5), true);
    expect(second.constants).toBeUndefined();
    expect(second).toMatchObject({ run: 1, step: 5, running: true, newPoints: [] });

    updates.addEvaluation(point(10));
    updates.addEvaluation(point(20));
    expect(updates.next(at(20), true).newPoints.map((p) => p.step)).toEqual([10, 20]);
    expect(updates.next(at(21), true).newPoints).toEqual([]);
  });

  it('a new run counts up, sends its constants again and drops what the last run had not sent', () => {
    const updates = new SnapshotUpdates();
    updates.newRun();
    updates.next(at(0), false);
    updates.addEvaluation(point(10)); // never sent: the run was reset first
    updates.newRun();
    const reset = updates.next(at(0), false);
    expect(reset.run).toBe(2);
    expect(reset.constants).toEqual(constants);
    expect(reset.newPoints).toEqual([]);
  });

  it('sends the constants again once one changed (a run that trains on past its end is longer)', () => {
    const updates = new SnapshotUpdates();
    updates.newRun();
    updates.next(at(0), false);
    updates.constantsChanged();
    expect(updates.next(at(50, 200), true).constants).toEqual({ ...constants, totalSteps: 200 });
  });

  it('sends the predictions preview only when the trainer computed a new one; the page keeps the last', () => {
    const updates = new SnapshotUpdates();
    const assemble = createSnapshotAssembler();
    const strip = (predicted: number): TrainerSnapshot['preview'] => ({
      kind: 'images', width: 2, height: 1, classNames: ['a', 'b'], images: [{ pixels: [0, 1], label: 1, predicted, confidence: 0.9 }],
    });
    const first = strip(0);
    const later = strip(1);
    updates.newRun();
    const sent = updates.next({ ...at(0), preview: first }, false);
    expect(sent.preview).toEqual(first);
    expect(assemble(structuredClone(sent))?.preview).toEqual(first);
    // The trainer hands back the same object while it keeps its last preview: not sent again, still drawn.
    const kept = updates.next({ ...at(5), preview: first }, true);
    expect(kept).not.toHaveProperty('preview');
    expect(assemble(structuredClone(kept))?.preview).toEqual(first);
    const fresh = updates.next({ ...at(9), preview: later }, true);
    expect(assemble(structuredClone(fresh))?.preview).toEqual(later);
    // A new run sends its preview again, and the page does not show the last run's in the meantime.
    updates.newRun();
    expect(updates.next({ ...at(0), preview: later }, false).preview).toEqual(later);
    const pageOfNewRun = createSnapshotAssembler();
    pageOfNewRun(structuredClone(sent));
    expect(pageOfNewRun({ ...structuredClone(kept), run: 2, constants })?.preview).toBeNull();
  });

  it('the page rebuilds from the updates exactly the snapshots the trainer took, with the evaluations as history', () => {
    const updates = new SnapshotUpdates();
    const assemble = createSnapshotAssembler();
    updates.newRun();
    updates.addEvaluation(point(0));
    const first = assemble(updates.next(at(0), false))!;
    expect(first).toEqual({ ...at(0), running: false, history: [point(0)], newPoints: [point(0)] });
    updates.addEvaluation(point(10));
    const later = assemble(updates.next(at(12), true))!;
    expect(later).toEqual({ ...at(12), running: true, history: [point(0), point(10)], newPoints: [point(10)] });
  });
});
