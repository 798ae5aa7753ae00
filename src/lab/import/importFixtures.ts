/** Runs files for the import tests: made by the lab's own exporter, so they are what users import. */
import { defaultConfig } from '../../engine/config/defaults';
import type { EvalPoint } from '../../engine/training/snapshot';
import { exportRunsJson } from '../export/runExport';
import type { RunRecord } from '../history/runRecord';

export const NOW = Date.UTC(2026, 0, 1);

function points(seed: number): EvalPoint[] {
  return [0, 5, 10].map((step, i) => ({
    step,
    epoch: i / 2,
    trainLoss: 1 / (1 + seed + i),
    trainAccuracy: 0.5 + i / 10,
    testLoss: i === 1 ? null : 1.1 / (1 + seed + i),
    testAccuracy: i === 1 ? null : 0.4 + i / 10,
    fractionNonlinear: 1 - i / 4,
    aplNormalized: 2 - i / 2,
    aplUnnormalized: 2 - i / 3,
    lambda: i === 2 ? NaN : 0.1 * i,
  }));
}

/** Run `i`: names with quotes, braces, brackets, backslashes and characters of several bytes. */
export function fixtureRun(i: number): RunRecord {
  const config = defaultConfig();
  return {
    recordVersion: 2,
    id: `r${i}`,
    name: `run ${i} {"a": [1, 2]} \\ ü ✓ 🧪`,
    createdAt: Date.UTC(2025, 0, 1) + i * 1000,
    updatedAt: Date.UTC(2025, 0, 1) + i * 1000,
    config: { ...config, prior: { ...config.prior, lambda: i % 3 }, training: { ...config.training, seed: i + 1 } },
    backend: 'wasm',
    history: points(i),
    gates: [{ name: 'dense 1', slopes: [0, 0.5, 1], fractionNonlinear: 2 / 3 }],
    step: 10,
    totalSteps: 10,
    finished: i % 2 === 0,
    diverged: null,
    source: 'trained',
    group: null,
  };
}

/** An export of `count` runs, as the Runs panel writes it. */
export function fixtureFile(count: number): string {
  return exportRunsJson(Array.from({ length: count }, (_, i) => fixtureRun(i)), 'sweep', new Date(NOW));
}

/** An export whose second run has a bad config value and one bad metric row, and whose third is not a run. */
export function damagedFixtureFile(): string {
  const file = JSON.parse(fixtureFile(3));
  file.formatVersion = 7;
  file.runs[1].config += '&lambda=banana&wat=1';
  file.runs[1].metrics[1] = { step: 'five' };
  file.runs[2] = 42;
  file.runs.push({ name: 'no config' });
  return JSON.stringify(file);
}

/** The text cut into pieces of `size` characters. */
export function piecesOf(text: string, size: number): string[] {
  const pieces: string[] = [];
  for (let at = 0; at < text.length; at += size) pieces.push(text.slice(at, at + size));
  return pieces;
}
