/** Reads the CLI's config argument: a JSON file, a share link or a bare query string. */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { FIELDS } from '../engine/config/fields';
import { refuseOverBudget } from '../engine/config/fitBudget';
import type { ConfigIssue, ValidateOptions } from '../engine/config/validate';
import { validateConfig } from '../engine/config/validate';
import { APP_KEYS, decodeConfig } from '../engine/config/urlCodec';
import type { ExperimentConfig } from '../engine/config/types';

export type ReadConfigResult = { config: ExperimentConfig; issues: ConfigIssue[] } | { error: string };

/** A config file is a few hundred bytes; anything this large is not one. */
export const MAX_CONFIG_FILE_BYTES = 1_000_000;
const URL_PATTERN = /^[a-z][a-z0-9+.-]*:\/\//i;
const EXAMPLE = 'e.g. v=2&data=spirals&hidden=16-16&lambda=50';

export function readConfig(source: string, options: ValidateOptions = {}): ReadConfigResult {
  if (URL_PATTERN.test(source)) return readLink(source, linkQuery(source), options);
  if (existsSync(source)) return readFile(source, options);
  if (/\.json$/i.test(source.trim())) return { error: `no such config file: ${source}` };
  if (source.startsWith('?') || source.includes('=')) return readLink(source, source.replace(/^\?/, '').split('#')[0], options);
  return { error: `no such config file: ${source}` };
}

function linkQuery(link: string): string | null {
  try {
    const search = new URL(link).search;
    return search.length > 1 ? search.slice(1) : null;
  } catch {
    return null;
  }
}

/** A link must hold the experiment: one without a query, or without a single setting, is refused. */
function readLink(source: string, query: string | null, options: ValidateOptions): ReadConfigResult {
  if (query === null) return { error: `the link ${shorten(source)} has no query (?…), so it holds no experiment; give a share link (${EXAMPLE})` };
  const keys = new Set([...new URLSearchParams(query).keys()]);
  if (!FIELDS.some((field) => keys.has(field.key))) {
    return { error: `the link ${shorten(source)} holds no experiment settings (none of v, data, model, hidden, lambda, …); give a share link (${EXAMPLE})` };
  }
  return decodeConfig(query, APP_KEYS, options);
}

function readFile(path: string, options: ValidateOptions): ReadConfigResult {
  let stat;
  try {
    stat = statSync(path);
  } catch (e) {
    return { error: `${path} cannot be read: ${(e as Error).message}` };
  }
  // Reading a FIFO or a device would wait forever; a directory is a mistake worth naming.
  if (stat.isDirectory()) return { error: `${path} is a directory, not a config file` };
  if (!stat.isFile()) return { error: `${path} is not a regular file (a pipe, socket or device); give a config.json path or a share link` };
  if (stat.size > MAX_CONFIG_FILE_BYTES) return { error: `${path} is ${(stat.size / 1e6).toFixed(1)} MB; a config file is at most 1 MB` };
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    return { error: `${path} cannot be read: ${(e as Error).message}` };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.replace(/^\uFEFF/, '')); // a byte-order mark, as some editors on Windows write
  } catch (e) {
    return { error: `${path} is not valid JSON: ${(e as Error).message}` };
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    return { error: `${path} holds ${Array.isArray(parsed) ? 'a list' : `the value ${JSON.stringify(parsed)}`}, not a config object (${'{"dataset": {"kind": "xor"}, …}'})` };
  }
  return validateConfig(parsed, options);
}

function shorten(text: string): string {
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
}

/**
 * A command's start: its parsed arguments (or the problem with them) to a config, with usage,
 * errors and warnings on stderr. A number is the exit code to stop with (0 after --help). A config
 * over the lab's budget is refused (exit code 2) unless the arguments say `budget: false`.
 */
export function configFromCommandLine<A extends { source: string; budget?: boolean }>(
  args: A | { error: string },
  usage: string,
  stderr: (text: string) => void = (text) => process.stderr.write(text),
): { args: A; config: ExperimentConfig } | number {
  if ('error' in args) {
    if (args.error) stderr(`error: ${args.error}\n\n`);
    stderr(usage + '\n');
    return args.error ? 2 : 0;
  }
  const read = readConfig(args.source, { budget: false });
  if ('error' in read) {
    stderr(`error: ${read.error}\n`);
    return 2;
  }
  const refusal = args.budget !== false ? refuseOverBudget(read.config) : null;
  if (refusal) {
    stderr(`error: ${refusal.advice}; or add --no-budget to train it as given\n`);
    return 2;
  }
  for (const issue of read.issues) stderr(`warning: ${issue.field}: ${issue.message}\n`);
  return { args, config: read.config };
}
