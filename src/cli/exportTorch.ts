/**
 * `npm run export-torch -- <config.json | share link> [-o run.py] [--init init.json]`: writes the
 * experiment as a PyTorch script (stdout without -o) and, with --init, the lab's initial weights
 * for the script's --init-from.
 */
import { writeFileSync } from 'node:fs';
import { labInit } from '../engine/export/labInit';
import { torchScript } from '../engine/export/torchScript';
import { splitCommandLine } from './args';
import { configFromCommandLine } from './readConfig';
import { runCommand } from './runCommand';

export const EXPORT_TORCH_USAGE = `usage: npm run export-torch -- <config.json | share link | query> [-o run.py] [--init init.json]

Writes the experiment as one PyTorch script (to stdout without -o): python3 run.py trains it in one
process, torchrun --nproc_per_node=N run.py with DistributedDataParallel; it writes the lab's run
file (run.json) for Runs > Import JSON. --init also writes the lab's initial weights, which the
script takes with --init-from to start from exactly the lab's network.`;

export interface ExportTorchArgs {
  source: string;
  out: string | null;
  init: string | null;
}

export function parseExportTorchArgs(argv: string[]): ExportTorchArgs | { error: string } {
  const split = splitCommandLine(argv, ['-o', '--out', '--init']);
  if ('error' in split) return split;
  const value = (flag: string): string | null | { error: string } => {
    if (!split.options.has(flag)) return null;
    const v = split.options.get(flag);
    return v && !v.startsWith('-') ? v : { error: `${flag} needs a file name` };
  };
  const out = value('-o') ?? value('--out');
  const init = value('--init');
  if (out && typeof out === 'object') return out;
  if (init && typeof init === 'object') return init;
  return { source: split.source, out, init };
}

function main(): number {
  const start = configFromCommandLine(parseExportTorchArgs(process.argv.slice(2)), EXPORT_TORCH_USAGE);
  if (typeof start === 'number') return start;
  const { args, config } = start;
  const script = torchScript(config);
  if (args.out) {
    writeFileSync(args.out, script);
    process.stderr.write(`wrote ${args.out}\n`);
  } else {
    process.stdout.write(script);
  }
  if (args.init) {
    writeFileSync(args.init, JSON.stringify(labInit(config)));
    process.stderr.write(`wrote ${args.init} (use it with --init-from)\n`);
  }
  return 0;
}

if (process.argv[1] && /exportTorch\.ts$/.test(process.argv[1])) runCommand(main);
