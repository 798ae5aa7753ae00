/**
 * Fits the step-time model (src/engine/config/stepTimeModel.ts) to the training throughput in
 * bench/results.json and rewrites its table: per backend, the fixed cost per step and the dense and
 * convolution FLOP rates that fit all of its MLP and CNN rows at once (fitSpeeds).
 * Usage: npx tsx scripts/calibrateStepTime.ts [results.json]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { stepFlopSplit } from '../src/engine/config/budget';
import { defaultConfig } from '../src/engine/config/defaults';
import type { BackendSpeed } from '../src/engine/config/stepTimeModel';

interface Row {
  backend: string;
  model: 'mlp' | 'cnn';
  batch: number;
  examplesPerSecond: { ok: boolean; value?: { median: number } };
}

/** The bench's configs: the lab's default model of each kind (bench/measure/engineThroughput.ts). */
function flops(model: 'mlp' | 'cnn', batch: number): { dense: number; conv: number } {
  const config = defaultConfig();
  config.model.kind = model;
  config.training.batchSize = batch;
  return stepFlopSplit(config);
}

/**
 * Per backend, the non-negative (overhead, ms per dense FLOP, ms per conv FLOP) whose estimates are
 * closest to every measured step in relative terms (least squares of estimate / measured - 1, the
 * test's own measure), found by trying each set of free parameters (an active-set NNLS on 3
 * unknowns). Where the best fit makes dense FLOPs free (the MLP's step did not grow with its batch:
 * all fixed cost at these sizes), the dense rate is the slowest that keeps every row within
 * MODEL_TOLERANCE, so an estimate for a large MLP errs long rather than calling its products free.
 */
export function fitSpeeds(rows: Row[]): Record<string, BackendSpeed> {
  const ms = (r: Row) => (r.batch * 1000) / (r.examplesPerSecond.value as { median: number }).median;
  const usable = rows.filter((r) => r.examplesPerSecond.ok && r.examplesPerSecond.value);
  const speeds: Record<string, BackendSpeed> = {};
  for (const backend of [...new Set(usable.map((r) => r.backend))]) {
    const mine = usable.filter((r) => r.backend === backend);
    if (!mine.some((r) => r.model === 'mlp') || !mine.some((r) => r.model === 'cnn')) continue;
    // Each row: [1, dense, conv] / measured ms, against a target of 1.
    const features = mine.map((r) => {
      const f = flops(r.model, r.batch);
      return [1, f.dense, f.conv].map((x) => x / ms(r));
    });
    let [overhead, perDense, perConv] = nonNegativeFit(features);
    if (perDense === 0) [overhead, perDense, perConv] = slowestDenseRateWithin(features, MODEL_TOLERANCE);
    speeds[backend] = { overheadMs: round(overhead), denseFlopsPerMs: round(1 / perDense), convFlopsPerMs: round(1 / perConv) };
  }
  return speeds;
}

/** The accuracy stepTimeModel.test.ts holds the model to is 1.5x; the fit keeps a margin. */
const MODEL_TOLERANCE = 1.4;

/** The largest ms per dense FLOP (by bisection) whose refit of the other two keeps every row within tolerance. */
function slowestDenseRateWithin(a: number[][], tolerance: number): number[] {
  const fitWith = (perDense: number) => {
    // Row i, with the dense part fixed: [o, c] . [1, conv] / m = 1 - dense * perDense / m.
    const rest = a.map(([, d]) => 1 - d * perDense);
    if (rest.some((r) => r <= 0)) return null;
    const [overhead, perConv] = nonNegativeFit(a.map(([o, , c], i) => [o / rest[i], c / rest[i]]));
    const x = [overhead, perDense, perConv];
    const worst = Math.max(...a.map((row) => { const e = row.reduce((s, v, j) => s + v * x[j], 0); return Math.max(e, 1 / e); }));
    return worst <= tolerance ? x : null;
  };
  let low = 0;
  let high = Math.min(...a.map(([, d]) => (d > 0 ? 1 / d : Infinity)));
  let best = fitWith(low);
  for (let i = 0; i < 60 && best; i++) {
    const mid = (low + high) / 2;
    const x = fitWith(mid);
    if (x) [low, best] = [mid, x];
    else high = mid;
  }
  if (!best || best[1] === 0) throw new Error('no dense rate keeps the step times within tolerance');
  return best;
}

/**
 * argmin ||A x - 1|| over x >= 0, the last unknown kept free of zero (a conv rate must exist). Of
 * equally good fits, the one with more unknowns resolved, the second (the dense rate) first.
 */
export function nonNegativeFit(a: number[][]): number[] {
  const n = a[0].length;
  let best: { x: number[]; residual: number } | null = null;
  const masks = [...Array(1 << n).keys()].filter((mask) => mask & (1 << (n - 1)));
  const size = (mask: number) => mask.toString(2).replaceAll('0', '').length + (n > 1 && mask & 2 ? 0.5 : 0);
  for (const mask of masks.sort((x, y) => size(y) - size(x))) {
    const free = [...Array(n).keys()].filter((j) => mask & (1 << j));
    const solved = leastSquares(a.map((row) => free.map((j) => row[j])));
    if (!solved || solved.some((v) => !(v >= 0))) continue;
    const x = new Array<number>(n).fill(0);
    free.forEach((j, k) => (x[j] = solved[k]));
    const residual = a.reduce((sum, row) => sum + (row.reduce((s, v, j) => s + v * x[j], 0) - 1) ** 2, 0);
    if (!best || residual < best.residual - 1e-12) best = { x, residual };
  }
  if (!best || best.x[n - 1] === 0) throw new Error('no non-negative fit of the step times');
  return best.x;
}

/** Unconstrained least squares of A x = 1 by the normal equations (columns scaled for conditioning). */
function leastSquares(a: number[][]): number[] | null {
  const k = a[0].length;
  const scale = [...Array(k).keys()].map((j) => Math.max(...a.map((row) => Math.abs(row[j]))) || 1);
  const m = a.map((row) => row.map((v, j) => v / scale[j]));
  const ata = [...Array(k).keys()].map((i) => [...Array(k).keys()].map((j) => m.reduce((s, row) => s + row[i] * row[j], 0)));
  const atb = [...Array(k).keys()].map((i) => m.reduce((s, row) => s + row[i], 0));
  // Gaussian elimination with partial pivoting on the k x k system.
  for (let c = 0; c < k; c++) {
    let p = c;
    for (let r = c + 1; r < k; r++) if (Math.abs(ata[r][c]) > Math.abs(ata[p][c])) p = r;
    if (Math.abs(ata[p][c]) < 1e-12) return null;
    [ata[c], ata[p]] = [ata[p], ata[c]];
    [atb[c], atb[p]] = [atb[p], atb[c]];
    for (let r = c + 1; r < k; r++) {
      const f = ata[r][c] / ata[c][c];
      for (let j = c; j < k; j++) ata[r][j] -= f * ata[c][j];
      atb[r] -= f * atb[c];
    }
  }
  const y = new Array<number>(k).fill(0);
  for (let r = k - 1; r >= 0; r--) {
    let s = atb[r];
    for (let j = r + 1; j < k; j++) s -= ata[r][j] * y[j];
    y[r] = s / ata[r][r];
  }
  return y.map((v, j) => v / scale[j]);
}

function round(x: number): number {
  return Number(x.toPrecision(3));
}

if (process.argv[1]?.endsWith('calibrateStepTime.ts')) {
  const file = process.argv[2] ?? 'bench/results.json';
  const results = JSON.parse(readFileSync(file, 'utf8')) as { date: string; throughput: Row[] };
  const speeds = fitSpeeds(results.throughput);
  const table = Object.entries(speeds)
    .map(([name, s]) => `  '${name}': { overheadMs: ${s.overheadMs}, denseFlopsPerMs: ${s.denseFlopsPerMs}, convFlopsPerMs: ${s.convFlopsPerMs} },`)
    .join('\n');
  const target = 'src/engine/config/stepTimeModel.ts';
  const source = readFileSync(target, 'utf8');
  const generated =
    `// GENERATED by scripts/calibrateStepTime.ts from bench/results.json\n` +
    `export const CALIBRATED_AT = '${results.date}';\n` +
    `export const BACKEND_SPEEDS: Record<string, BackendSpeed> = {\n${table}\n};\n` +
    `// END GENERATED`;
  writeFileSync(target, source.replace(/\/\/ GENERATED[\s\S]*?\/\/ END GENERATED/, generated));
  process.stdout.write(generated + '\n');
}
