/** `npm run findings` arguments. */
export interface FindingsArgs {
  seeds: number[];
  claims: string[] | null;
  workers: number;
  out: string;
  /** Cut every run at this many steps (the command's own tests); null = train as configured. */
  maxSteps: number | null;
  cacheDir: string;
  fresh: boolean;
}

export const FINDINGS_USAGE = `usage: npm run findings -- [--seeds 1,2,3,4] [--claims early-late,harder-task,collapse,core-special,
                                                      kernel-settle,linearize,widths]
                           [--workers N] [--out docs/findings.md] [--cache DIR] [--fresh] [--max-steps N]

Trains every run the lab's claims rest on (each claim over every seed), on N worker processes (default:
one per core), and writes the report. Finished runs are kept in the cache directory (default
.findings-cache), so a rerun only trains what is missing; --fresh ignores it.`;

export function parseFindingsArgs(argv: readonly string[], cores: number): FindingsArgs | { error: string } {
  const args: FindingsArgs = { seeds: [1, 2, 3, 4], claims: null, workers: cores, out: 'docs/findings.md', maxSteps: null, cacheDir: '.findings-cache', fresh: false };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    const needValue = () => {
      if (value === undefined) throw new Error(`${flag} needs a value`);
      i++;
      return value;
    };
    try {
      switch (flag) {
        case '--seeds':
          args.seeds = intList(needValue(), flag);
          break;
        case '--claims':
          args.claims = needValue().split(',').map((s) => s.trim()).filter(Boolean);
          break;
        case '--workers':
          args.workers = intList(needValue(), flag)[0];
          break;
        case '--out':
          args.out = needValue();
          break;
        case '--cache':
          args.cacheDir = needValue();
          break;
        case '--max-steps':
          args.maxSteps = intList(needValue(), flag)[0];
          break;
        case '--fresh':
          args.fresh = true;
          break;
        case '--help':
        case '-h':
          return { error: '' };
        default:
          return { error: `unknown argument ${flag}` };
      }
    } catch (e) {
      return { error: (e as Error).message };
    }
  }
  return args;
}

function intList(text: string, flag: string): number[] {
  const values = text.split(',').map((s) => Number(s.trim()));
  if (values.length === 0 || values.some((v) => !Number.isInteger(v) || v < 1)) throw new Error(`${flag} takes whole numbers ≥ 1, got "${text}"`);
  return values;
}
