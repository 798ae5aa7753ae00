/** What a long run's memory samples say: first, largest and last of each measure, and whether each stayed within its bound (pure). */
import type { MemorySample } from './memorySampler';

export type MemoryMeasure = 'pageHeapBytes' | 'workerHeapBytes' | 'rendererBytes' | 'processBytes';

export const MEASURES: { key: MemoryMeasure; label: string }[] = [
  { key: 'pageHeapBytes', label: 'page JS heap' },
  { key: 'workerHeapBytes', label: 'worker JS heap' },
  { key: 'rendererBytes', label: 'renderer process (page + worker)' },
  { key: 'processBytes', label: 'all Chromium processes' },
];

const MiB = 2 ** 20;

/**
 * Fixed bounds, set before the run from what the lab holds by design: the charts' history (2,000
 * points), one open chunk of the evaluation log, the panels, tfjs and its WASM memory in the worker.
 * A leak of one evaluation per step (hundreds of bytes each, thousands of steps a minute) passes
 * them within the hour.
 */
export const MEMORY_BOUNDS: Record<MemoryMeasure, number> = {
  pageHeapBytes: 64 * MiB,
  workerHeapBytes: 64 * MiB,
  rendererBytes: 1024 * MiB,
  processBytes: 2048 * MiB,
};

export interface MeasureSummary {
  first: number;
  max: number;
  last: number;
  /** The mean of the last quarter of the samples over the mean of the second quarter (after warm-up): 1 is flat. */
  lateOverEarly: number | null;
  bound: number;
  withinBound: boolean;
  samples: number;
}

export function summarizeMeasure(samples: readonly MemorySample[], key: MemoryMeasure, bound = MEMORY_BOUNDS[key]): MeasureSummary | null {
  const values = samples.map((s) => s[key]).filter((v): v is number => v !== null && Number.isFinite(v));
  if (values.length === 0) return null;
  const max = Math.max(...values);
  const quarter = Math.floor(values.length / 4);
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const lateOverEarly = quarter >= 1 ? mean(values.slice(-quarter)) / mean(values.slice(quarter, 2 * quarter)) : null;
  return { first: values[0], max, last: values[values.length - 1], lateOverEarly, bound, withinBound: max <= bound, samples: values.length };
}

export function summarizeSamples(samples: readonly MemorySample[]): Partial<Record<MemoryMeasure, MeasureSummary>> {
  const out: Partial<Record<MemoryMeasure, MeasureSummary>> = {};
  for (const { key } of MEASURES) {
    const s = summarizeMeasure(samples, key);
    if (s) out[key] = s;
  }
  return out;
}

export function formatMiB(bytes: number): string {
  return `${(bytes / MiB).toFixed(1)} MiB`;
}
