import { describe, expect, it } from 'vitest';
import { GENERATED_END, GENERATED_START, formatMeasured, formatSpread, markdownTable, renderVersusTorch, spliceReport } from './report';

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

describe('the lab against PyTorch', () => {
  it('says so when PyTorch is not installed, and why', () => {
    const text = renderVersusTorch({ available: false, reason: 'No Python with PyTorch found (tried /usr/bin/python3): install python3-torch' });
    expect(text).toContain('Not measured: No Python with PyTorch found');
  });

  it('states the threads on both sides and judges each ratio against its target', () => {
    const s = (median: number) => ({ median, low: median * 0.9, high: median * 1.1, n: 3 });
    const row = (label: string, target: number, ratio: number) => ({ id: 'cnn', label, batch: 64, target, lab: s(1000), torch: s(1000 / ratio), torchAllCores: s(800), ratio: s(ratio), ratioAllCores: s(1.25) });
    const text = renderVersusTorch({ available: true, torch: '1.13.0', torchThreads: 1, allCores: 2, labDetail: 'started, 1 thread(s)', rounds: 3, rows: [row('CNN', 1.0, 1.2), row('MLP', 1.5, 1.2)] });
    expect(text).toContain('torch.get_num_threads() = 1');
    expect(text).toContain('started, 1 thread(s)');
    expect(text).toMatch(/\| CNN \| 64 \|[^\n]*\| 1\.20 \(1\.08–1\.32, n=3\) \| 1\.0× \(met\) \|/);
    expect(text).toMatch(/\| MLP \| 64 \|[^\n]*\| 1\.5× \(missed\) \|/);
  });
});
