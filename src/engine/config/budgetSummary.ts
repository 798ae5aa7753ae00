/**
 * The budget as the page shows it beside the architecture controls: what the config costs, in
 * words, against the lab's limits, and what to change when it is over.
 */
import { BUDGET, checkBudget, stepMsOn, type BudgetLimit } from './budget';
import { formatBytes, formatCount, refuseOverBudget } from './fitBudget';
import type { ExperimentConfig } from './types';

export interface BudgetSummary {
  parameters: string;
  memory: string;
  /** "≈ 45 ms a step on WASM", or null when the backend's speed was never measured. */
  stepTime: string | null;
  /** The largest share of any limit the config uses (1 = at a limit). */
  largestShare: number;
  over: BudgetLimit[];
  /** Over the budget: what to change and a config that fits. */
  refusal: string | null;
}

const BACKEND_LABELS: Record<string, string> = { webgpu: 'WebGPU', webgl: 'WebGL', wasm: 'WASM', cpu: 'CPU' };

/** `backend`: the one in use, or null before one is chosen (the estimate is then for WASM). */
export function summarizeBudget(config: ExperimentConfig, backend: string | null): BudgetSummary {
  const { estimate, over } = checkBudget(config);
  const on = backend && BACKEND_LABELS[backend] ? backend : 'wasm';
  const ms = stepMsOn(config, on);
  return {
    parameters: `${formatCount(estimate.parameters)} parameters`,
    memory: `${formatBytes(estimate.totalBytes)} of ${formatBytes(BUDGET.maxMemoryBytes)} memory`,
    stepTime: ms === null ? null : `≈ ${formatMs(ms)} a step on ${BACKEND_LABELS[on]}`,
    largestShare: Math.max(
      estimate.parameters / BUDGET.maxParameters,
      estimate.totalBytes / BUDGET.maxMemoryBytes,
      estimate.stepFlops / BUDGET.maxStepFlops,
    ),
    over,
    refusal: over.length > 0 ? (refuseOverBudget(config)?.advice ?? null) : null,
  };
}

function formatMs(ms: number): string {
  if (ms >= 1000) return `${(ms / 1000).toFixed(ms >= 10_000 ? 0 : 1)} s`;
  return `${ms >= 10 ? Math.round(ms) : ms.toFixed(1)} ms`;
}
