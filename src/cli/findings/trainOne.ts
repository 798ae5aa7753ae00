/** One finding run in this process: the config's link (and a linearization step) in, its history and final core out. */
import * as tf from '../../engine/tf';
import { decodeConfig } from '../../engine/config/urlCodec';
import type { RunOutcome } from '../../engine/experiments/findings/types';
import type { EvalPoint } from '../../engine/training/snapshot';
import { readDataFile } from '../nodeData';
import { runExperiment } from '../runExperiment';

export async function trainOne(link: string, maxSteps: number | null, linearizeAt: number | null = null): Promise<RunOutcome> {
  const { config, issues } = decodeConfig(link);
  if (issues.length > 0) throw new Error(`bad finding config ${link}: ${issues.map((i) => i.message).join('; ')}`);
  const history: EvalPoint[] = [];
  const summary = await runExperiment({
    config,
    backend: { name: tf.getBackend(), reason: 'findings', attempts: [] },
    readFile: readDataFile,
    maxSteps,
    linearizeAt,
    onEvaluation: (p) => history.push(p),
  });
  return { history, effectiveDepth: summary.effectiveDepth, effectiveWidth: summary.effectiveWidth, diverged: summary.diverged };
}
