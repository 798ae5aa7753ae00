/**
 * Fort et al.'s experiment: the network linearized in its weights at step t, trained to the end,
 * against the real network, for a grid of t and seeds; and Liu, Zhu & Belkin's: the kernel's
 * distance from init at the end of training against hidden width. Training is passed in, so the
 * CLI runs it on tfjs and tests run it on canned histories.
 */
import type { ExperimentConfig } from '../config/types';
import type { EvalPoint } from '../training/snapshot';

/** Trains `config` (linearized at `linearizeAt` when given) and returns its evaluations. */
export type TrainLinearizable = (config: ExperimentConfig, linearizeAt: number | null) => Promise<EvalPoint[]>;

export interface LinearizationRow {
  seed: number;
  /** Step the network was linearized at; null for the real network. */
  linearizeAt: number | null;
  finalTestAccuracy: number | null;
}

export function finalTestAccuracy(history: readonly EvalPoint[]): number | null {
  return [...history].reverse().find((p) => p.testAccuracy !== null)?.testAccuracy ?? null;
}

/** Per seed: the real run, then one linearized run per step in `steps`. */
export async function measureLinearization(base: ExperimentConfig, steps: readonly number[], seeds: readonly number[], train: TrainLinearizable): Promise<LinearizationRow[]> {
  const rows: LinearizationRow[] = [];
  for (const seed of seeds) {
    const config: ExperimentConfig = { ...base, training: { ...base.training, seed } };
    for (const at of [null, ...steps]) rows.push({ seed, linearizeAt: at, finalTestAccuracy: finalTestAccuracy(await train(config, at)) });
  }
  return rows;
}

export interface LinearizationSummary {
  linearizeAt: number | null;
  /** Median over seeds of the final test accuracy. */
  medianAccuracy: number | null;
  /** Median over seeds of (real − linearized) final test accuracy, in percentage points. */
  medianGapPoints: number | null;
}

export function summarizeLinearization(rows: readonly LinearizationRow[]): LinearizationSummary[] {
  const steps = [...new Set(rows.map((r) => r.linearizeAt))];
  const real = new Map(rows.filter((r) => r.linearizeAt === null).map((r) => [r.seed, r.finalTestAccuracy]));
  return steps.map((at) => {
    const mine = rows.filter((r) => r.linearizeAt === at);
    const gaps = mine.flatMap((r) => {
      const reference = real.get(r.seed);
      return reference != null && r.finalTestAccuracy !== null ? [(reference - r.finalTestAccuracy) * 100] : [];
    });
    return {
      linearizeAt: at,
      medianAccuracy: median(mine.flatMap((r) => (r.finalTestAccuracy === null ? [] : [r.finalTestAccuracy]))),
      medianGapPoints: at === null ? null : median(gaps),
    };
  });
}

export interface WidthRow {
  seed: number;
  width: number;
  /** d(K_0, K_end): the last measured distance from init. */
  finalKernelDistance: number | null;
  finalTestAccuracy: number | null;
}

/** Every hidden layer set to each width in turn (MLPs), per seed. */
export async function measureWidths(base: ExperimentConfig, widths: readonly number[], seeds: readonly number[], train: TrainLinearizable): Promise<WidthRow[]> {
  const rows: WidthRow[] = [];
  for (const seed of seeds) {
    for (const width of widths) {
      const config = withWidth({ ...base, training: { ...base.training, seed } }, width);
      const history = await train(config, null);
      const kernel = [...history].reverse().find((p) => typeof p.ntkDistance === 'number');
      rows.push({ seed, width, finalKernelDistance: kernel?.ntkDistance ?? null, finalTestAccuracy: finalTestAccuracy(history) });
    }
  }
  return rows;
}

/** The config with every hidden layer (MLP) or conv stage (CNN) `width` wide. */
export function withWidth(config: ExperimentConfig, width: number): ExperimentConfig {
  return {
    ...config,
    model: {
      ...config.model,
      hidden: config.model.hidden.map(() => width),
      conv: config.model.conv.map((stage) => ({ ...stage, channels: width })),
    },
  };
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
