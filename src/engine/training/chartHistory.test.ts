import { describe, expect, it } from 'vitest';
import { appendToChartHistory, CHART_HISTORY_LIMIT, thinKeepingExtremes } from './chartHistory';
import type { EvalPoint } from './snapshot';

function point(step: number, over: Partial<EvalPoint> = {}): EvalPoint {
  const t = step / 1000;
  return {
    step,
    epoch: step / 100,
    trainLoss: 2 * Math.exp(-t) + 0.1 * Math.sin(step / 37),
    trainAccuracy: 1 - Math.exp(-t),
    testLoss: step % 3 === 0 ? 2 * Math.exp(-t) : null,
    testAccuracy: step % 3 === 0 ? 1 - Math.exp(-t) - 0.05 * Math.cos(step / 53) : null,
    fractionNonlinear: Math.max(0, 1 - t / 100),
    aplNormalized: 3 * Math.max(0, 1 - t / 100),
    aplUnnormalized: 3 * Math.max(0, 1 - t / 100),
    lambda: 1,
    ...over,
  };
}

describe('chart history', () => {
  it('keeps every point while under the limit', () => {
    const points = Array.from({ length: 50 }, (_, i) => point(i));
    expect(appendToChartHistory(points.slice(0, 20), points.slice(20), 100)).toEqual(points);
  });

  it('stays within the limit over 100,000 evaluations, keeping the first, the last and every extreme', () => {
    let history: EvalPoint[] = [];
    let lowestLoss = point(0);
    let bestAccuracy = point(0);
    const spike = 61_234;
    let longest = 0;
    let last = 0;
    for (let step = 0; step < 100_000; step += 7) {
      const batch = Array.from({ length: 7 }, (_, i) => point(step + i, step + i === spike ? { trainLoss: 50 } : {}));
      for (const p of batch) {
        if (p.trainLoss < lowestLoss.trainLoss) lowestLoss = p;
        if ((p.testAccuracy ?? -1) > (bestAccuracy.testAccuracy ?? -1)) bestAccuracy = p;
      }
      history = appendToChartHistory(history, batch);
      last = batch[6].step;
      longest = Math.max(longest, history.length);
    }
    expect(longest).toBeLessThanOrEqual(CHART_HISTORY_LIMIT);
    expect(history.length).toBeGreaterThan(CHART_HISTORY_LIMIT / 10);
    expect(history[0].step).toBe(0);
    expect(history.at(-1)?.step).toBe(last);
    expect(history.map((p) => p.step)).toEqual([...history.map((p) => p.step)].sort((a, b) => a - b));
    expect(history).toContain(lowestLoss);
    expect(history).toContain(bestAccuracy);
    expect(history.find((p) => p.step === spike)?.trainLoss).toBe(50);
  });

  it('thins to the target even when every point is an extreme of something', () => {
    const zigzag = Array.from({ length: 5000 }, (_, i) => point(i, { trainLoss: i % 2, testAccuracy: (i + 1) % 2, aplNormalized: i % 3 }));
    const thinned = thinKeepingExtremes(zigzag, 100);
    expect(thinned.length).toBeLessThanOrEqual(100);
    expect(thinned[0]).toBe(zigzag[0]);
    expect(thinned.at(-1)).toBe(zigzag.at(-1));
    expect(new Set(thinned.map((p) => p.trainLoss))).toEqual(new Set([0, 1]));
  });
});
