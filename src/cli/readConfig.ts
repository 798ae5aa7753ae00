/** Reads the CLI's config argument: a JSON file, a share link or a bare query string. */
import { existsSync, readFileSync } from 'node:fs';
import { refuseOverBudget } from '../engine/config/fitBudget';
import type { ConfigIssue, ValidateOptions } from '../engine/config/validate';
import { validateConfig } from '../engine/config/validate';
import { APP_KEYS, decodeConfig } from '../engine/config/urlCodec';
import type { ExperimentConfig } from '../engine/config/types';

export type ReadConfigResult = { config: ExperimentConfig; issues: ConfigIssue[] } | { error: string };

export function readConfig(source: string, options: ValidateOptions = {}): ReadConfigResult {
  const looksLikeLink = /^[a-z]+:\/\//i.test(source) || source.startsWith('?') || (/=/.test(source) && !existsSync(source));
  if (looksLikeLink) return decodeConfig(source, APP_KEYS, options);
  if (!existsSync(source)) return { error: `no such config file: ${source}` };
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(source, 'utf8'));
  } catch (e) {
    return { error: `${source} is not valid JSON: ${(e as Error).message}` };
  }
  return validateConfig(parsed, options);
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
