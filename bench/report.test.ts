import { describe, expect, it } from 'vitest';
import { labVersusBareRows } from './collect';
import type { PageResult } from './page/protocol';
import { GENERATED_END, GENERATED_START, formatMeasured, formatSpread, labOverBareVerdict, markdownTable, renderLabVersusBare, renderVersusTorch, spliceReport } from './report';
import type { LabVersusBare } from './types';

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

describe('the lab against the bare loop', () => {
  const spread = (median: number, low = median, high = median, n = 4) => ({ ok: true as const, value: { median, low, high, n } });
  const row = (over: Partial<LabVersusBare> = {}): LabVersusBare => ({
    backend: 'wasm',
    model: 'mlp',
    batch: 64,
    lab: spread(15_000, 14_000, 16_000),
    bare: spread(21_000, 20_000, 22_000, 5),
    bareThroughput: spread(17_000, 16_000, 18_000, 5),
    ratio: spread(0.76, 0.71, 0.82),
    throughputRatio: spread(0.88, 0.84, 0.93),
    longTasks: { ok: true, value: { count: 0, totalMs: 0, longestMs: 0, seconds: 10 } },
    ...over,
  });

  it('prints the bare phases by throughput and by median step, and both ratios', () => {
    const text = renderLabVersusBare([row()]);
    const header = text.split('\n').find((line) => line.startsWith('| backend'));
    expect(header).toContain('bare examples/s (per phase, throughput)');
    expect(header).toContain('bare examples/s (per phase, median step)');
    expect(header).toContain('lab / bare, throughput');
    expect(header).toContain('lab / bare, median step');
    expect(text).toContain('| wasm | MLP | 64 | 15,000 (14,000–16,000, n=4) | 17,000 (16,000–18,000, n=5) | 21,000 (20,000–22,000, n=5) | 0.88 (0.84–0.93, n=4) (met) | 0.76 (0.71–0.82, n=4) | 0 in 10 s |');
  });

  it('judges the rule on the throughput ratio, not the median step', () => {
    expect(labOverBareVerdict(row())).toBe('met'); // 0.88 by throughput, though 0.76 by the median step
    expect(labOverBareVerdict(row({ ratio: spread(0.9), throughputRatio: spread(0.84) }))).toBe('missed');
    expect(labOverBareVerdict(row({ throughputRatio: spread(0.85) }))).toBe('met');
    expect(renderLabVersusBare([row({ ratio: spread(0.9), throughputRatio: spread(0.84) })])).toContain('| 0.84 (0.84–0.84, n=4) (missed) | 0.90 (0.90–0.90, n=4) |');
  });

  it('gives no verdict on results recorded before the throughput was, and says why a ratio is missing', () => {
    const old = row({ bareThroughput: undefined, throughputRatio: undefined });
    expect(labOverBareVerdict(old)).toBe('n/a: no throughput recorded');
    expect(renderLabVersusBare([old])).toContain('| n/a: not recorded | 21,000 (20,000–22,000, n=5) | n/a: no throughput recorded | 0.76 (0.71–0.82, n=4) |');
    const failed = row({ throughputRatio: { ok: false, reason: 'needs both figures' } });
    expect(renderLabVersusBare([failed])).toContain('| n/a: needs both figures |');
  });

  it('collects both bare figures and both ratios from a page', () => {
    const page: PageResult = {
      backend: 'cpu',
      started: true,
      detail: '',
      engine: [],
      analysis: null,
      done: true,
      lab: [
        {
          model: 'mlp',
          batch: 64,
          lab: [900, 1000],
          bare: [1200, 1300, null],
          bareThroughput: [1000, 1100, null],
          ratios: [900 / 1250, 1000 / 1300],
          throughputRatios: [900 / 1050, 1000 / 1100],
          longTasks: { count: 0, totalMs: 0, longestMs: 0, seconds: 9 },
          backend: 'cpu',
        },
      ],
    };
    const [collected] = labVersusBareRows(page);
    expect(collected.bare).toEqual(spread(1250, 1200, 1300, 2));
    expect(collected.bareThroughput).toEqual(spread(1050, 1000, 1100, 2));
    expect(collected.throughputRatio?.ok && collected.throughputRatio.value.median).toBeCloseTo((900 / 1050 + 1000 / 1100) / 2);
    expect(collected.ratio.ok && collected.ratio.value.median).toBeCloseTo((900 / 1250 + 1000 / 1300) / 2);
    expect(labOverBareVerdict(collected)).toBe('met');
  });
});
