import { describe, expect, it } from 'vitest';
import { interleavedRatios, phaseRate } from './measure/interleaved';

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
});

describe('interleavedRatios', () => {
  it('holds each lab phase to the mean of the bare phases before and after it', () => {
    expect(interleavedRatios([90, 160], [100, 80, 240])).toEqual([1, 1]);
  });
  it('uses the one neighbour it has and skips phases without a rate', () => {
    expect(interleavedRatios([50, null, 30], [100, null, null, 60])).toEqual([0.5, 0.5]);
  });
});
