/**
 * Refusing a config over the lab's budget (./budget.ts): the nearest config that fits, found by
 * halving the batch size (down to 16) while the batch is what costs, then capping the widest layers
 * (down to 16 wide), then dropping the last layers, then narrowing further; the batch then grows
 * back as far as the smaller model allows. And the message that names what to change.
 */
import { BUDGET, checkBudget, type BudgetCheck, type BudgetLimit } from './budget';
import { defaultConfig } from './defaults';
import { FIELDS, formatConvStages, getAt } from './fields';
import type { ExperimentConfig, ModelConfig } from './types';

/** The field of the issue a refused config reports (its message names the config fields to change). */
export const BUDGET_ISSUE_FIELD = '(budget)';

const MIN_SUGGESTED_BATCH = 16;
/** Layers are narrowed down to this width before any is dropped. */
const MIN_SUGGESTED_WIDTH = 16;

export interface BudgetRefusal {
  /** Which limits the config is over. */
  over: BudgetLimit[];
  /** The nearest config that fits. */
  suggestion: ExperimentConfig;
  /** Config paths the suggestion changes, e.g. ['training.batchSize', 'model.conv']. */
  changed: string[];
  /** What is over, what to change, and a config that fits: for refusing to start it. */
  advice: string;
  /** The same for a config that was replaced by the suggestion (decoding, validation). */
  message: string;
}

/** Null when the config fits the budget. */
export function refuseOverBudget(config: ExperimentConfig): BudgetRefusal | null {
  const check = checkBudget(config);
  if (check.over.length === 0) return null;
  const suggestion = suggestFittingConfig(config);
  const changed = ['training.batchSize', 'model.hidden', 'model.conv', 'model.residual'].filter(
    (path) => JSON.stringify(getAt(config, path.split('.'))) !== JSON.stringify(getAt(suggestion, path.split('.'))),
  );
  const { problem, fix } = refusalText(config, check, suggestion, changed);
  return { over: check.over, suggestion, changed, advice: `${problem}; a config that fits: ${fix}`, message: `${problem}; using the nearest config that fits: ${fix}` };
}

/**
 * The hook validateConfig calls: a config over the budget is replaced by the nearest one that fits,
 * and one issue says why and what changed.
 */
export function enforceBudget(config: ExperimentConfig, issues: { field: string; message: string }[]): void {
  const refusal = refuseOverBudget(config);
  if (!refusal) return;
  config.training.batchSize = refusal.suggestion.training.batchSize;
  config.model = refusal.suggestion.model;
  issues.push({ field: BUDGET_ISSUE_FIELD, message: refusal.message });
}

export function suggestFittingConfig(config: ExperimentConfig): ExperimentConfig {
  const next = structuredClone(config);
  const floor = Math.min(MIN_SUGGESTED_BATCH, config.training.batchSize);
  for (let round = 0; round < 100; round++) {
    const { over, estimate } = checkBudget(next);
    if (over.length === 0) return restoreBatch(next, config.training.batchSize);
    const stepBytes = estimate.gradientBytes + estimate.trainingActivationBytes;
    const batchCosts =
      over.includes('compute') ||
      (over.includes('memory') && stepBytes >= estimate.inferenceActivationBytes && estimate.trainingActivationBytes >= estimate.gradientBytes);
    if (batchCosts && next.training.batchSize > floor) {
      next.training.batchSize = Math.max(floor, Math.floor(next.training.batchSize / 2));
    } else if (!narrowWidest(next.model, MIN_SUGGESTED_WIDTH) && !dropLastLayer(next.model) && !narrowWidest(next.model, 1)) {
      break;
    }
  }
  // Unreachable for any config the field table allows (a one-channel, one-layer model fits), but never loop on.
  const fallback = defaultConfig();
  return { ...next, model: fallback.model, training: { ...next.training, batchSize: fallback.training.batchSize } };
}

/** Once the model fits, the largest batch up to the one asked for that still fits. */
function restoreBatch(config: ExperimentConfig, asked: number): ExperimentConfig {
  while (config.training.batchSize < asked) {
    const larger = { ...config, training: { ...config.training, batchSize: Math.min(asked, config.training.batchSize * 2) } };
    if (checkBudget(larger).over.length > 0) break;
    config = larger;
  }
  return config;
}

/** Caps every layer at half the widest one, but not below `narrowest`; false if there was nothing to narrow. */
function narrowWidest(model: ModelConfig, narrowest: number): boolean {
  const widths = model.kind === 'mlp' ? model.hidden : model.conv.map((s) => s.channels);
  const widest = Math.max(...widths);
  if (widest <= narrowest) return false;
  const cap = Math.max(narrowest, Math.floor(widest / 2));
  if (model.kind === 'mlp') model.hidden = model.hidden.map((w) => Math.min(w, cap));
  else model.conv = model.conv.map((s) => ({ ...s, channels: Math.min(s.channels, cap) }));
  return true;
}

function dropLastLayer(model: ModelConfig): boolean {
  if (model.kind === 'mlp' && model.hidden.length > 1) model.hidden = model.hidden.slice(0, -1);
  else if (model.kind === 'cnn' && model.conv.length > 1) model.conv = model.conv.slice(0, -1);
  else return false;
  return true;
}

function refusalText(config: ExperimentConfig, check: BudgetCheck, suggestion: ExperimentConfig, changed: string[]): { problem: string; fix: string } {
  const { estimate, over } = check;
  const excess: string[] = [];
  if (over.includes('parameters')) excess.push(`${formatCount(estimate.parameters)} parameters (at most ${formatCount(BUDGET.maxParameters)})`);
  if (over.includes('memory')) excess.push(`${formatBytes(estimate.totalBytes)} of memory at its peak (at most ${formatBytes(BUDGET.maxMemoryBytes)})`);
  if (over.includes('compute')) excess.push(`${formatFlops(estimate.stepFlops)} a training step (at most ${formatFlops(BUDGET.maxStepFlops)})`);
  const fields = changed.map((path) => FIELDS.find((f) => f.path.join('.') === path)).filter((f) => f !== undefined);
  const names = fields.map((f) => `${f.label} (${f.key}=)`);
  const values = fields.map((f) => `${f.key}=${formatValue(getAt(suggestion, f.path))}`);
  const what = config.model.kind === 'cnn' ? 'CNN' : 'MLP';
  return { problem: `this ${what} is over the lab's budget: ${excess.join(', ')}. Change ${joinWords(names)}`, fix: values.join('&') };
}

function formatValue(value: unknown): string {
  if (Array.isArray(value) && value.length > 0 && typeof value[0] === 'object') return formatConvStages(value as ModelConfig['conv']);
  if (Array.isArray(value)) return value.join('-');
  if (typeof value === 'boolean') return value ? '1' : '0';
  return String(value);
}

function joinWords(words: string[]): string {
  return words.length <= 1 ? (words[0] ?? 'the model') : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

export function formatCount(n: number): string {
  if (n >= 1e9) return `${trim(n / 1e9)} billion`;
  if (n >= 1e6) return `${trim(n / 1e6)} million`;
  if (n >= 1e4) return `${trim(n / 1e3)} thousand`;
  return String(Math.round(n));
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${trim(bytes / 1024 ** 3)} GB`;
  if (bytes >= 1024 ** 2) return `${trim(bytes / 1024 ** 2)} MB`;
  return `${trim(bytes / 1024)} kB`;
}

export function formatFlops(flops: number): string {
  if (flops >= 1e12) return `${trim(flops / 1e12)} TFLOP`;
  if (flops >= 1e9) return `${trim(flops / 1e9)} GFLOP`;
  if (flops >= 1e6) return `${trim(flops / 1e6)} MFLOP`;
  return `${trim(flops / 1e3)} kFLOP`;
}

function trim(x: number): string {
  return x >= 100 ? String(Math.round(x)) : x >= 10 ? x.toFixed(1).replace(/\.0$/, '') : x.toFixed(2).replace(/\.?0+$/, '');
}
