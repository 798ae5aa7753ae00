/** `npm run experiment -- <config.json | share link>`: trains headlessly and prints JSON lines. */
import * as tf from '../engine/tf';
import { setNodeBackend } from '../node/tfNode';
import { EXIT_DIVERGED, parseArgs, USAGE } from './args';
import { evaluationLine, flagDiverged, jsonLine } from './jsonLine';
import { readDataFile } from './nodeData';
import { configFromCommandLine } from './readConfig';
import { runCommand } from './runCommand';
import { runExperiment } from './runExperiment';

async function main(): Promise<number> {
  const start = configFromCommandLine(parseArgs(process.argv.slice(2)), USAGE);
  if (typeof start === 'number') return start;
  const { args, config } = start;

  const attempts = [];
  let backend: string = args.backend;
  try {
    await setNodeBackend(args.backend);
    attempts.push({ name: args.backend, ok: true, detail: 'started' });
  } catch (e) {
    attempts.push({ name: args.backend, ok: false, detail: (e as Error).message });
    process.stderr.write(`warning: ${args.backend} backend failed (${(e as Error).message}); using cpu\n`);
    await setNodeBackend('cpu');
    backend = 'cpu';
    attempts.push({ name: 'cpu', ok: true, detail: 'started' });
  }

  const summary = await runExperiment({
    config,
    backend: { name: tf.getBackend(), reason: `CLI: ${backend} chosen on the command line`, attempts },
    readFile: readDataFile,
    maxSteps: args.maxSteps,
    linearizeAt: args.linearizeAt ?? null,
    evaluateAtStart: true,
    onEvaluation: (point) => process.stdout.write(evaluationLine(point) + '\n'),
  });
  process.stdout.write(jsonLine({ summary: { ...summary, final: summary.final && flagDiverged(summary.final) } }) + '\n');
  if (summary.diverged) {
    process.stderr.write(`error: training diverged: ${summary.diverged}\n`);
    return EXIT_DIVERGED;
  }
  return 0;
}

runCommand(main);
