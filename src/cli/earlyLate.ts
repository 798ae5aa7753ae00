/** `npm run early-late -- <config | link> [--lambdas ..] [--seeds ..]`: the early-vs-late gap at matched APL, measured. */
import * as tf from '../engine/tf';
import { measureEarlyLate, medianGap } from '../engine/experiments/earlyLateGap';
import type { EvalPoint } from '../engine/training/snapshot';
import { setNodeBackend } from '../node/tfNode';
import { EARLY_LATE_USAGE, parseEarlyLateArgs } from './earlyLateArgs';
import { readDataFile } from './nodeData';
import { configFromCommandLine } from './readConfig';
import { runCommand } from './runCommand';
import { runExperiment } from './runExperiment';

async function main(): Promise<number> {
  const start = configFromCommandLine(parseEarlyLateArgs(process.argv.slice(2)), EARLY_LATE_USAGE);
  if (typeof start === 'number') return start;
  const { args, config } = start;
  await setNodeBackend('wasm');
  const backend = { name: tf.getBackend(), reason: 'CLI: wasm', attempts: [] };

  const rows = await measureEarlyLate(config, args.lambdas ?? [config.prior.lambda], args.seeds ?? [config.training.seed], async (runConfig) => {
    const history: EvalPoint[] = [];
    await runExperiment({ config: runConfig, backend, readFile: readDataFile, maxSteps: null, onEvaluation: (p) => history.push(p) });
    return history;
  });
  for (const row of rows) process.stdout.write(JSON.stringify(row) + '\n');
  process.stdout.write(JSON.stringify({ medianGapPoints: medianGap(rows), runs: rows.length }) + '\n');
  return 0;
}

runCommand(main);
