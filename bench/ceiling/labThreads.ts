/**
 * `npx tsx bench/ceiling/labThreads.ts [--rounds=2] [--model=cnn]` (issue #17): the lab with WASM threads
 * on against off, on the bench page, as `tsx bench/run.ts --only=pages` measures the lab: the real App
 * with its live panels on the real training worker, in phases alternating with the bare loop, plus the
 * engine's step in the bench's worker. Two builds of the bench page, served side by side: the usual one
 * (threads off, bench/dist, on BENCH_PORT) and one with LAB_USES_WASM_THREADS read as true
 * (./vite.labThreads.config.ts, on BENCH_PORT + 1), opened in turns (off, on, on, off, …). Reports lab
 * examples/s, lab / bare and long tasks of each. Measures only: the lab keeps threads off.
 */
import { chromium, type Browser } from '@playwright/test';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { build, preview, type PreviewServer } from 'vite';
import type { PageResult } from '../page/protocol';
import { summarize, throughputOf } from '../stats';

const root = join(import.meta.dirname, '..', '..');
const PORT = Number(process.env.BENCH_PORT ?? 4310);
const ROUNDS = Number(process.argv.find((a) => a.startsWith('--rounds='))?.slice('--rounds='.length) ?? 2);
const MODEL = process.argv.find((a) => a.startsWith('--model='))?.slice('--model='.length) ?? 'cnn';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' / ');
const log = (line: string) => console.log(`[labThreads ${new Date().toISOString().slice(11, 19)}, load ${load()}] ${line}`);

/** The page's result, and how many WASM pthread workers (blob: workers) its workers started. */
async function runPage(browser: Browser, port: number): Promise<{ result: PageResult | null; pthreads: number }> {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  let pthreads = 0;
  page.on('worker', (w) => (pthreads += w.url().startsWith('blob:') ? 1 : 0));
  try {
    const query = new URLSearchParams({ backend: 'wasm', budget: '100', labBudget: '60', models: MODEL, labSeconds: '10' });
    await page.goto(`http://127.0.0.1:${port}/bench.html?${query}`, { waitUntil: 'commit' });
    await page.waitForFunction(() => (window as unknown as { __bench?: PageResult }).__bench?.done === true, null, { timeout: 180_000, polling: 500 }).catch(() => undefined);
    return { result: await page.evaluate(() => (window as unknown as { __bench?: PageResult }).__bench ?? null), pthreads };
  } finally {
    await page.close().catch(() => undefined);
  }
}

interface Side {
  name: string;
  port: number;
  detail: string;
  lab: number[];
  bare: number[];
  ratios: number[];
  engine64: number[];
  engine256: number[];
  longTasks: { count: number; totalMs: number; longestMs: number; seconds: number }[];
  /** WASM pthread workers the page started (0: no threads). */
  pthreads: number;
}

async function main(): Promise<void> {
  log('building the bench page twice: threads off (bench/dist) and on (bench/ceiling/dist)');
  await build({ configFile: join(root, 'bench', 'vite.bench.config.ts'), logLevel: 'warn' });
  await build({ configFile: join(import.meta.dirname, 'vite.labThreads.config.ts'), logLevel: 'warn' });
  const servers: PreviewServer[] = [];
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
  try {
    servers.push(await preview({ configFile: join(root, 'bench', 'vite.bench.config.ts'), logLevel: 'warn', preview: { port: PORT, strictPort: true, host: '127.0.0.1' } }));
    servers.push(await preview({ configFile: join(import.meta.dirname, 'vite.labThreads.config.ts'), logLevel: 'warn', preview: { port: PORT + 1, strictPort: true, host: '127.0.0.1' } }));
    const sides: Side[] = [
      { name: 'threads off', port: PORT, detail: '', lab: [], bare: [], ratios: [], engine64: [], engine256: [], longTasks: [], pthreads: 0 },
      { name: 'threads on', port: PORT + 1, detail: '', lab: [], bare: [], ratios: [], engine64: [], engine256: [], longTasks: [], pthreads: 0 },
    ];
    for (let round = 0; round < ROUNDS; round++) {
      for (const side of round % 2 === 0 ? sides : [...sides].reverse()) {
        const { result: r, pthreads } = await runPage(browser, side.port);
        side.pthreads = Math.max(side.pthreads, pthreads);
        if (!r) {
          log(`  round ${round + 1} ${side.name}: no result`);
          continue;
        }
        side.detail = r.detail;
        const lab = r.lab[0];
        const num = (xs: (number | null)[] | undefined) => (xs ?? []).filter((x): x is number => x !== null);
        side.lab.push(...num(lab?.lab));
        side.bare.push(...num(lab?.bare));
        side.ratios.push(...(lab?.ratios ?? []));
        if (lab?.longTasks) side.longTasks.push(lab.longTasks);
        for (const e of r.engine) {
          const rate = throughputOf(e.stepMs, e.batch)?.median;
          if (rate) (e.batch === 64 ? side.engine64 : side.engine256).push(rate);
        }
        log(`  round ${round + 1} ${side.name} (lab: ${lab?.backend ?? '?'}, ${pthreads} pthread workers started; bench worker: ${r.detail}): lab ${num(lab?.lab).map((x) => x.toFixed(0)).join(' ')}, bare ${num(lab?.bare).map((x) => x.toFixed(0)).join(' ')} ex/s, lab/bare ${(lab?.ratios ?? []).map((x) => x.toFixed(2)).join(' ')}, long tasks ${JSON.stringify(lab?.longTasks)}${lab?.reason ? `, ${lab.reason}` : ''}`);
      }
    }
    const f = (xs: number[], d = 0) => {
      const s = summarize(xs);
      return s ? `${s.median.toFixed(d)} (${s.low.toFixed(d)}–${s.high.toFixed(d)}, n=${s.n})` : 'n/a';
    };
    console.log(`\n${MODEL} at batch 64, WASM, ${ROUNDS} rounds; load ${load()} at the end.`);
    console.log('| lab (pthread workers the page started) | bench worker (bare loop, engine) | lab ex/s (per phase) | bare ex/s (per phase) | lab / bare (per lab phase) | long tasks in lab phases | engine ex/s at 64 / 256 |');
    console.log('| --- | --- | --- | --- | --- | --- | --- |');
    for (const s of sides) {
      const lt = s.longTasks.reduce((a, t) => ({ count: a.count + t.count, seconds: a.seconds + t.seconds, longest: Math.max(a.longest, t.longestMs) }), { count: 0, seconds: 0, longest: 0 });
      console.log(`| ${s.name} (${s.pthreads}) | ${s.detail} | ${f(s.lab)} | ${f(s.bare)} | ${f(s.ratios, 2)} | ${lt.count} in ${lt.seconds.toFixed(0)} s (longest ${lt.longest.toFixed(0)} ms) | ${f(s.engine64)} / ${f(s.engine256)} |`);
    }
  } finally {
    await browser.close();
    for (const s of servers) await s.close();
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
