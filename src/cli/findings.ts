/** `npm run findings`: measures every claim the lab teaches over seeds and writes docs/findings.md. */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import type { ExperimentConfig } from '../engine/config/types';
import { encodeConfig } from '../engine/config/urlCodec';
import { v2LinkOf } from '../engine/config/v2Link';
import { CLAIMS } from '../engine/experiments/findings/claims';
import { renderReport } from '../engine/experiments/findings/report';
import type { Claim, FindingRun, Outcomes, RunOutcome } from '../engine/experiments/findings/types';
import { FINDINGS_USAGE, parseFindingsArgs, type FindingsArgs } from './findings/args';
import { trainAll, type Job } from './findings/pool';
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

  readonly lookup: Outcomes = (config: ExperimentConfig, linearizeAt: number | null = null) => {
    const key = runKey(encodeConfig(config), linearizeAt);
    const outcome = this.outcomes.get(key);
    if (!outcome) throw new Error(`no outcome for ${key}`);
    return outcome;
  };

  async train(runs: readonly FindingRun[]): Promise<void> {
    const missing = new Map<string, Job>();
    for (const { config, linearizeAt = null, kernel = false } of runs) {
      const link = encodeConfig(config);
      const key = runKey(link, linearizeAt);
      if ((this.outcomes.has(key) && !(kernel && !measuredKernel(this.outcomes.get(key)))) || missing.has(key)) continue;
      const cached = this.args.fresh ? null : (this.readCache(key) ?? this.readV2Cache(config, linearizeAt));
      if (cached && (!kernel || measuredKernel(cached))) this.outcomes.set(key, cached);
      else missing.set(key, { key, link, linearizeAt });
    }
    if (missing.size === 0) return;
    process.stderr.write(`training ${missing.size} runs on ${this.args.workers} workers\n`);
    await trainAll([...missing.values()], {
      workers: this.args.workers,
      maxSteps: this.args.maxSteps,
      onDone: (key, outcome, left) => {
        const { link, linearizeAt } = missing.get(key) as Job;
        this.outcomes.set(key, outcome);
        writeFileSync(this.cacheFile(key), JSON.stringify({ link, ...(linearizeAt === null ? {} : { linearizeAt }), maxSteps: this.args.maxSteps, outcome }));
        process.stderr.write(`  ${left} left: ${outcome.history.at(-1)?.testAccuracy?.toFixed(3) ?? 'n/a'} ${key.slice(0, 120)}…\n`);
      },
    });
  }

  private cacheFile(key: string): string {
    const hash = createHash('sha256').update(`${key}|${this.args.maxSteps ?? 'all'}`).digest('hex').slice(0, 24);
    return join(this.args.cacheDir, `${hash}.json`);
  }

  /** A run cached before config v3 under its v2 link, which means the same run (engine/config/v2Link.ts). */
  private readV2Cache(config: ExperimentConfig, linearizeAt: number | null): RunOutcome | null {
    const link = v2LinkOf(config);
    return link === null ? null : this.readCache(runKey(link, linearizeAt));
  }

  private readCache(key: string): RunOutcome | null {
    const file = this.cacheFile(key);
    if (!existsSync(file)) return null;
    const stored = JSON.parse(readFileSync(file, 'utf8')) as { link: string; linearizeAt?: number; outcome: RunOutcome };
    return runKey(stored.link, stored.linearizeAt ?? null) === key ? stored.outcome : null;
  }
}

/** A run's identity: its link, and the step it was linearized at (the real network's key is its link alone). */
function runKey(link: string, linearizeAt: number | null): string {
  return linearizeAt === null ? link : `${link}|linearize=${linearizeAt}`;
}

/** Outcomes cached before the tangent kernel was measured have no kernel readings. */
const measuredKernel = (outcome: RunOutcome | undefined): boolean => outcome?.history.some((p) => typeof p.ntkDistance === 'number') ?? false;

runCommand(main);
