import { describe, expect, it } from 'vitest';
import { CHART_HISTORY_LIMIT } from '../engine/training/chartHistory';
import type { EvalPoint, RunConstants, SnapshotUpdate } from '../engine/training/snapshot';
import { snapshotFixture } from '../ui/testFixtures';
import { createSnapshotAssembler } from './snapshotStream';

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
