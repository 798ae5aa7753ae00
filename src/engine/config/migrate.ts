/**
 * What a config of an earlier version meant, in today's terms. A field a config leaves out takes the
 * default of the version it was made with, and settings that version did not have take the value
 * that reproduces how it trained then, so an old link or file still reproduces its run exactly.
 */
import { defaultConfig } from './defaults';
import { CONFIG_VERSION, type ExperimentConfig } from './types';

/** The version a config says it was made with: missing means today's; a newer one is read as today's. */
export function sourceVersion(raw: unknown): number {
  if (typeof raw !== 'number' || !Number.isInteger(raw) || raw < 1 || raw > CONFIG_VERSION) return CONFIG_VERSION;
  return raw;
}

/** The config a version's lab opened with, expressed in today's schema. */
export function defaultsForVersion(version: number): ExperimentConfig {
  const config = defaultConfig();
  // v1 applied the prior as a proximal step after the optimizer's step; its other defaults are today's.
  if (version < 2) config.prior.mode = 'proximal';
  return config;
}
