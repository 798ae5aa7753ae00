/**
 * Settings that apply to a run while it trains (λ, the prior's schedule and form, ε, the learning
 * rate); every other field loads a new run. Every layer (the page's config store, the run recorder,
 * the worker's session, the trainer) applies a live change with applyLiveChange, and the worker
 * checks one arriving from the page with checkLiveChange, against the same field table as a link.
 */
import { fieldByPath } from './fields';
import type { ExperimentConfig, OptimizerConfig, PriorConfig } from './types';
import { checkField } from './validate';

export interface LiveChange {
  prior?: Partial<PriorConfig>;
  optimizer?: Partial<Pick<OptimizerConfig, 'learningRate'>>;
}

/** The config fields a live change may set, by group. */
export const LIVE_FIELDS = {
  prior: ['lambda', 'mode', 'start', 'startUnit', 'ramp', 'eps', 'snap'],
  optimizer: ['learningRate'],
} as const satisfies { [G in keyof LiveChange]-?: readonly (keyof NonNullable<LiveChange[G]>)[] };

/** The config with the change applied; the input is left as it was. */
export function applyLiveChange(config: ExperimentConfig, change: LiveChange): ExperimentConfig {
  return {
    ...config,
    prior: change.prior ? { ...config.prior, ...change.prior } : config.prior,
    optimizer: change.optimizer ? { ...config.optimizer, ...change.optimizer } : config.optimizer,
  };
}

export type LiveChangeCheck = { ok: true; change: LiveChange } | { ok: false; error: string };

/** A live change from outside (a message to the worker): only live fields, each within the field table's limits. */
export function checkLiveChange(raw: unknown): LiveChangeCheck {
  if (!isRecord(raw)) return { ok: false, error: 'expected a change object' };
  const change: Record<string, Record<string, unknown>> = {};
  for (const [group, values] of Object.entries(raw)) {
    const allowed = (LIVE_FIELDS as Record<string, readonly string[]>)[group];
    if (!Object.prototype.hasOwnProperty.call(LIVE_FIELDS, group) || !allowed) return { ok: false, error: `"${group}" cannot change while a run trains` };
    if (!isRecord(values)) return { ok: false, error: `${group}: expected an object` };
    change[group] = {};
    for (const [key, value] of Object.entries(values)) {
      const field = allowed.includes(key) ? fieldByPath(`${group}.${key}`) : undefined;
      if (!field) return { ok: false, error: `"${group}.${key}" cannot change while a run trains` };
      const checked = checkField(field, value);
      if (!checked.ok) return { ok: false, error: `${field.label}: ${checked.reason}` };
      change[group][key] = checked.value;
    }
  }
  return { ok: true, change: change };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
