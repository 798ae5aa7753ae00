/** Command-line arguments of `npm run experiment`. */

export interface CliArgs {
  /** A config file path, a share link, or a bare query string. */
  source: string;
  backend: 'wasm' | 'cpu';
  /** Stop after this many steps (default: the config's epochs). */
  maxSteps: number | null;
}

export const USAGE = `usage: npm run experiment -- <config.json | share link | query> [--backend wasm|cpu] [--max-steps N]

Trains the experiment headlessly on the same engine as the lab and prints one JSON object per
evaluation, then a summary. A share link or its query string (v=1&data=mnist&...) reproduces a run
made in the browser: same data, init and order.`;

export function parseArgs(argv: string[]): CliArgs | { error: string } {
  let source: string | null = null;
  let backend: CliArgs['backend'] = 'wasm';
  let maxSteps: number | null = null;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--backend') {
      const value = argv[++i];
      if (value !== 'wasm' && value !== 'cpu') return { error: `--backend must be wasm or cpu, got ${value ?? 'nothing'}` };
      backend = value;
    } else if (arg === '--max-steps') {
      const value = Number(argv[++i]);
      if (!Number.isInteger(value) || value < 0) return { error: `--max-steps must be a whole number >= 0, got ${argv[i] ?? 'nothing'}` };
      maxSteps = value;
    } else if (arg === '--help' || arg === '-h') {
      return { error: '' };
    } else if (arg.startsWith('--')) {
      return { error: `unknown option ${arg}` };
    } else if (source === null) {
      source = arg;
    } else {
      return { error: `one config at a time; got ${source} and ${arg}` };
    }
  }
  if (source === null) return { error: 'missing config: give a config.json path or a share link' };
  return { source, backend, maxSteps };
}
