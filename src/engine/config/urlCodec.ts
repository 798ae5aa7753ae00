/**
 * The config's one URL encoding: a readable, versioned query string such as
 * `v=2&data=mnist&model=mlp&hidden=64-64-64&lambda=0.1&…`. Share links, the CLI and exports use it.
 * Decoding never throws: bad values are reported and replaced by defaults (see validate.ts).
 */
import { cleanText } from '../text/cleanText';
import { moreText } from '../text/summarize';
import { defaultsForVersion, sourceVersion } from './migrate';
import { CONFIG_VERSION } from './types';
import { FIELDS, formatConvStages, getAt, parseConvStage, type Field } from './fields';
import type { ExperimentConfig } from './types';
import { defaultConfig } from './defaults';
import { datasetNamed, validateConfig, type ConfigIssue, type ValidateOptions } from './validate';

export interface DecodeResult {
  config: ExperimentConfig;
  issues: ConfigIssue[];
  /** Parameters that belong to the app rather than the config (e.g. `backend`, `hide`), as given. */
  appParams: Record<string, string>;
}

/**
 * Keys in a link that are not config fields but are known to the app: `backend` forces a compute
 * backend, `hide` hides named controls or panels, `madeon` is the backend the link was made on,
 * `pace=slow` opens in slow mode and `text=large` in large-text mode (lab/share/viewParams.ts).
 */
export const APP_KEYS = ['backend', 'hide', 'madeon', 'pace', 'text'] as const;

/** App parameters are kept to this length (the longest sensible one, a full `hide=` list, is ~110). */
export const APP_PARAM_MAX_LENGTH = 200;
/** Unknown keys named one by one in the issues; the rest are counted. */
const UNKNOWN_KEYS_NAMED = 10;

export function encodeConfig(config: ExperimentConfig): string {
  const parts: string[] = [];
  for (const field of FIELDS) {
    const value = getAt(config, field.path);
    if (field.type === 'string' && value === '') continue;
    parts.push(`${field.key}=${encodeValue(field, value)}`);
  }
  return parts.join('&');
}

function encodeValue(field: Field, value: unknown): string {
  switch (field.type) {
    case 'bool':
      return value ? '1' : '0';
    case 'intList':
      return (value as number[]).join('-');
    case 'convStages':
      return formatConvStages(value as ExperimentConfig['model']['conv']);
    case 'string':
      return encodeURIComponent(value as string);
    default:
      return encodeURIComponent(String(value));
  }
}

/**
 * The longest link the lab reads. The longest a valid config encodes to is about 5,000 characters (a
 * 500-character note of percent-encoded non-Latin text); longer is refused before parsing.
 */
export const MAX_LINK_LENGTH = 8192;

/** Accepts a bare query (`v=2&…`, with or without `?`) or a whole URL; reads its query string. */
export function decodeConfig(linkOrQuery: string, appKeys: readonly string[] = APP_KEYS, options: ValidateOptions = {}): DecodeResult {
  if (linkOrQuery.length > MAX_LINK_LENGTH) {
    const length = linkOrQuery.length.toLocaleString('en-US');
    return {
      config: defaultConfig(),
      issues: [{ field: '(link)', message: `the link is ${length} characters long, over the limit of ${MAX_LINK_LENGTH.toLocaleString('en-US')}; it was not read, and the defaults are used` }],
      appParams: {},
    };
  }
  const params = new URLSearchParams(extractQuery(linkOrQuery));
  const issues: ConfigIssue[] = [];
  const appParams: Record<string, string> = {};
  const nested: Record<string, unknown> = {};
  const seen = new Set<string>();
  const defaults = defaultsForVersion(sourceVersion(Number(params.get('v') ?? NaN)), datasetNamed(params.get('data')));
  let unknownKeys = 0;

  for (const [key, text] of params) {
    if (appKeys.includes(key)) {
      // Echoed into the badge and the address bar: one short line, however long the link made it.
      appParams[key] = cleanText(text, APP_PARAM_MAX_LENGTH);
      continue;
    }
    const field = FIELDS.find((f) => f.key === key);
    if (!field) {
      if (unknownKeys++ < UNKNOWN_KEYS_NAMED) issues.push({ field: key || '(empty key)', message: `unknown setting "${truncate(cleanText(key, 60))}" in the link ignored` });
      continue;
    }
    if (seen.has(key)) {
      issues.push({ field: field.path.join('.'), message: `${field.label} given more than once; using the first` });
      continue;
    }
    seen.add(key);
    const parsed = parseValue(field, text);
    if (parsed.ok) {
      setNested(nested, field.path, parsed.value);
    } else {
      const fallback = getAt(defaults, field.path);
      issues.push({
        field: field.path.join('.'),
        message: `${field.label}: ${parsed.reason}; using ${Array.isArray(fallback) ? JSON.stringify(fallback) : String(fallback)}`,
      });
    }
  }

  if (unknownKeys > UNKNOWN_KEYS_NAMED) {
    issues.push({ field: '(unknown keys)', message: `${moreText(unknownKeys - UNKNOWN_KEYS_NAMED, 'unknown settings')} in the link ignored` });
  }
  // A link of the lab's view alone (`?text=large`, `?pace=slow`) names no setting: nothing to read as any version.
  if (!seen.has('v') && seen.size > 0) issues.push({ field: 'version', message: `the link has no version (v=); read as v${CONFIG_VERSION}` });
  const validated = validateConfig(nested, options);
  return { config: validated.config, issues: [...issues, ...validated.issues], appParams };
}

function extractQuery(linkOrQuery: string): string {
  const text = linkOrQuery.trim();
  const q = text.indexOf('?');
  if (q >= 0) return text.slice(q + 1).split('#')[0];
  if (/^[a-z]+:\/\//i.test(text)) return '';
  return text.split('#')[0];
}

type Parsed = { ok: true; value: unknown } | { ok: false; reason: string };

function parseValue(field: Field, text: string): Parsed {
  const shown = JSON.stringify(truncate(text));
  switch (field.type) {
    case 'number':
    case 'int': {
      const n = text.trim() === '' ? NaN : Number(text);
      return Number.isFinite(n) ? { ok: true, value: n } : { ok: false, reason: `${shown} is not a number` };
    }
    case 'bool':
      if (text === '1' || text === 'true') return { ok: true, value: true };
      if (text === '0' || text === 'false') return { ok: true, value: false };
      return { ok: false, reason: `${shown} is not 0 or 1` };
    case 'enum':
    case 'string':
      return { ok: true, value: text };
    case 'intList': {
      const items = text.split('-').map((s) => (s.trim() === '' ? NaN : Number(s)));
      if (items.some((n) => !Number.isFinite(n))) return { ok: false, reason: `${shown} is not a list of widths like 64-64` };
      return { ok: true, value: items };
    }
    case 'convStages': {
      const stages = text.split(',').map(parseConvStage);
      if (stages.some((s) => s === null)) return { ok: false, reason: `${shown} is not a list of stages like 16,32s2,64mp` };
      return { ok: true, value: stages };
    }
  }
}

function setNested(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let cur = target;
  for (const p of path.slice(0, -1)) {
    if (typeof cur[p] !== 'object' || cur[p] === null) cur[p] = {};
    cur = cur[p] as Record<string, unknown>;
  }
  cur[path[path.length - 1]] = value;
}

function truncate(text: string): string {
  return text.length > 40 ? text.slice(0, 40) + '…' : text;
}
