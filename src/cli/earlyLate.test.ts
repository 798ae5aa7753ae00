import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { parseEarlyLateArgs } from './earlyLateArgs';

describe('npm run early-late arguments', () => {
  it('takes a config with optional λ and seed lists', () => {
    expect(parseEarlyLateArgs(['?v=1&data=xor'])).toEqual({ source: '?v=1&data=xor', lambdas: null, seeds: null, budget: true });
    expect(parseEarlyLateArgs(['c.json', '--lambdas', '20,25', '--seeds', '1, 2,3'])).toEqual({ source: 'c.json', lambdas: [20, 25], seeds: [1, 2, 3], budget: true });
    expect(parseEarlyLateArgs(['c.json', '--no-budget'])).toEqual({ source: 'c.json', lambdas: null, seeds: null, budget: false });
  });

  it('names what is wrong', () => {
    expect(parseEarlyLateArgs([])).toEqual({ error: 'missing config: give a config.json path or a share link' });
    expect(parseEarlyLateArgs(['c.json', '--lambdas', '20,x'])).toEqual({ error: '--lambdas takes a comma-separated list, e.g. --lambdas 20,25; got 20,x' });
    expect(parseEarlyLateArgs(['c.json', '--seeds'])).toEqual({ error: '--seeds takes a comma-separated list, e.g. --seeds 1,2,3; got nothing' });
    expect(parseEarlyLateArgs(['c.json', '--lambdas', '-3'])).toMatchObject({ error: expect.stringContaining('got -3') });
    expect(parseEarlyLateArgs(['c.json', '--fast'])).toEqual({ error: 'unknown option --fast' });
    expect(parseEarlyLateArgs(['a.json', 'b.json'])).toEqual({ error: 'one config at a time; got a.json and b.json' });
  });
});

describe('npm run early-late', () => {
  it('trains early and late for each seed and prints one gap row each, then the median', () => {
    const link = 'v=1&data=xor&points=200&hidden=6-6&lr=0.01&bs=32&epochs=4&eval=5&lambda=30&ton=2&tunit=epoch';
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/earlyLate.ts', link, '--seeds', '1,2'], { encoding: 'utf8', timeout: 90_000 });
    expect(result.status, result.stderr).toBe(0);
    const lines = result.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(3);
    expect(lines.slice(0, 2).map((r) => [r.lambda, r.seed])).toEqual([[30, 1], [30, 2]]);
    for (const row of lines.slice(0, 2)) {
      expect(row.matched).toBe('matched');
      expect(row.gapPoints).toBeCloseTo((row.late - row.early) * 100, 6);
    }
    expect(lines[2].runs).toBe(2);
  });

  it('refuses a bad config link with a clear message and exit code 2', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/earlyLate.ts', 'no-such-file.json'], { encoding: 'utf8', timeout: 30_000 });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('no such config file: no-such-file.json');
  });
});
