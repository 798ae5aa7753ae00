import { describe, expect, it } from 'vitest';
import { spliceBlock } from '../reportBlock';
import { LONG_RUN_END, LONG_RUN_START, renderLongRunBlock, type LongRunResults } from './longRunReport';
import { summarizeSamples } from './summary';

const MiB = 2 ** 20;
const samples = [4, 9, 8, 8].map((page, i) => ({ t: i * 30, step: i * 1000, pageHeapBytes: page * MiB, workerHeapBytes: 3 * MiB, rendererBytes: 150 * MiB, processBytes: 300 * MiB }));
const results: LongRunResults = {
  date: '2026-12-02T02:40:00.000Z',
  machine: { cpus: 2, cpuModel: 'test', memoryGiB: 8, loadAverage: [1, 1, 1] },
  browser: 'Chromium 1 (headless)',
  query: 'v=2&data=xor',
  minutes: 1.5,
  everySeconds: 30,
  steps: 3000,
  status: 'Training',
  problems: [],
  summary: summarizeSamples(samples),
  samples,
};

describe('long-run block of BENCHMARKS.md', () => {
  it('states first, max and last of each measure, late over early (8 / 9), its bound and whether it stayed within', () => {
    const block = renderLongRunBlock(results);
    expect(block).toContain('| page JS heap | 4.0 MiB | 9.0 MiB | 8.0 MiB | 0.89 | 64.0 MiB | yes |');
    expect(block).toContain('3,000 steps (33 steps/s');
  });

  it('replaces its own block and leaves the rest of the file as it was', () => {
    const file = `# Benchmarks\n\nabove\n\n${LONG_RUN_START}\nold\n${LONG_RUN_END}\n\nbelow\n`;
    const next = spliceBlock(file, `${LONG_RUN_START}\nnew\n${LONG_RUN_END}`, LONG_RUN_START, LONG_RUN_END);
    expect(next).toBe(`# Benchmarks\n\nabove\n\n${LONG_RUN_START}\nnew\n${LONG_RUN_END}\n\nbelow\n`);
    expect(spliceBlock('# B\n', 'X', LONG_RUN_START, LONG_RUN_END)).toBe('# B\n\nX\n');
  });
});
