/** The run lists of the tangent-kernel comparisons (Compare tab), and what their results read. */
import type { ExperimentConfig } from '../config/types';
import { kernelCurve } from '../ntk/kernelCurve';
import type { EvalPoint } from '../training/snapshot';
import { finalTestAccuracy, withWidth } from './linearizationGrid';

export interface KernelRunSpec {
  id: string;
  label: string;
  config: ExperimentConfig;
  linearizeAt?: number | null;
  /** Width sweep: the hidden width of this run. */
  width?: number;
}

/** The real network, then the network linearized at each step of `steps`. */
export function linearizationRuns(base: ExperimentConfig, steps: readonly number[]): KernelRunSpec[] {
  return [
    { id: 'real', label: 'real network', config: base, linearizeAt: null },
    ...steps.map((t) => ({ id: `lin${t}`, label: `linearized at step ${t}`, config: base, linearizeAt: t })),
  ];
}

export function widthRuns(base: ExperimentConfig, widths: readonly number[]): KernelRunSpec[] {
  return widths.map((w) => ({ id: `width${w}`, label: `width ${w}`, config: withWidth(base, w), width: w }));
}

/** A comma-separated list of whole numbers >= min, or the problem with it. */
export function parseStepList(text: string, min: number, name: string): number[] | string {
  const items = text.split(',').map((s) => s.trim()).filter(Boolean).map(Number);
  if (items.length === 0 || items.some((n) => !Number.isInteger(n) || n < min)) return `${name}: give whole numbers of at least ${min}, separated by commas.`;
  if (items.length > 8) return `${name}: at most 8 values.`;
  return [...new Set(items)].sort((a, b) => a - b);
}

export interface ResultPoint {
  x: number;
  y: number;
}

/** Final test accuracy of each finished linearized run against its step, and the real run's. */
export function linearizationPoints(runs: readonly { spec: KernelRunSpec; history: EvalPoint[]; finished: boolean }[]): { linearized: ResultPoint[]; real: number | null } {
  const done = runs.filter((r) => r.finished);
  const real = done.find((r) => (r.spec.linearizeAt ?? null) === null);
  return {
    linearized: done.flatMap((r) => {
      const y = finalTestAccuracy(r.history);
      return r.spec.linearizeAt != null && y !== null ? [{ x: r.spec.linearizeAt, y }] : [];
    }),
    real: real ? finalTestAccuracy(real.history) : null,
  };
}

/** The kernel's last distance from init of each finished run against its width. */
export function widthPoints(runs: readonly { spec: KernelRunSpec; history: EvalPoint[]; finished: boolean }[]): ResultPoint[] {
  return runs.flatMap((r) => {
    const last = kernelCurve(r.history).at(-1);
    return r.finished && r.spec.width !== undefined && last ? [{ x: r.spec.width, y: last.distance }] : [];
  });
}
