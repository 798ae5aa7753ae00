import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseArgs } from './args';
import { configFromCommandLine } from './readConfig';

const LINK = 'v=2&data=spirals&classes=3&points=300&hidden=8-8&lr=0.01&bs=32&epochs=2&eval=4&lambda=20&seed=5';

function runCli(...args: string[]) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/experiment.ts', ...args], {
    encoding: 'utf8',
    timeout: 90_000,
  });
  const lines = result.stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));
  return { status: result.status, lines, stderr: result.stderr };
}

describe('npm run experiment', () => {
  it('prints one JSON object per evaluation and a summary, and reproduces a share link exactly', () => {
    const first = runCli(`http://localhost:5173/?${LINK}`);
    expect(first.status, first.stderr).toBe(0);
    const evaluations = first.lines.slice(0, -1);
    // 300 points, 80% train = 240, batch 32 -> 7 steps/epoch, 2 epochs = 14 steps; at step 0, every 4 steps and at the end.
    expect(evaluations.map((e) => e.step)).toEqual([0, 4, 8, 12, 14]);
    for (const e of evaluations) {
      expect(Object.keys(e)).toEqual(expect.arrayContaining(['step', 'epoch', 'trainLoss', 'testLoss', 'trainAccuracy', 'testAccuracy', 'fractionNonlinear', 'aplNormalized', 'aplUnnormalized']));
      expect(Number.isFinite(e.trainLoss)).toBe(true);
    }
    // The tangent kernel, at the first evaluation and at the end (at most every 100 steps between):
    // moved from init, and its speed since the last measurement.
    // At step 0 it is the kernel at init (distance 0).
    expect(evaluations.map((e) => e.ntkDistance !== undefined)).toEqual([true, false, false, false, true]);
    expect(evaluations[0].ntkDistance).toBe(0);
    const end = evaluations[4];
    expect(end.ntkDistance).toBeGreaterThan(0);
    expect(end.ntkDistance).toBeLessThanOrEqual(2);
    expect(end.ntkVelocity).toBeGreaterThan(0);
    const summary = first.lines.at(-1).summary;
    expect(summary.steps).toBe(14);
    expect(summary.link).toContain('lambda=20');

    const fromConfigFile = join(mkdtempSync(join(tmpdir(), 'nll-')), 'config.json');
    writeFileSync(fromConfigFile, JSON.stringify({ dataset: { kind: 'spirals', classes: 3, points: 300 }, model: { hidden: [8, 8] }, optimizer: { learningRate: 0.01 }, training: { batchSize: 32, epochs: 2, seed: 5 }, prior: { lambda: 20 }, evalEvery: 4 }));
    const second = runCli(fromConfigFile, '--backend', 'cpu');
    expect(second.status, second.stderr).toBe(0);
    // Same config and seed: identical losses, whichever way the config arrives (wasm and cpu agree to float rounding).
    second.lines.slice(0, -1).forEach((e, i) => {
      expect(e.step).toBe(evaluations[i].step);
      expect(e.trainLoss).toBeCloseTo(evaluations[i].trainLoss, 4);
    });
    const again = runCli(LINK);
    expect(again.lines).toEqual(first.lines);
  });

  it('linearizes at the step asked: from there the kernel is no longer measured and the summary says so', () => {
    const { status, lines, stderr } = runCli(LINK, '--linearize-at', '8');
    expect(status, stderr).toBe(0);
    const evaluations = lines.slice(0, -1);
    expect(evaluations.map((e) => e.step)).toEqual([0, 4, 8, 12, 14]);
    expect(evaluations.at(-1)).not.toHaveProperty('ntkDistance');
    expect(Number.isFinite(evaluations.at(-1).testAccuracy)).toBe(true);
    expect(lines.at(-1).summary.linearizedAt).toBe(8);
  });

  it('keeps a v1 link\'s meaning (5 epochs on any dataset) while a v2 link naming only the dataset gets its defaults', () => {
    const v1 = runCli('v=1&data=spirals&points=100&hidden=4');
    expect(v1.status, v1.stderr).toBe(0);
    expect(v1.lines.at(-1).summary.epochs).toBe(5);
    expect(v1.lines.at(-1).summary.link).toContain('epochs=5&');
    const v2 = runCli('v=2&data=spirals&points=100&hidden=4', '--max-steps', '3');
    expect(v2.status, v2.stderr).toBe(0);
    expect(v2.lines.at(-1).summary.link).toContain('epochs=60&');
    expect(v2.lines.at(-1).summary.link).toContain('lr=0.01&');
  });

  it('names bad link fields, uses defaults for them, and still runs', () => {
    const { status, lines, stderr } = runCli('v=2&data=xor&points=1000&lambda=abc&bogus=1&epochs=1&eval=1000', '--max-steps', '2');
    expect(status).toBe(0);
    expect(stderr).toContain('warning: prior.lambda: prior strength λ: "abc" is not a number; using 0');
    expect(stderr).toContain('warning: bogus: unknown setting "bogus"');
    expect(lines.at(-1).summary.steps).toBe(2);
  });

  it('fails with a clear message and exit code 2 on a missing file, bad JSON or a bad option', () => {
    expect(runCli('missing.json')).toMatchObject({ status: 2, lines: [] });
    expect(runCli('missing.json').stderr).toContain('error: no such config file: missing.json');
    const bad = join(mkdtempSync(join(tmpdir(), 'nll-')), 'bad.json');
    writeFileSync(bad, '{ not json');
    expect(runCli(bad).stderr).toContain('is not valid JSON');
    expect(runCli(LINK, '--backend', 'webgpu').stderr).toContain('--backend must be wasm or cpu');
  });
});

describe('a diverging run', () => {
  it('exits with code 3 and writes its NaN values as "NaN", flagged, not as null', () => {
    const { status, lines, stderr } = runCli('v=2&data=spirals&points=300&hidden=64-64-64-64&opt=sgd&lr=1&mom=0.999&bs=8&epochs=3&eval=5', '--backend', 'cpu');
    expect(status, stderr).toBe(3);
    expect(stderr).toMatch(/error: training diverged: The loss became (NaN|Infinity) at step \d+/);
    const last = lines.at(-2);
    expect(last.diverged).toBe(true);
    expect(Object.values(last)).toContain('NaN');
    expect(lines.at(-1).summary.final.diverged).toBe(true);
    expect(lines.at(-1).summary.diverged).toMatch(/loss became/);
    // The last good evaluation is named: the first one, at step 5, was still finite.
    expect(lines.at(-1).summary.lastGoodStep).toBe(5);
  });

  it('exits with code 2 on a link that holds no experiment', () => {
    const { status, stderr } = runCli('http://localhost:5173/');
    expect(status).toBe(2);
    expect(stderr).toContain('has no query');
  });
});

describe("the lab's budget", () => {
  const HUGE = `v=2&data=xor&hidden=${new Array(20).fill(1024).join('-')}`;

  it('a config over the budget is refused with exit code 2, the fields to change and a config that fits', () => {
    const { status, lines, stderr } = runCli(HUGE);
    expect(status).toBe(2);
    expect(lines).toEqual([]);
    expect(stderr).toContain("error: this MLP is over the lab's budget: 20 million parameters (at most 10 million)");
    expect(stderr).toContain('Change MLP hidden widths (hidden=); a config that fits: hidden=512-512-');
    expect(stderr).toContain('or add --no-budget to train it as given');
  });

  it('--no-budget takes the config as given', () => {
    const messages: string[] = [];
    const start = configFromCommandLine(parseArgs([HUGE, '--no-budget']), 'usage', (t) => messages.push(t));
    expect(messages).toEqual([]);
    expect(typeof start === 'object' && start.config.model.hidden).toEqual(new Array(20).fill(1024));
    const refused = configFromCommandLine(parseArgs([HUGE]), 'usage', (t) => messages.push(t));
    expect(refused).toBe(2);
  });
});

describe('argument parsing', () => {
  it('reads the source and options', () => {
    expect(parseArgs(['x.json', '--max-steps', '5', '--backend', 'cpu'])).toEqual({ source: 'x.json', backend: 'cpu', maxSteps: 5, budget: true });
    expect(parseArgs(['--no-budget', 'x.json'])).toEqual({ source: 'x.json', backend: 'wasm', maxSteps: null, budget: false });
    expect(parseArgs([])).toEqual({ error: 'missing config: give a config.json path or a share link' });
    expect(parseArgs(['a', 'b'])).toHaveProperty('error');
    expect(parseArgs(['a', '--max-steps', '-1'])).toHaveProperty('error');
    expect(parseArgs(['a', '--linearize-at', '30'])).toEqual({ source: 'a', backend: 'wasm', maxSteps: null, linearizeAt: 30, budget: true });
    expect(parseArgs(['a', '--linearize-at', 'soon'])).toEqual({ error: '--linearize-at must be a whole number of steps >= 0, got soon' });
  });
});
