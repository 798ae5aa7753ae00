import { describe, expect, it } from 'vitest';
import { logitProjection, probeIndices } from './probes';

const dataset = (count: number) => ({ test: { features: new Uint8Array(0), labels: new Uint8Array(count), count } });

describe('probes', () => {
  it('picks distinct test indices from the seed, the same for the same seed', () => {
    const a = probeIndices(dataset(500), 7, 64);
    expect(a.length).toBe(64);
    expect(new Set(a).size).toBe(64);
    expect(Math.max(...a)).toBeLessThan(500);
    expect(Array.from(probeIndices(dataset(500), 7, 64))).toEqual(Array.from(a));
    expect(Array.from(probeIndices(dataset(500), 8, 64))).not.toEqual(Array.from(a));
  });

  it('takes the whole split when it is smaller than the probe count', () => {
    expect(Array.from(probeIndices(dataset(5), 1, 64))).toEqual([0, 1, 2, 3, 4]);
  });

  it('projects the logits on a unit vector that sums to 0', () => {
    const r = logitProjection(10, 3);
    expect(r.reduce((a, b) => a + b, 0)).toBeCloseTo(0, 6);
    expect(Math.hypot(...r)).toBeCloseTo(1, 6);
    expect(Array.from(logitProjection(10, 3))).toEqual(Array.from(r));
    expect(Array.from(logitProjection(1, 3))).toEqual([1]);
  });
});
