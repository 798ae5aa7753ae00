import { describe, expect, it } from 'vitest';
import { phaseThroughput, ratioOf, summarize, throughputOf } from './stats';

describe('summarize', () => {
  it('gives the median and the range of the samples', () => {
    expect(summarize([5, 1, 3])).toEqual({ median: 3, low: 1, high: 5, n: 3 });
    expect(summarize([4, 1, 3, 10])).toEqual({ median: 3.5, low: 1, high: 10, n: 4 });
  });

  it('ignores samples that are not numbers and has nothing to say about none', () => {
    expect(summarize([NaN, 2, Infinity])).toEqual({ median: 2, low: 2, high: 2, n: 1 });
    expect(summarize([])).toBeNull();
  });
});

describe('throughputOf', () => {
  it('turns step times into examples per second', () => {
    expect(throughputOf([100, 200, 250], 64)).toEqual({ median: 320, low: 256, high: 640, n: 3 });
  });
});

describe('phaseThroughput', () => {
  it('counts every step over the phase\'s whole time, not the median step', () => {
    // Three steps of 100 ms and one of 500 ms: the median step says 640 examples/s, the phase trained 4 × 64 in 0.8 s.
    expect(phaseThroughput([100, 100, 500, 100], 64)).toBe(320);
    expect(throughputOf([100, 100, 500, 100], 64)?.median).toBe(640);
  });

  it('has nothing to say about a phase without a timed step', () => {
    expect(phaseThroughput([], 64)).toBeNull();
    expect(phaseThroughput([0], 64)).toBeNull();
  });
});

describe('ratioOf', () => {
  it('divides medians and bounds the spread by the extremes', () => {
    const ratio = ratioOf({ median: 90, low: 80, high: 100, n: 5 }, { median: 100, low: 50, high: 200, n: 3 });
    expect(ratio).toEqual({ median: 0.9, low: 0.4, high: 2, n: 3 });
    expect(ratioOf(null, { median: 1, low: 1, high: 1, n: 1 })).toBeNull();
  });
});
