import { describe, expect, it } from 'vitest';
import { GENERATED_END, GENERATED_START, formatMeasured, formatSpread, markdownTable, spliceReport } from './report';

describe('report formatting', () => {
  it('writes a median with its range and sample count', () => {
    expect(formatSpread({ median: 1234.4, low: 1000, high: 1500.6, n: 7 })).toBe('1,234 (1,000–1,501, n=7)');
    expect(formatSpread({ median: 0.876, low: 0.8, high: 0.9, n: 3 }, 2)).toBe('0.88 (0.80–0.90, n=3)');
  });

  it('says why a figure is missing', () => {
    expect(formatMeasured({ ok: false, reason: 'not finished within the time budget (45 s)' }, String)).toBe('n/a: not finished within the time budget (45 s)');
    expect(formatMeasured({ ok: true, value: 3 }, (v) => `${v} s`)).toBe('3 s');
  });

  it('builds a Markdown table and escapes pipes in cells', () => {
    expect(markdownTable(['a', 'b'], [['1', 'x|y']])).toBe('| a | b |\n| --- | --- |\n| 1 | x\\|y |');
  });

  it('replaces only the generated part of the document', () => {
    const doc = `# Benchmarks\n\nintro\n\n${GENERATED_START}\nold\n${GENERATED_END}\n\n## Notes\nkept`;
    const next = spliceReport(doc, `${GENERATED_START}\nnew\n${GENERATED_END}`);
    expect(next).toBe(`# Benchmarks\n\nintro\n\n${GENERATED_START}\nnew\n${GENERATED_END}\n\n## Notes\nkept`);
    expect(spliceReport('# Benchmarks', 'gen')).toBe('# Benchmarks\n\ngen\n');
  });
});
