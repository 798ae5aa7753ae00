import { describe, expect, it } from 'vitest';
import { LATE_RATIO_END, LATE_RATIO_START, lateOverEarly, renderLateRatioBlock, type LateRatioResults } from './lateRatio';
import type { LateBlock, LateLabResult } from './page/lateLabRun';
import { spliceBlock } from './reportBlock';

const block = (lab: number[], bare: number[], first: number, last: number, chartPoints: number): LateBlock => ({
  lab,
  bare,
  // lab[i] over the mean of bare[i] and bare[i + 1], as measure/interleaved.ts computes them.
  ratios: lab.map((rate, i) => rate / ((bare[i] + bare[i + 1]) / 2)),
  steps: { first, last },
  snapshots: 20,
  snapshotsPerSecond: 3.5,
  cpuPerStep: { lab: chartPoints > 100 ? 12 : 10, bare: 9 },
  mainThread: { processMs: 0, cpuMs: 20 * chartPoints, taskMs: 30 * chartPoints, scriptMs: 10 * chartPoints, layoutMs: 4 * chartPoints },
  chartPoints,
  recordPoints: chartPoints,
  longTasks: { count: 1, totalMs: 60, longestMs: 60, seconds: 6 },
  seconds: 15,
});

const result = (late: LateBlock | null): LateLabResult => ({
  model: 'mlp',
  batch: 64,
  run: 'mnist, MLP 784-64-64-64-10, batch 64',
  backend: 'wasm',
  rounds: 2,
  phaseMs: 1000,
  earlyStart: 350,
  lateOffset: 19_500,
  // ratios 0.9 and 0.9
  early: block([900, 900], [1000, 1000, 1000], 310, 820, 7),
  late,
  between: { steps: 18_700, seconds: 187 },
});

const results = (res: LateLabResult | null, reason?: string): LateRatioResults => ({
  date: 'd',
  machine: { cpus: 2, cpuModel: 'test cpu', loadAverage: [4.15, 3.4, 3.7], loadAverageAtEnd: [5, 4, 3] },
  browser: 'Chromium 1 (headless)',
  backend: 'wasm',
  result: res,
  reason,
  durationSeconds: 240,
});

describe('late over early of the lab/bare ratio', () => {
  it('is the late block median ratio over the early one, with the range from the extremes', () => {
    // late ratios 0.72 and 0.9: median 0.81; early 0.9 and 0.9.
    const ratio = lateOverEarly(result(block([720, 900], [1000, 1000, 1000], 19_810, 20_400, 224)));
    expect(ratio?.median).toBeCloseTo(0.9, 6);
    expect(ratio?.low).toBeCloseTo(0.8, 6);
    expect(ratio?.high).toBeCloseTo(1, 6);
  });
  it('is missing when a block is', () => {
    expect(lateOverEarly(result(null))).toBeNull();
  });
});

describe('early-and-late block of BENCHMARKS.md', () => {
  it('has a row per block with where in the run it was, and late over early', () => {
    const text = renderLateRatioBlock(results(result(block([720, 900], [1000, 1000, 1000], 19_810, 20_400, 224))));
    expect(text.startsWith(LATE_RATIO_START) && text.endsWith(LATE_RATIO_END)).toBe(true);
    expect(text).toContain('| early | 310–820 | 900 (900–900, n=2) | 1,000 (1,000–1,000, n=3) | 0.90 (0.90–0.90, n=2) | 10.00 / 9.00 (0.90) | 3.5 | 7.0 / 10.5 / 3.5 / 1.4 | 7 / 7 | 1 in 6 s (longest 60 ms) |');
    expect(text).toContain('| late | 19,810–20,400 | 810 (720–900, n=2) |');
    // CPU per step, bare / lab: 9 / 12 late over 9 / 10 early; the page's CPU per snapshot: 20 · 224 / 20 over 20 · 7 / 20.
    expect(text).toContain('| late | 19,810–20,400 | 810 (720–900, n=2) | 1,000 (1,000–1,000, n=3) | 0.81 (0.72–0.90, n=2) | 12.00 / 9.00 (0.75) |');
    expect(text).toContain('| late / early |  |  |  | 0.90 (0.80–1.00, n=2) | 0.83 |  | CPU 32.00 |');
    expect(text).toContain('load average 4.2 / 3.4 / 3.7 at the start, 5.0 / 4.0 / 3.0 at the end');
    expect(text).toContain('Between the blocks the lab trained 18,700 steps in 187 s (100 steps/s).');
  });
  it('says why when nothing was measured, and why a late block came early', () => {
    expect(renderLateRatioBlock(results(null, 'WASM did not start: no'))).toContain('Not measured: WASM did not start: no.');
    const short = { ...result(block([900], [1000, 1000], 9_000, 9_300, 100)), reason: 'the lab reached step 9,000, not 19,810, within the time budget' };
    const text = renderLateRatioBlock(results(short));
    expect(text).toContain('| late | 9,000–9,300 |');
    expect(text).toContain('Note: the lab reached step 9,000, not 19,810, within the time budget.');
  });
  it('replaces only its own block', () => {
    const doc = `# Benchmarks\n\n${LATE_RATIO_START}\nold\n${LATE_RATIO_END}\n\nkept`;
    expect(spliceBlock(doc, `${LATE_RATIO_START}\nnew\n${LATE_RATIO_END}`, LATE_RATIO_START, LATE_RATIO_END)).toBe(`# Benchmarks\n\n${LATE_RATIO_START}\nnew\n${LATE_RATIO_END}\n\nkept`);
  });
});
