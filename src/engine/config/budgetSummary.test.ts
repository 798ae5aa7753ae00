import { describe, expect, it } from 'vitest';
import { summarizeBudget } from './budgetSummary';
import { defaultConfig } from './defaults';

describe('the budget as the page shows it', () => {
  it('the default MLP: its parameters, memory against the limit, and time a step on the backend in use', () => {
    const summary = summarizeBudget(defaultConfig(), 'webgl');
    expect(summary.parameters).toBe('59.4 thousand parameters');
    expect(summary.memory).toMatch(/^[\d.]+ MB of 1 GB memory$/);
    expect(summary.stepTime).toMatch(/^≈ [\d.]+ ms a step on WebGL$/);
    expect(summary.over).toEqual([]);
    expect(summary.refusal).toBeNull();
    expect(summary.largestShare).toBeGreaterThan(0);
    expect(summary.largestShare).toBeLessThan(0.1);
  });

  it('before a backend is chosen the time is for WASM; over the budget it says what to change', () => {
    const config = defaultConfig();
    config.model.hidden = new Array<number>(20).fill(1024);
    const summary = summarizeBudget(config, null);
    expect(summary.stepTime).toMatch(/a step on WASM$/);
    expect(summary.over).toEqual(['parameters', 'memory']);
    expect(summary.largestShare).toBeGreaterThan(1);
    expect(summary.refusal).toContain('Change MLP hidden widths (hidden=); a config that fits: hidden=512-');
  });
});
