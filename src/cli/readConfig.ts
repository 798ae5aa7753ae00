/** Reads the CLI's config argument: a JSON file, a share link or a bare query string. */
import { existsSync, readFileSync } from 'node:fs';
import type { ConfigIssue } from '../engine/config/validate';
import { validateConfig } from '../engine/config/validate';
import { decodeConfig } from '../engine/config/urlCodec';
import type { ExperimentConfig } from '../engine/config/types';

export type ReadConfigResult = { config: ExperimentConfig; issues: ConfigIssue[] } | { error: string };

export function readConfig(source: string): ReadConfigResult {
  const looksLikeLink = /^[a-z]+:\/\//i.test(source) || source.startsWith('?') || (/=/.test(source) && !existsSync(source));
  if (looksLikeLink) return decodeConfig(source);
  if (!existsSync(source)) return { error: `no such config file: ${source}` };
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(source, 'utf8'));
  } catch (e) {
    return { error: `${source} is not valid JSON: ${(e as Error).message}` };
  }
  return validateConfig(parsed);
}
