/** Command-line arguments of `npm run experiment`. */

export interface CliArgs {
  /** A config file path, a share link, or a bare query string. */
  source: string;
  backend: 'wasm' | 'cpu';
  /** Stop after this many steps (default: the config's epochs). */
  maxSteps: number | null;
  /** Linearize the network in its weights at this step (Fort et al.), or null. */
  linearizeAt?: number | null;
  /** Hold the config to the lab's budget (false with --no-budget). */
  budget: boolean;
}

/** The flag that lets a command train a config over the lab's budget. */
export const NO_BUDGET_FLAG = '--no-budget';

/** Exit code of a run whose loss or weights turned NaN or infinite (1 is an unexpected failure, 2 bad input). */
export const EXIT_DIVERGED = 3;

export const USAGE = `usage: npm run experiment -- <config.json | share link | query> [--backend wasm|cpu] [--max-steps N] [--linearize-at T] [--no-budget]

Trains the experiment headlessly on the same engine as the lab and prints one JSON object per
evaluation, then a summary. A share link or its query string (v=2&data=mnist&...) reproduces a run
made in the browser: same data, init and order. Non-finite values are written as "NaN" or
"Infinity" with "diverged": true. --linearize-at T trains, from step T on, the network linearized
in its weights around their values at step T (docs/method.md). A config over the lab's budget
(README, "Guarantees") is refused with a suggestion that fits, unless --no-budget is given.

Exit codes: 0 trained; 2 the input is not a config (no such file, not JSON, a link without
settings) or it is over the budget; ${EXIT_DIVERGED} training diverged (the loss or the weights became NaN or infinite); 1 anything else.`;

/** The shape both commands share: one config source, options that each take a value, --help. */
export function splitCommandLine(argv: string[], valued: readonly string[]): { source: string; options: Map<string, string | undefined> } | { error: string } {
  let source: string | null = null;
  const options = new Map<string, string | undefined>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (valued.includes(arg)) {
      options.set(arg, argv[++i]);
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
  return { source, options };
}

export function parseArgs(argv: string[]): CliArgs | { error: string } {
  const split = splitCommandLine(argv.filter((a) => a !== NO_BUDGET_FLAG), ['--backend', '--max-steps', '--linearize-at']);
  const budget = !argv.includes(NO_BUDGET_FLAG);
  if ('error' in split) return split;
  let backend: CliArgs['backend'] = 'wasm';
  let maxSteps: number | null = null;
  if (split.options.has('--backend')) {
    const value = split.options.get('--backend');
    if (value !== 'wasm' && value !== 'cpu') return { error: `--backend must be wasm or cpu, got ${value ?? 'nothing'}` };
    backend = value;
  }
  if (split.options.has('--max-steps')) {
    const raw = split.options.get('--max-steps');
    const value = Number(raw);
    if (!Number.isInteger(value) || value < 0) return { error: `--max-steps must be a whole number >= 0, got ${raw ?? 'nothing'}` };
    maxSteps = value;
  }
  if (split.options.has('--linearize-at')) {
    const raw = split.options.get('--linearize-at');
    const value = Number(raw);
    if (!Number.isInteger(value) || value < 0) return { error: `--linearize-at must be a whole number of steps >= 0, got ${raw ?? 'nothing'}` };
    return { source: split.source, backend, maxSteps, linearizeAt: value, budget };
  }
  return { source: split.source, backend, maxSteps, budget };
}
