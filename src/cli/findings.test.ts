import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseFindingsArgs } from './findings/args';

describe('npm run findings arguments', () => {
  it('defaults to four seeds, every claim and one worker per core', () => {
    expect(parseFindingsArgs([], 2)).toEqual({ seeds: [1, 2, 3, 4], claims: null, workers: 2, out: 'docs/findings.md', maxSteps: null, cacheDir: '.findings-cache', fresh: false });
    expect(parseFindingsArgs(['--seeds', '5,6', '--claims', 'collapse', '--workers', '1', '--fresh'], 2)).toMatchObject({ seeds: [5, 6], claims: ['collapse'], workers: 1, fresh: true });
  });

  it('refuses what it cannot use', () => {
    expect(parseFindingsArgs(['--seeds', 'a'], 2)).toEqual({ error: '--seeds takes whole numbers ≥ 1, got "a"' });
    expect(parseFindingsArgs(['--bogus'], 2)).toEqual({ error: 'unknown argument --bogus' });
    expect(parseFindingsArgs(['--out'], 2)).toEqual({ error: '--out needs a value' });
  });
});

describe('npm run findings', () => {
  it('trains a claim\'s runs on two worker processes, caches them and writes the report and its numbers', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nll-findings-'));
    const out = join(dir, 'findings.md');
    const cache = join(dir, 'cache');
    const run = () =>
      spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/findings.ts', '--claims', 'harder-task', '--seeds', '1', '--max-steps', '2', '--workers', '2', '--out', out, '--cache', cache], {
        encoding: 'utf8',
        timeout: 120_000,
      });
    const first = run();
    expect(first.status, first.stderr).toBe(0);
    expect(first.stderr).toContain('training 8 runs on 2 workers');
    // 2 task pairs x 2 λ x 1 seed, each run once, kept for the next invocation.
    expect(readdirSync(cache)).toHaveLength(8);
    const report = readFileSync(out, 'utf8');
    expect(report).toContain('## A harder task keeps a bigger core');
    expect(report).toContain('| 5 spiral arms vs 3 spiral arms | 10 |');
    const numbers = JSON.parse(readFileSync(join(dir, 'findings.json'), 'utf8'));
    expect(Object.keys(numbers.claims)).toEqual(['harder-task']);
    expect(numbers.claims['harder-task'].measurements['spirals5 λ 10 final APL'].n).toBe(1);
    const again = run();
    expect(again.status, again.stderr).toBe(0);
    expect(again.stderr).not.toContain('training');
  });

  it('trains a linearized run apart from the real one, and trains again a cached run without the kernel a claim reads', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nll-findings-'));
    const cache = join(dir, 'cache');
    const run = () =>
      spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/findings.ts', '--claims', 'linearize', '--seeds', '1', '--max-steps', '2', '--workers', '2', '--out', join(dir, 'findings.md'), '--cache', cache], {
        encoding: 'utf8',
        timeout: 150_000,
      });
    const first = run();
    expect(first.status, first.stderr).toBe(0);
    // Per task (three and five spiral arms) the real network and one run per linearization step: 0 and 1500.
    expect(first.stderr).toContain('training 6 runs on 2 workers');
    const files = readdirSync(cache).map((f) => join(cache, f));
    const stored = files.map((f) => JSON.parse(readFileSync(f, 'utf8')) as { link: string; linearizeAt?: number; outcome: { history: { ntkDistance?: number }[] } });
    expect(stored.map((s) => s.linearizeAt ?? null).sort()).toEqual([0, 0, 1500, 1500, null, null]);
    // A real run cached before the kernel was measured: the claim reads the kernel, so it is trained again.
    const real = stored.findIndex((s) => s.linearizeAt === undefined);
    expect(stored[real].outcome.history.some((p) => typeof p.ntkDistance === 'number')).toBe(true);
    for (const p of stored[real].outcome.history) delete p.ntkDistance;
    writeFileSync(files[real], JSON.stringify(stored[real]));
    const again = run();
    expect(again.status, again.stderr).toBe(0);
    expect(again.stderr).toContain('training 1 runs on 2 workers');
    expect(JSON.parse(readFileSync(join(dir, 'findings.json'), 'utf8')).claims.linearize.measurements['spirals3 linearized at step 1500 gap'].n).toBe(1);
  }, 320_000);

  it('names the claims it knows when given one it does not', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/findings.ts', '--claims', 'nope'], { encoding: 'utf8', timeout: 60_000 });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('no claim nope; the claims are early-late, harder-task, collapse, core-special, kernel-settle, linearize, widths');
  });
});
