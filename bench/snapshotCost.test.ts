import { describe, expect, it } from 'vitest';
import type { SnapshotCostAt } from './page/snapshotCost';
import { renderSnapshotCostBlock, SNAPSHOT_COST_END, SNAPSHOT_COST_START } from './snapshotCost';

const spread = (median: number) => ({ median, low: median / 2, high: median * 2, n: 30 });
const row = (step: number, perSnapshot: number, save: number): SnapshotCostAt => ({
  step, snapshots: 30, evaluationsPerSnapshot: 10,
  buildMs: spread(0.3), sendMs: spread(0.2), applyMs: spread(0.1), totalMs: spread(perSnapshot), saveMs: spread(save),
  bytes: 26_000, chartPoints: 800, recordPoints: 800,
});

describe('cost-per-snapshot block of BENCHMARKS.md', () => {
  it('has a row per step and a last row of late over early for every part', () => {
    const block = renderSnapshotCostBlock({ date: 'd', machine: { cpus: 2, cpuModel: 'test', loadAverage: [1, 1, 1] }, backend: 'wasm', rows: [row(500, 0.6, 10), row(20_000, 0.66, 30)] });
    expect(block.startsWith(SNAPSHOT_COST_START) && block.endsWith(SNAPSHOT_COST_END)).toBe(true);
    expect(block).toContain('| 500 | 800 / 800 | 26,000 | 0.30 (0.15–0.60, n=30) |');
    // per snapshot 0.66 / 0.6, save 30 / 10.
    expect(block).toContain('| 20,000 / 500 |  | 1.00 | 1.00 | 1.00 | 1.00 | 1.10 | 3.00 |');
  });
});
