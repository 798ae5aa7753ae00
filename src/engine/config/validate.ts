/**
 * Checks any input (parsed JSON, a decoded link, a preset) against the field table. Never throws on
 * user input: every bad field is reported with a reason, and the default is used in its place.
 */
import { defaultConfig } from './defaults';
import { enforceBudget } from './fitBudget';
import { defaultsForVersion, sourceVersion } from './migrate';
import { FIELDS, fieldByPath, getAt, setAt, type Field } from './fields';
import { stripUnsafeCharacters } from '../text/cleanText';
import { CONFIG_VERSION, isImageDataset, type ConvStage, type DatasetKind, type ExperimentConfig } from './types';

export interface ConfigIssue {
  /** Dotted config path ('prior.lambda'), or the unknown key as given. */
  field: string;
  message: string;
}

export interface ValidationResult {
  config: ExperimentConfig;
  issues: ConfigIssue[];
}

/** Most downsamplings (stride 2 or pooling) a CNN may have on 28x28 inputs. */
export const MAX_CNN_DOWNSAMPLINGS = 4;

export type Check = { ok: true; value: unknown } | { ok: false; reason: string };

export interface ValidateOptions {
  /** Hold the config to the lab's budget (./budget.ts); only the CLI's --no-budget turns this off. */
  budget?: boolean;
}

/**
 * A config of any version, checked and expressed in today's version: fields it leaves out take the
 * defaults of the version it was made with (./migrate.ts). A config over the lab's budget is replaced
 * by the nearest one that fits, and an issue names what changed (./fitBudget.ts).
 */
export function validateConfig(input: unknown, options: ValidateOptions = {}): ValidationResult {
  const issues: ConfigIssue[] = [];
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    issues.push({ field: '(config)', message: `expected an object, got ${describeValue(input)}; using all defaults` });
    return { config: defaultConfig(), issues };
  }
  const config = defaultsForVersion(sourceVersion(getAt(input, ['version'])), datasetNamed(getAt(input, ['dataset', 'kind'])));

  reportUnknownKeys(input as Record<string, unknown>, config as unknown as Record<string, unknown>, '', issues);

  const version = getAt(input, ['version']);
  const fromNewerLab = typeof version === 'number' && Number.isInteger(version) && version > CONFIG_VERSION;
  if (fromNewerLab) {
    issues.push({
      field: 'version',
      message: `made by a newer version of the lab (v${version}); read as v${CONFIG_VERSION}, so some settings may differ`,
    });
  }

  for (const field of FIELDS) {
    const raw = getAt(input, field.path);
    if (raw === undefined) continue;
    if (field.path[0] === 'version' && fromNewerLab) continue;
    const result = checkField(field, raw);
    if (result.ok) {
      setAt(config, field.path, result.value);
    } else {
      issues.push({
        field: field.path.join('.'),
        message: `${field.label}: ${result.reason}; using ${describeValue(getAt(config, field.path), field)}`,
      });
    }
  }

  config.version = CONFIG_VERSION;
  checkCombinations(config, issues);
  if (options.budget !== false) enforceBudget(config, issues);
  return { config, issues };
}

/** The dataset a config names, when it names a valid one: its defaults fill the fields left out. */
export function datasetNamed(raw: unknown): DatasetKind | undefined {
  const field = fieldByPath('dataset.kind');
  return field?.type === 'enum' && typeof raw === 'string' && field.values.includes(raw) ? (raw as DatasetKind) : undefined;
}

/** One field's value against its row of the field table (type, range, length). */
export function checkField(field: Field, raw: unknown): Check {
  switch (field.type) {
    case 'number':
    case 'int': {
      if (typeof raw !== 'number' || !Number.isFinite(raw)) return { ok: false, reason: `expected a number, got ${describeValue(raw)}` };
      if (field.type === 'int' && !Number.isInteger(raw)) return { ok: false, reason: `expected a whole number, got ${raw}` };
      if (raw < field.min || (field.minExclusive && raw === field.min)) {
        return { ok: false, reason: `${raw} is below the minimum ${field.minExclusive ? 'above ' : ''}${field.min}` };
      }
      if (raw > field.max) return { ok: false, reason: `${raw} is above the maximum ${field.max}` };
      return { ok: true, value: raw };
    }
    case 'enum':
      if (typeof raw !== 'string' || !field.values.includes(raw)) {
        return { ok: false, reason: `${describeValue(raw)} is not one of ${field.values.join(', ')}` };
      }
      return { ok: true, value: raw };
    case 'bool':
      if (typeof raw !== 'boolean') return { ok: false, reason: `expected true or false, got ${describeValue(raw)}` };
      return { ok: true, value: raw };
    case 'string': {
      if (typeof raw !== 'string') return { ok: false, reason: `expected text, got ${describeValue(raw)}` };
      // Control and bidi characters have no place in a name or note: they mangle or disguise a rendered line.
      const clean = stripUnsafeCharacters(raw, { multiline: field.multiline });
      if (clean.length > field.maxLength) return { ok: false, reason: `longer than ${field.maxLength} characters` };
      return { ok: true, value: clean };
    }
    case 'intList': {
      if (!Array.isArray(raw)) return { ok: false, reason: `expected a list of whole numbers, got ${describeValue(raw)}` };
      if (raw.length < field.minItems || raw.length > field.maxItems) {
        return { ok: false, reason: `expected ${field.minItems} to ${field.maxItems} entries, got ${raw.length}` };
      }
      const value: number[] = [];
      for (const v of raw as unknown[]) {
        if (typeof v !== 'number' || !Number.isInteger(v) || v < field.min || v > field.max) {
          return { ok: false, reason: `every entry must be a whole number from ${field.min} to ${field.max}, got ${describeValue(v)}` };
        }
        value.push(v);
      }
      return { ok: true, value };
    }
    case 'convStages': {
      if (!Array.isArray(raw)) return { ok: false, reason: `expected a list of stages, got ${describeValue(raw)}` };
      if (raw.length < field.minItems || raw.length > field.maxItems) {
        return { ok: false, reason: `expected ${field.minItems} to ${field.maxItems} stages, got ${raw.length}` };
      }
      const stages: ConvStage[] = [];
      for (const [i, s] of raw.entries()) {
        const stage = checkConvStage(s, field.minChannels, field.maxChannels);
        if (typeof stage === 'string') return { ok: false, reason: `stage ${i + 1}: ${stage}` };
        stages.push(stage);
      }
      return { ok: true, value: stages };
    }
  }
}

function checkConvStage(raw: unknown, minChannels: number, maxChannels: number): ConvStage | string {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return `expected a stage object, got ${describeValue(raw)}`;
  const s = raw as Record<string, unknown>;
  const unknown = Object.keys(s).filter((k) => !['channels', 'stride', 'pool'].includes(k));
  if (unknown.length) return `unknown key ${unknown.join(', ')}`;
  const channels = s.channels;
  if (typeof channels !== 'number' || !Number.isInteger(channels) || channels < minChannels || channels > maxChannels) {
    return `channels must be a whole number from ${minChannels} to ${maxChannels}, got ${describeValue(channels)}`;
  }
  const stride = s.stride ?? 1;
  if (stride !== 1 && stride !== 2) return `stride must be 1 or 2, got ${describeValue(stride)}`;
  const pool = s.pool ?? 'none';
  if (pool !== 'none' && pool !== 'max' && pool !== 'avg') return `pool must be none, max or avg, got ${describeValue(pool)}`;
  return { channels, stride, pool };
}

/** How many times the stages halve the image (a stride 2 or a pooling each). */
export function countDownsamplings(conv: readonly ConvStage[]): number {
  return conv.reduce((n, s) => n + (s.stride === 2 ? 1 : 0) + (s.pool !== 'none' ? 1 : 0), 0);
}

function checkCombinations(config: ExperimentConfig, issues: ConfigIssue[]): void {
  if (config.model.kind === 'cnn' && !isImageDataset(config.dataset.kind)) {
    issues.push({ field: 'model.kind', message: `a CNN needs an image dataset, not ${config.dataset.kind}; using an MLP` });
    config.model.kind = 'mlp';
  }
  const downsamplings = countDownsamplings(config.model.conv);
  if (downsamplings > MAX_CNN_DOWNSAMPLINGS) {
    const fallback = defaultConfig().model.conv;
    issues.push({
      field: 'model.conv',
      message: `CNN stages shrink 28x28 images ${downsamplings} times (at most ${MAX_CNN_DOWNSAMPLINGS}); using the default stages`,
    });
    config.model.conv = fallback;
  }
}

function reportUnknownKeys(
  input: Record<string, unknown>,
  shape: Record<string, unknown>,
  prefix: string,
  issues: ConfigIssue[],
): void {
  for (const key of Object.keys(input)) {
    const path = prefix + key;
    if (!Object.prototype.hasOwnProperty.call(shape, key)) {
      issues.push({ field: path, message: `unknown setting "${path}" ignored` });
      continue;
    }
    const child = shape[key];
    const value = input[key];
    const isPlainObject = (v: unknown) => v !== null && typeof v === 'object' && !Array.isArray(v);
    if (isPlainObject(child) && isPlainObject(value)) {
      reportUnknownKeys(value as Record<string, unknown>, child as Record<string, unknown>, path + '.', issues);
    }
  }
}

function describeValue(value: unknown, field?: Field): string {
  if (field?.type === 'convStages' && Array.isArray(value)) return JSON.stringify(value);
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value);
  if (Array.isArray(value)) return field ? `[${value.join(', ')}]` : 'a list';
  if (value === null) return 'null';
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint' || value === undefined) return String(value);
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
