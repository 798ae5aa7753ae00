/** `npm run early-late -- <config | link> [--lambdas ..] [--seeds ..]`: the early-vs-late gap at matched APL, measured. */
import * as tf from '../engine/tf';
import { measureEarlyLate, medianGap } from '../engine/experiments/earlyLateGap';
import type { EvalPoint } from '../engine/training/snapshot';
import { useNodeBackend } from '../node/tfNode';
import { EARLY_LATE_USAGE, parseEarlyLateArgs } from './earlyLateArgs';
import { readDataFile } from './nodeData';
import { readConfig } from './readConfig';
import { runExperiment } from './runExperiment';

async function main(): Promise<number> {
  const args = parseEarlyLateArgs(process.argv.slice(2));
  if ('error' in args) {
    if (args.error) process.stderr.write(`error: ${args.error}\n\n`);
    process.stderr.write(EARLY_LATE_USAGE + '\n');
    return args.error ? 2 : 0;
  }
  const read = readConfig(args.source);
  if ('error' in read) {
    process.stderr.write(`error: ${read.error}\n`);
    return 2;
  }
  for (const issue of read.issues) process.stderr.write(`warning: ${issue.field}: ${issue.message}\n`);
  await useNodeBackend('wasm');
  const backend = { name: tf.getBackend(), reason: 'CLI: wasm', attempts: [] };

  const rows = await measureEarlyLate(read.config, args.lambdas ?? [read.config.prior.lambda], args.seeds ?? [read.config.training.seed], async (config) => {
    const history: EvalPoint[] = [];
    await runExperiment({ config, backend, readFile: readDataFile, maxSteps: null, onEvaluation: (p) => history.push(p) });
    return history;
  });
  for (const row of rows) process.stdout.write(JSON.stringify(row) + '\n');
  process.stdout.write(JSON.stringify({ medianGapPoints: medianGap(rows), runs: rows.length }) + '\n');
  return 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`error: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  },
);
