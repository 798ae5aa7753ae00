/** `npm run findings`: measures every claim the lab teaches over seeds and writes docs/findings.md. */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import type { ExperimentConfig } from '../engine/config/types';
import { encodeConfig } from '../engine/config/urlCodec';
import { CLAIMS } from '../engine/experiments/findings/claims';
import { renderReport } from '../engine/experiments/findings/report';
import type { Claim, FindingRun, Outcomes, RunOutcome } from '../engine/experiments/findings/types';
import { FINDINGS_USAGE, parseFindingsArgs, type FindingsArgs } from './findings/args';
import { trainAll } from './findings/pool';
import { runCommand } from './runCommand';

async function main(): Promise<number> {
  const args = parseFindingsArgs(process.argv.slice(2), cpus().length);
  if ('error' in args) {
    if (args.error) process.stderr.write(`error: ${args.error}\n\n`);
    process.stderr.write(FINDINGS_USAGE + '\n');
    return args.error ? 2 : 0;
  }
  const claims = args.claims === null ? CLAIMS : CLAIMS.filter((c) => args.claims?.includes(c.id));
  const unknown = (args.claims ?? []).filter((id) => !CLAIMS.some((c) => c.id === id));
  if (unknown.length > 0) {
    process.stderr.write(`error: no claim ${unknown.join(', ')}; the claims are ${CLAIMS.map((c) => c.id).join(', ')}\n`);
    return 2;
  }
  const store = new OutcomeStore(args);
  await store.train(claims.flatMap((c) => c.runs(args.seeds)));
  await store.train(claims.flatMap((c) => c.followUps(args.seeds, store.lookup)));
  const reports = claims.map((c: Claim) => c.analyze(args.seeds, store.lookup));
  const command = `npm run findings${process.argv.length > 2 ? ' -- ' + process.argv.slice(2).join(' ') : ''}`;
  writeFileSync(
    args.out,
    renderReport(reports, {
      command,
      seeds: args.seeds,
      runs: store.size,
      backend: 'wasm',
      date: new Date().toISOString().slice(0, 10),
    }),
  );
  writeFileSync(
    args.out.replace(/\.md$/, '') + '.json',
    JSON.stringify({ command, seeds: args.seeds, claims: Object.fromEntries(reports.map((r) => [r.id, { verdict: r.verdict, measurements: r.measurements }])) }, null, 1) + '\n',
  );
  for (const r of reports) process.stdout.write(`${r.title}: ${r.verdict}. ${r.summary}\n`);
  process.stdout.write(`wrote ${args.out} and its numbers as JSON beside it\n`);
  return 0;
}

/** Outcomes by config link, trained at most once and kept on disk between invocations. */
class OutcomeStore {
  private readonly outcomes = new Map<string, RunOutcome>();

  constructor(private readonly args: FindingsArgs) {
    mkdirSync(args.cacheDir, { recursive: true });
  }

  get size(): number {
    return this.outcomes.size;
  }

  readonly lookup: Outcomes = (config: ExperimentConfig) => {
    const outcome = this.outcomes.get(encodeConfig(config));
    if (!outcome) throw new Error(`no outcome for ${encodeConfig(config)}`);
    return outcome;
  };

  async train(runs: readonly FindingRun[]): Promise<void> {
    const missing = new Map<string, string>();
    for (const { config } of runs) {
      const link = encodeConfig(config);
      if (this.outcomes.has(link) || missing.has(link)) continue;
      const cached = this.args.fresh ? null : this.readCache(link);
      if (cached) this.outcomes.set(link, cached);
      else missing.set(link, link);
    }
    if (missing.size === 0) return;
    process.stderr.write(`training ${missing.size} runs on ${this.args.workers} workers\n`);
    await trainAll([...missing.keys()].map((link) => ({ key: link, link })), {
      workers: this.args.workers,
      maxSteps: this.args.maxSteps,
      onDone: (link, outcome, left) => {
        this.outcomes.set(link, outcome);
        writeFileSync(this.cacheFile(link), JSON.stringify({ link, maxSteps: this.args.maxSteps, outcome }));
        process.stderr.write(`  ${left} left: ${outcome.history.at(-1)?.testAccuracy?.toFixed(3) ?? 'n/a'} ${link.slice(0, 120)}…\n`);
      },
    });
  }

  private cacheFile(link: string): string {
    const key = createHash('sha256').update(`${link}|${this.args.maxSteps ?? 'all'}`).digest('hex').slice(0, 24);
    return join(this.args.cacheDir, `${key}.json`);
  }

  private readCache(link: string): RunOutcome | null {
    const file = this.cacheFile(link);
    if (!existsSync(file)) return null;
    const stored = JSON.parse(readFileSync(file, 'utf8')) as { link: string; outcome: RunOutcome };
    return stored.link === link ? stored.outcome : null;
  }
}

runCommand(main);
