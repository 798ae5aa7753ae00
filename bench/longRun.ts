/**
 * `npm run bench:long [-- --minutes=60 --port=4312 --every=30 --dist=dir]` (after `npm run build`): the lab's memory over a
 * long run. Opens the built app in headless Chromium at one evaluation per step and lets it train for
 * the given minutes, sampling the page's and the worker's JS heap and Chromium's process memory
 * (longRun/memorySampler.ts). Writes bench/results-long-run.json and its own block of BENCHMARKS.md.
 * It reports; it never fails because memory grew.
 */
import { chromium } from '@playwright/test';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { preview } from 'vite';
import { MemorySampler, type MemorySample } from './longRun/memorySampler';
import { renderLongRunBlock, LONG_RUN_END, LONG_RUN_START, type LongRunResults } from './longRun/longRunReport';
import { spliceBlock } from './reportBlock';
import { summarizeSamples, formatMiB } from './longRun/summary';

const root = join(import.meta.dirname, '..');
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
/** The long run (one evaluation per step), made long enough not to finish within the hour: 5,000 points at batch 1, 1,000 epochs. */
export const LONG_RUN_QUERY = 'v=2&data=xor&points=5000&epochs=1000&eval=1&bs=1&backend=wasm';

const arg = (name: string, fallback: number) => {
  const found = process.argv.find((a) => a.startsWith(`--${name}=`));
  const value = found ? Number(found.split('=')[1]) : fallback;
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number`);
  return value;
};
const log = (line: string) => console.log(`[bench:long ${new Date().toISOString().slice(11, 19)}] ${line}`);

async function main(): Promise<void> {
  const minutes = arg('minutes', 60);
  const port = arg('port', 4312);
  const everySeconds = arg('every', minutes >= 10 ? 30 : 5);
  if (!existsSync(join(root, 'dist', 'index.html')) && !process.argv.some((a) => a.startsWith('--dist='))) throw new Error('dist/ is missing: run `npm run build` first (npm run bench:long does).');
  const machine = { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', memoryGiB: totalmem() / 2 ** 30, loadAverage: loadavg() };
  // --dist: serve a copy of the build, so the app can be rebuilt while an hour-long run goes on.
  const dist = process.argv.find((a) => a.startsWith('--dist='))?.slice('--dist='.length) ?? join(root, 'dist');
  const server = await preview({ configFile: join(root, 'vite.config.ts'), root, logLevel: 'warn', build: { outDir: dist }, preview: { port, strictPort: true, host: '127.0.0.1' } });
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
  const samples: MemorySample[] = [];
  let problems: string[] = [];
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    const started = Date.now();
    await page.goto(`http://127.0.0.1:${port}/?${LONG_RUN_QUERY}`);
    const sampler = await MemorySampler.attach(browser, page);
    const stepShown = async () => {
      const text = (await page.getByTestId('step-counter').textContent({ timeout: 10_000 }).catch(() => '')) ?? '';
      const m = /step\s+([\d,]+)/.exec(text);
      return m ? Number(m[1].replace(/,/g, '')) : 0;
    };
    log(`${LONG_RUN_QUERY} for ${minutes} min, a sample every ${everySeconds} s`);
    const end = started + minutes * 60_000;
    for (let next = started; ; next += everySeconds * 1000) {
      const wait = next - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const t = (Date.now() - started) / 1000;
      const s = await sampler.sample(t, await stepShown());
      samples.push(s);
      log(`t ${t.toFixed(0)} s · step ${s.step} · page ${formatMiB(s.pageHeapBytes)} · worker ${s.workerHeapBytes === null ? 'n/a' : formatMiB(s.workerHeapBytes)} · renderer ${formatMiB(s.rendererBytes)} · all ${formatMiB(s.processBytes)}`);
      if (Date.now() >= end) break;
    }
    const status = (await page.getByTestId('status-line').textContent().catch(() => '')) ?? '';
    problems = [...problems, ...(/NaN|diverg/i.test(status) ? [`status: ${status}`] : [])];
    const last = samples[samples.length - 1];
    const results: LongRunResults = {
      date: new Date(started).toISOString(),
      machine,
      browser: `Chromium ${browser.version()} (headless)`,
      query: LONG_RUN_QUERY,
      minutes: (Date.now() - started) / 60_000,
      everySeconds,
      steps: last.step,
      status: status.trim(),
      problems,
      summary: summarizeSamples(samples),
      samples,
    };
    writeFileSync(join(import.meta.dirname, 'results-long-run.json'), `${JSON.stringify(results, null, 2)}\n`);
    const reportPath = join(root, 'BENCHMARKS.md');
    const existing = existsSync(reportPath) ? readFileSync(reportPath, 'utf8') : '# Benchmarks\n';
    writeFileSync(reportPath, spliceBlock(existing, renderLongRunBlock(results), LONG_RUN_START, LONG_RUN_END));
    log(`${last.step} steps; wrote bench/results-long-run.json and BENCHMARKS.md`);
  } finally {
    await browser.close().catch(() => undefined);
    await server.close().catch(() => undefined);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
