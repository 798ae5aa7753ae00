/**
 * `npm run linearize -- <config | link> --at 0,100,300 [--seeds 1,2,3,4]`: final test accuracy of
 * the network linearized at each step against the real network (Fort et al.), measured.
 * `npm run widths -- <config | link> --widths 8,32,128 [--seeds ..]`: the tangent kernel's distance
 * from init at the end of training against hidden width (Liu, Zhu & Belkin).
 */
import * as tf from '../engine/tf';
import { measureLinearization, measureWidths, summarizeLinearization, median } from '../engine/experiments/linearizationGrid';
import type { EvalPoint } from '../engine/training/snapshot';
import { setNodeBackend } from '../node/tfNode';
import { splitCommandLine } from './args';
import { readDataFile } from './nodeData';
import { configFromCommandLine } from './readConfig';
import { runCommand } from './runCommand';
import { runExperiment } from './runExperiment';

const mode = process.argv[2] === '--widths-mode' ? 'widths' : 'linearize';
const listOption = mode === 'widths' ? '--widths' : '--at';

const USAGE = `usage: npm run ${mode === 'widths' ? 'widths' : 'linearize'} -- <config.json | share link | query> ${listOption} ${mode === 'widths' ? '8,32,128' : '0,100,300'} [--seeds 1,2,3,4]

${
  mode === 'widths'
    ? 'Trains the config with every hidden layer at each width, per seed, on WASM, and prints the\ntangent kernel\'s distance from init at the end of training (and the final test accuracy).'
    : 'Trains the config (the real network) and, per step t, the network linearized in its weights at\nstep t, per seed, on WASM, and prints the final test accuracy of each and the real minus\nlinearized gap.'
}`;

function parse(argv: string[]): { source: string; list: number[]; seeds: number[] | null } | { error: string } {
  const split = splitCommandLine(argv, [listOption, '--seeds']);
  if ('error' in split) return split;
  const numbers = (name: string, min: number): number[] | string => {
    const raw = split.options.get(name);
    const items = (raw ?? '').split(',').map((s) => Number(s.trim()));
    return raw && items.every((n) => Number.isInteger(n) && n >= min) ? items : `${name} takes a comma-separated list of whole numbers >= ${min}; got ${raw ?? 'nothing'}`;
  };
  const list = numbers(listOption, mode === 'widths' ? 1 : 0);
  if (typeof list === 'string') return { error: list };
  let seeds: number[] | null = null;
  if (split.options.has('--seeds')) {
    const s = numbers('--seeds', 0);
    if (typeof s === 'string') return { error: s };
    seeds = s;
  }
  return { source: split.source, list, seeds };
}

async function main(): Promise<number> {
  const argv = process.argv.slice(mode === 'widths' ? 3 : 2);
  const start = configFromCommandLine(parse(argv), USAGE);
  if (typeof start === 'number') return start;
  const { args, config } = start;
  await setNodeBackend('wasm');
  const backend = { name: tf.getBackend(), reason: 'CLI: wasm', attempts: [] };
  const train = async (runConfig: typeof config, linearizeAt: number | null) => {
    const history: EvalPoint[] = [];
    await runExperiment({ config: runConfig, backend, readFile: readDataFile, maxSteps: null, linearizeAt, onEvaluation: (p) => history.push(p) });
    return history;
  };
  const seeds = args.seeds ?? [config.training.seed];
  if (mode === 'widths') {
    const rows = await measureWidths(config, args.list, seeds, train);
    for (const row of rows) process.stdout.write(JSON.stringify(row) + '\n');
    const byWidth = args.list.map((width) => ({
      width,
      medianKernelDistance: median(rows.filter((r) => r.width === width && r.finalKernelDistance !== null).map((r) => r.finalKernelDistance as number)),
      medianAccuracy: median(rows.filter((r) => r.width === width && r.finalTestAccuracy !== null).map((r) => r.finalTestAccuracy as number)),
    }));
    process.stdout.write(JSON.stringify({ summary: byWidth, seeds }) + '\n');
  } else {
    const rows = await measureLinearization(config, args.list, seeds, train);
    for (const row of rows) process.stdout.write(JSON.stringify(row) + '\n');
    process.stdout.write(JSON.stringify({ summary: summarizeLinearization(rows), seeds }) + '\n');
  }
  return 0;
}

runCommand(main);
