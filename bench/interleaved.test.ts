import { describe, expect, it } from 'vitest';
import { interleavedRatios, phaseRate, playedRate } from './measure/interleaved';

describe('phaseRate', () => {
  const marks = [
    { t: 0, step: 0 },
    { t: 500, step: 10 },
    { t: 1000, step: 20 },
    { t: 1500, step: 20 }, // paused
    { t: 2600, step: 20 },
    { t: 3000, step: 40 },
  ];
  it('counts the steps between the first and last snapshot inside the phase', () => {
    expect(phaseRate(marks, 0, 1200, 64)).toBeCloseTo((20 * 64 * 1000) / 1000, 6);
    expect(phaseRate(marks, 2500, 3100, 10)).toBeCloseTo((20 * 10 * 1000) / 400, 6);
  });
  it('has no rate with fewer than two snapshots or no step inside', () => {
    expect(phaseRate(marks, 400, 900, 64)).toBeNull();
    expect(phaseRate(marks, 1000, 1600, 64)).toBeNull();
  });
  it('counts a snapshot at either end of the phase', () => {
    expect(phaseRate(marks, 500, 1000, 64)).toBeCloseTo((10 * 64 * 1000) / 500, 6);
  });
  it('rates slow steps from two snapshots, and a pause repeating the last step adds no time', () => {
    // 9.5 s steps, one snapshot after each; the pause posts another of step 3, 0.4 s later.
    const slow = [
      { t: 9_500, step: 1 },
      { t: 19_000, step: 2 },
      { t: 28_500, step: 3 },
      { t: 28_900, step: 3 },
    ];
    expect(phaseRate(slow, 0, 20_000, 64)).toBeCloseTo((1 * 64 * 1000) / 9_500, 6);
    expect(phaseRate(slow, 0, 30_000, 64)).toBeCloseTo((2 * 64 * 1000) / 19_000, 6);
    // A step repeated at the start (a late snapshot of the pause before) starts the count at its last one.
    expect(phaseRate([{ t: 100, step: 3 }, { t: 400, step: 3 }, { t: 9_900, step: 4 }], 0, 10_000, 64)).toBeCloseTo((64 * 1000) / 9_500, 6);
  });
});

describe('interleavedRatios', () => {
  it('holds each lab phase to the mean of the bare phases before and after it', () => {
    expect(interleavedRatios([90, 160], [100, 80, 240])).toEqual([1, 1]);
  });
  it('uses the one neighbour it has and skips phases without a rate', () => {
    expect(interleavedRatios([50, null, 30], [100, null, null, 60])).toEqual([0.5, 0.5]);
  });
});

describe('playedRate', () => {
  it('counts every step from the play to the landed pause, over the time between them', () => {
    // Played at t = 1000 at step 20 (paused there); snapshots at 1400 (step 30) and the pause's at 2000 (step 45), its repeat at 2100.
    const marks = [
      { t: 600, step: 20 },
      { t: 1400, step: 30 },
      { t: 2000, step: 45 },
      { t: 2100, step: 45 },
    ];
    expect(playedRate(marks, { t: 1000, step: 20 }, 2100, 64)).toBeCloseTo((25 * 64 * 1000) / 1000, 6);
    // Only what came before `to` counts.
    expect(playedRate(marks, { t: 1000, step: 20 }, 1500, 64)).toBeCloseTo((10 * 64 * 1000) / 400, 6);
  });
  it('has no rate when no step was trained after the play', () => {
    expect(playedRate([{ t: 600, step: 20 }, { t: 1200, step: 20 }], { t: 1000, step: 20 }, 2000, 64)).toBeNull();
    expect(playedRate([], { t: 1000, step: 20 }, 2000, 64)).toBeNull();
  });
});
