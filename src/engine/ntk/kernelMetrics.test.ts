import { describe, expect, it } from 'vitest';
import { centerKernel, kernelDistance, kernelLabelAlignment } from './kernelMetrics';

describe('kernelDistance', () => {
  it('is 0 for a kernel and a positive multiple of it', () => {
    expect(kernelDistance([1, 2, 2, 5], [3, 6, 6, 15])).toBeCloseTo(0, 12);
  });

  it('is 1 for orthogonal kernels and 2 for opposite ones', () => {
    expect(kernelDistance([1, 0, 0, 0], [0, 0, 0, 1])).toBe(1);
    expect(kernelDistance([1, 0, 0, 1], [-1, 0, 0, -1])).toBeCloseTo(2, 12);
  });

  it('matches a hand computation', () => {
    // <K1, K2> = 2*1 + 1*0 + 1*0 + 2*1 = 4; ||K1|| = sqrt(10); ||K2|| = sqrt(2): 1 - 4 / sqrt(20).
    expect(kernelDistance([2, 1, 1, 2], [1, 0, 0, 1])).toBeCloseTo(1 - 4 / Math.sqrt(20), 12);
  });

  it('is NaN for an all-zero kernel and refuses kernels of different sizes', () => {
    expect(kernelDistance([0, 0, 0, 0], [1, 0, 0, 1])).toBeNaN();
    expect(() => kernelDistance([1], [1, 0, 0, 1])).toThrow(/different sizes/);
  });
});

describe('kernelLabelAlignment', () => {
  it('removes row and column means when centering', () => {
    const c = centerKernel([1, 2, 3, 4]);
    // Means: rows 1.5, 3.5; columns 2, 3; all 2.5.
    expect(Array.from(c)).toEqual([1 - 1.5 - 2 + 2.5, 2 - 1.5 - 3 + 2.5, 3 - 3.5 - 2 + 2.5, 4 - 3.5 - 3 + 2.5]);
  });

  it('is 1 for the label kernel itself, whatever constant is added', () => {
    const labels = [0, 1, 0, 1];
    const k = Array.from({ length: 16 }, (_, e) => (labels[Math.floor(e / 4)] === labels[e % 4] ? 3 : 0) + 7);
    expect(kernelLabelAlignment(k, labels)).toBeCloseTo(1, 12);
  });

  it('is 0 for a kernel that only sees a feature unrelated to the labels', () => {
    // Feature v = [1, 1, -1, -1] against labels [0, 1, 0, 1]: the centered label kernel is
    // u u^T with u = [1, -1, 1, -1] / 2, and <v v^T, u u^T> = (u . v)^2 = 0.
    const v = [1, 1, -1, -1];
    const k = Array.from({ length: 16 }, (_, e) => v[Math.floor(e / 4)] * v[e % 4]);
    expect(kernelLabelAlignment(k, [0, 1, 0, 1])).toBeCloseTo(0, 12);
  });
});
