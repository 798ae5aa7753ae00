import { describe, expect, it } from 'vitest';
import { coreLabelPlan, labelRow } from './coreLabels';
import { formatWidths } from './CoreNetworkPanel';

const CHAR = 7.5;

/** The labels' horizontal extents on each row never overlap. */
function overlaps(names: string[], spacing: number): boolean {
  const plan = coreLabelPlan(names, spacing);
  const rows: [number, number][][] = [[], []];
  names.forEach((name, i) => {
    const row = labelRow(plan, i);
    if (row === null) return;
    const text = Math.max(name.length, plan.shortCounts ? 5 : 15) * CHAR;
    rows[row].push([i * spacing - text / 2, i * spacing + text / 2]);
  });
  return rows.some((r) => r.some((a, k) => k > 0 && a[0] < r[k - 1][1]));
}

describe('core graph labels', () => {
  it('keep full labels in one row for a 3-layer MLP', () => {
    expect(coreLabelPlan(['dense1', 'dense2', 'dense3'], 290)).toMatchObject({ rows: 1, every: 1, shortCounts: false, bundleText: 'full' });
  });

  it('never overlap for an 18-block residual net (37 gated layers on 580 units)', () => {
    const names = ['dense1', ...Array.from({ length: 18 }, (_, b) => [`block${b + 1}.a`, `block${b + 1}.add`]).flat()];
    const spacing = 580 / (names.length - 1);
    const plan = coreLabelPlan(names, spacing);
    expect(plan.rows).toBe(2);
    expect(plan.every).toBeGreaterThan(1);
    expect(plan.bundleText).toBe('none');
    expect(overlaps(names, spacing)).toBe(false);
    // Without the plan (every full label in one row) they would.
    expect(names.length * 15 * CHAR > 580).toBe(true);
  });

  it('stagger before skipping: six layers of 12 still label every column', () => {
    const names = ['dense1', 'dense2', 'dense3', 'dense4', 'dense5', 'dense6', 'dense7', 'dense8', 'dense9', 'dense10'];
    const spacing = 580 / 9;
    const plan = coreLabelPlan(names, spacing);
    expect(plan.every).toBe(1);
    expect(overlaps(names, spacing)).toBe(false);
  });
});

describe('effective width text', () => {
  it('stays as is for a few layers and collapses repeats for many', () => {
    expect(formatWidths([64, 32, 32])).toBe('64-32-32');
    expect(formatWidths(new Array(54).fill(16))).toBe('16×54');
    expect(formatWidths([8, ...new Array(10).fill(16), 3])).toBe('8-16×10-3');
    expect(formatWidths([])).toBe('–');
  });
});
