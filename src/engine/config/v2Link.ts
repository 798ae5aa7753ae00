import type { ExperimentConfig } from './types';
import { encodeConfig } from './urlCodec';

/**
 * The link config v2 wrote for the same run, or null where v2 cannot express it (the streamed data
 * order, which v2 did not have). What was kept under a v2 link (the findings cache) is found again
 * under it: a v2 link decodes to exactly this config (./migrate.ts).
 */
export function v2LinkOf(config: ExperimentConfig): string | null {
  if (config.dataset.order !== 'shuffled') return null;
  return encodeConfig(config).replace(/^v=3&/, 'v=2&').replace('&order=shuffled&', '&');
}
