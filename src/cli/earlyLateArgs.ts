/** Command-line arguments of `npm run early-late`. */
import { NO_BUDGET_FLAG, splitCommandLine } from './args';

export interface EarlyLateArgs {
  source: string;
  lambdas: number[] | null;
  seeds: number[] | null;
  /** Hold the config to the lab's budget (false with --no-budget). */
  budget: boolean;
}

export const EARLY_LATE_USAGE = `usage: npm run early-late -- <config.json | share link | query> [--lambdas 20,25] [--seeds 1,2,3] [--no-budget]

Trains the early (prior from step 0) and the late (prior from the config's t_on, or half the
epochs) run of the config for every λ and seed given (default: the config's own), on WASM, and
prints for each the test accuracy of both at matched APL and the gap, then the median gap.
This is how the "Linearize early vs late" preset was chosen.`;

function numberList(value: string | undefined, name: string, example: string, check: (n: number) => boolean): number[] | string {
  const items = (value ?? '').split(',').map((s) => Number(s.trim()));
  if (!value || items.some((n) => !check(n))) return `${name} takes a comma-separated list, e.g. ${name} ${example}; got ${value ?? 'nothing'}`;
  return items;
}

export function parseEarlyLateArgs(argv: string[]): EarlyLateArgs | { error: string } {
  const split = splitCommandLine(argv.filter((a) => a !== NO_BUDGET_FLAG), ['--lambdas', '--seeds']);
  if ('error' in split) return split;
  let lambdas: number[] | null = null;
  let seeds: number[] | null = null;
  if (split.options.has('--lambdas')) {
    const list = numberList(split.options.get('--lambdas'), '--lambdas', '20,25', (n) => Number.isFinite(n) && n > 0);
    if (typeof list === 'string') return { error: list };
    lambdas = list;
  }
  if (split.options.has('--seeds')) {
    const list = numberList(split.options.get('--seeds'), '--seeds', '1,2,3', (n) => Number.isInteger(n) && n >= 0);
    if (typeof list === 'string') return { error: list };
    seeds = list;
  }
  return { source: split.source, lambdas, seeds, budget: !argv.includes(NO_BUDGET_FLAG) };
}
