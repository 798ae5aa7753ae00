import { describe, expect, it } from 'vitest';
import { snapshotsInside, snapshotsPerSecond, stepRange } from './measure/phaseWindows';

// Snapshots at these times and steps; the lab trained in [0, 1000] and [2000, 2500], a bare phase between.
const marks = [
  { t: 0, step: 300 },
  { t: 250, step: 360 },
  { t: 1000, step: 520 },
  { t: 1500, step: 520 },
  { t: 2000, step: 520 },
  { t: 2500, step: 640 },
];
const windows = [
  { from: 0, to: 1000 },
  { from: 2000, to: 2500 },
];

describe('what a block of lab phases says besides its rate', () => {
  it('names the first and last step the lab phases saw, not the steps of a bare phase', () => {
    expect(stepRange(marks, windows)).toEqual({ first: 300, last: 640 });
    expect(stepRange(marks, [{ from: 1200, to: 1800 }])).toEqual({ first: 520, last: 520 });
    expect(stepRange(marks, [{ from: 3000, to: 4000 }])).toBeNull();
  });
  it('counts the snapshots inside the phases per second of them', () => {
    // 3 + 2 snapshots in 1.5 s; the one at t = 1500 came while the bare loop ran.
    expect(snapshotsInside(marks, windows)).toBe(5);
    expect(snapshotsPerSecond(marks, windows)).toBeCloseTo(5 / 1.5, 6);
    expect(snapshotsPerSecond(marks, [])).toBeNull();
  });
});
