/**
 * `npm run bench` (after `npm run build`): measures the built app in headless Chromium on every
 * backend that starts, and the CLI's engine in Node; writes bench/results.json and the generated
 * part of BENCHMARKS.md, then the lab against a bare loop early and late in one run (lateRatio.ts) and
 * the cost per snapshot (snapshotCost.ts), each with its own file and block. It reports; it never fails because something is slow.
 */
import { chromium, type Browser } from '@playwright/test';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, freemem, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { build, preview, type PreviewServer } from 'vite';
import { measureAppStart, measureDatasetOpen, type AppStartRaw } from './appStart';
import { measureStreamedOpen, renderStreamedOpen } from './streamedOpen';
import { bundleSizes } from './bundleSize';
import { runLateRatio } from './lateRatio';
import { analysisRow, appStartRows, labVersusBareRows, MODELS, throughputRows } from './collect';
import { measureNodeAnalysis, measureNodeEngine, measureNodeKernelCost, nodeTfVersion } from './nodeEngine';
import type { PageResult } from './page/protocol';
import { renderAppStart, renderDatasetOpen, renderLabVersusBare, renderReport, renderVersusTorch, renderWasmThreads, spliceReport } from './report';
import { runSnapshotCost } from './snapshotCost';
import { measureWasmThreads } from './wasmThreads';
import { summarize } from './stats';
import type { AnalysisTiming, BenchResults, VersusTorch, WasmThreads } from './types';
import { measureVersusTorch } from './versusTorch';

const root = join(import.meta.dirname, '..');
// BENCH_PORT=n serves the app on n and the bench page on n + 1 (4310 unless set: a shared machine runs several).
const APP_PORT = Number(process.env.BENCH_PORT ?? 4310);
const BENCH_PORT = APP_PORT + 1;
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--enable-unsafe-webgpu'];
/**
 * For the measures of a page's start (the app as users open it, the Fashion-MNIST link): Chromium
 * 156 loads its omnibox popup's WebUI (hundreds of chrome:// modules, a renderer of its own) in the
 * first seconds after it starts, about 0.7-0.9 CPU seconds a second for 3 s on this machine, though
 * headless shows no omnibox. A user's browser did that when it started, not when they open a link;
 * here the bench opens the link right after the browser starts, so it would compete with the page
 * on 2 cores (BENCHMARKS.md, "Time to the first step"). `BENCH_OMNIBOX=1` keeps it, to compare.
 */
const START_ARGS = process.env.BENCH_OMNIBOX === '1' ? CHROMIUM_ARGS : [...CHROMIUM_ARGS, '--disable-features=WebUIOmniboxPopup'];

/**
 * Seconds per backend page; software GPUs and plain JS get fewer steps per measurement. `labBudget`:
 * the most one lab-against-bare measurement may take. Where a step takes seconds (the CNN: about 1.3 s
 * on WebGL, 4 s on the CPU, 11 s on WebGPU for the bare loop), its phases grow to hold several steps
 * and it gets fewer rounds (measure/phasePlan.ts): 3 on WebGL, 2 on the CPU and on WebGPU with these
 * budgets. Those pages' budgets grow by what their lab budget adds to the former 45 s, so the
 * measurements after the lab keep their time. WASM's 40 s hold its four default rounds after the start
 * and the first bare phase (a measurement ends when its rounds are done, not at its budget).
 */
const BACKENDS: { name: string; budget: number; labBudget: number; slow: boolean }[] = [
  { name: 'wasm', budget: 150, labBudget: 40, slow: false },
  { name: 'webgl', budget: 145, labBudget: 60, slow: true },
  { name: 'webgpu', budget: 425, labBudget: 300, slow: true },
  { name: 'cpu', budget: 175, labBudget: 110, slow: true },
];

const log = (line: string) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`);

/**
 * `--only=torch`, `--only=threads`, `--only=dataset`, `--only=open` (a cold Fashion-MNIST link, streamed:
 * bytes and time to the first step) or `--only=pages` (the lab against the bare loop on the bench page,
 * and the app's pick against the fastest backend; `--backends=wasm,cpu` to measure only some pages):
 * just that part, printed, nothing written (for runs by hand).
 * `--only=late`: the lab against the bare loop early and late in one run, printed and written to its own file and block.
 */
const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);
const onlyBackends = process.argv.find((a) => a.startsWith('--backends='))?.slice('--backends='.length).split(',');
/** Rounds of the lab against PyTorch. */
const TORCH_ROUNDS = 3;

async function main(): Promise<void> {
  const started = Date.now();
  const machine = { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', memoryGiB: totalmem() / 2 ** 30, platform: `${process.platform} ${process.arch}`, loadAverage: loadavg() };
  log(`machine: ${machine.cpus} × ${machine.cpuModel}, ${(freemem() / 2 ** 30).toFixed(1)} GiB free, load ${machine.loadAverage.map((l) => l.toFixed(2)).join(' ')}`);
  if (!existsSync(join(root, 'dist', 'index.html'))) throw new Error('dist/ is missing: run `npm run build` first (npm run bench does).');

  log('building the bench page');
  await build({ configFile: join(import.meta.dirname, 'vite.bench.config.ts'), logLevel: 'warn' });
  const servers: PreviewServer[] = [];
  let browser: Browser | null = null;
  try {
    servers.push(await preview({ configFile: join(root, 'vite.config.ts'), root, logLevel: 'warn', preview: { port: APP_PORT, strictPort: true, host: '127.0.0.1' } }));
    servers.push(await preview({ configFile: join(import.meta.dirname, 'vite.bench.config.ts'), logLevel: 'warn', preview: { port: BENCH_PORT, strictPort: true, host: '127.0.0.1' } }));
    const launch = (args = CHROMIUM_ARGS) => chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true, args });
    /** A browser on a fresh on-disk profile (its own disk cache), removed when the context closes. */
    const openProfile = async () => {
      const dir = mkdtempSync(join(tmpdir(), 'bench-profile-'));
      const context = await chromium.launchPersistentContext(dir, { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true, args: START_ARGS, viewport: { width: 1440, height: 900 } });
      // Chromium may still be writing the profile as it closes: retry, and never let a leftover folder end the run.
      context.on('close', () => {
        try {
          rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
        } catch {
          log(`  left ${dir} behind (${dir} could not be removed yet)`);
        }
      });
      return context;
    };

    const late = async () => {
      log('the lab against a bare loop early and late in one run (WASM, a few minutes)');
      browser = await launch();
      const block = await runLateRatio(browser, `http://127.0.0.1:${BENCH_PORT}`, log);
      await browser.close();
      browser = null;
      return block;
    };
    if (only === 'late') {
      console.log(await late());
      return;
    }

    log('the lab against PyTorch (WASM in Chromium, PyTorch on the CPU, alternating)');
    let versusTorch: VersusTorch = { available: false, reason: 'skipped (--only)' };
    if (!only || only === 'torch') {
      browser = await launch();
      versusTorch = await measureVersusTorch(browser, `http://127.0.0.1:${BENCH_PORT}`, TORCH_ROUNDS, log);
      await browser.close();
      browser = null;
    }
    if (only === 'torch') {
      console.log(renderVersusTorch(versusTorch));
      return;
    }
    if (only === 'open') {
      // OPEN_RATE_MBPS limits the data server's rate (a network slower than localhost).
      const rate = process.env.OPEN_RATE_MBPS ? Number(process.env.OPEN_RATE_MBPS) : null;
      console.log(renderStreamedOpen(await measureStreamedOpen(openProfile, `http://127.0.0.1:${APP_PORT}`, root, 120_000, rate)));
      return;
    }
    if (only === 'dataset') {
      console.log(renderDatasetOpen(await measureDatasetOpen(openProfile, `http://127.0.0.1:${APP_PORT}`, 120_000)));
      return;
    }
    let wasmThreads: WasmThreads | undefined;
    if (only !== 'pages') {
      log('WASM: threaded against one thread (alternating)');
      browser = await launch();
      wasmThreads = await measureWasmThreads(browser, `http://127.0.0.1:${BENCH_PORT}`, 3, log);
      await browser.close();
      browser = null;
    }
    if (only === 'threads' && wasmThreads) {
      console.log(renderWasmThreads(wasmThreads));
      return;
    }

    const pages: PageResult[] = [];
    let browserVersion = '';
    for (const backend of BACKENDS.filter((b) => !onlyBackends || onlyBackends.includes(b.name))) {
      log(`${backend.name}: up to ${backend.budget} s`);
      browser = await launch();
      browserVersion = browser.version();
      pages.push(await runBenchPage(browser, backend.name, backend.budget, backend.labBudget, backend.slow, backend.name === 'wasm'));
      await browser.close();
      browser = null;
    }

    const appRaw: AppStartRaw[] = [];
    for (const model of MODELS) {
      log(`app start, ${model}`);
      browser = await launch(START_ARGS);
      appRaw.push(await measureAppStart(browser, `http://127.0.0.1:${APP_PORT}`, model, 10, 60_000));
      log(`  ${JSON.stringify(appRaw[appRaw.length - 1])}`);
      await browser.close();
      browser = null;
    }

    if (only === 'pages') {
      const throughput = pages.flatMap((p) => (p.started ? throughputRows(p.backend, p.engine) : []));
      console.log(renderLabVersusBare(pages.flatMap(labVersusBareRows)), '\n');
      console.log(renderAppStart(appStartRows(appRaw, throughput)));
      return;
    }
    log('opening a Fashion-MNIST link, cold and warm');
    const datasetOpen = await measureDatasetOpen(openProfile, `http://127.0.0.1:${APP_PORT}`, 120_000);
    log(`  ${JSON.stringify(datasetOpen)}`);

    log('Node engine (the CLI): wasm');
    const nodeRuns = MODELS.flatMap((model) => [64, 256].map((batch) => ({ model, batch })));
    const nodeWasm = await measureNodeEngine('wasm', nodeRuns, { warmUp: 2, warmUpMs: 1000, maxSteps: 12, maxMs: 4000 });
    log('Node engine (the CLI): cpu');
    const nodeCpu = await measureNodeEngine('cpu', nodeRuns.filter((r) => r.batch === 64), { warmUp: 1, maxSteps: 4, maxMs: 4000 });
    log('Node analysis timing');
    const nodeAnalysis = await measureNodeAnalysis();
    log('Node tangent-kernel cost');
    const kernelCost = await measureNodeKernelCost([...MODELS]);

    const throughput = [
      ...pages.flatMap((p) => (p.started ? throughputRows(p.backend, p.engine) : [])),
      ...throughputRows('node-wasm', nodeWasm),
      ...throughputRows('node-cpu', nodeCpu),
    ];
    const analysis: AnalysisTiming[] = pages.map(analysisRow).filter((a): a is AnalysisTiming => a !== null);
    analysis.push({
      network: nodeAnalysis.network,
      backend: 'node-wasm',
      apl: okOr(nodeAnalysis.apl),
      aplAndCore: okOr(nodeAnalysis.aplAndCore),
      deviceShortlist: okOr(nodeAnalysis.deviceShortlist),
      fullRead: okOr(nodeAnalysis.fullRead),
    });
    const results: BenchResults = {
      date: new Date().toISOString(),
      machine,
      versions: versions(),
      browser: browserVersion ? `Chromium ${browserVersion} (headless, ${CHROMIUM_ARGS.join(' ')})` : 'none',
      backends: pages.map((p) => ({ backend: p.backend, started: p.started, detail: p.detail })),
      throughput,
      labVersusBare: pages.flatMap(labVersusBareRows),
      appStart: appStartRows(appRaw, throughput),
      analysis,
      kernelCost,
      versusTorch,
      wasmThreads,
      datasetOpen,
      bundle: bundleSizes(join(root, 'dist')),
      durationSeconds: (Date.now() - started) / 1000,
    };
    writeFileSync(join(import.meta.dirname, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
    const reportPath = join(root, 'BENCHMARKS.md');
    const existing = existsSync(reportPath) ? readFileSync(reportPath, 'utf8') : '# Benchmarks\n';
    writeFileSync(reportPath, spliceReport(existing, renderReport(results)));
    log(`wrote bench/results.json and BENCHMARKS.md in ${results.durationSeconds.toFixed(0)} s`);
    await late();
    log('cost per snapshot, early and late in one run (Node, wasm)');
    await runSnapshotCost(log);
  } finally {
    await browser?.close().catch(() => undefined);
    for (const s of servers) await s.close().catch(() => undefined);
  }
}

function okOr(spread: ReturnType<typeof summarize>) {
  return spread ? { ok: true as const, value: spread } : { ok: false as const, reason: 'no samples' };
}

async function runBenchPage(browser: Browser, backend: string, budgetSeconds: number, labBudgetSeconds: number, slow: boolean, analysis: boolean): Promise<PageResult> {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  const empty: PageResult = { backend, started: false, detail: '', engine: [], lab: [], analysis: null, done: false };
  try {
    const query = new URLSearchParams({
      backend,
      budget: String(budgetSeconds),
      labBudget: String(labBudgetSeconds),
      slow: slow ? '1' : '0',
      analysis: analysis ? '1' : '0',
      labSeconds: slow ? '9' : '10',
    });
    await page.goto(`http://127.0.0.1:${BENCH_PORT}/bench.html?${query}`, { waitUntil: 'commit' });
    // The page keeps its own budget; this is only the backstop (a hung page still yields what it has).
    await page
      .waitForFunction(() => (window as unknown as { __bench?: PageResult }).__bench?.done === true, null, { timeout: (budgetSeconds + 60) * 1000, polling: 500 })
      .catch(() => log(`  ${backend}: page did not finish; keeping what it measured`));
    const result = (await page.evaluate(() => (window as unknown as { __bench?: PageResult }).__bench ?? null)) ?? empty;
    log(`  ${backend}: ${(await page.locator('#bench-log').textContent())?.trim().split('\n').join('\n    ')}`);
    return result;
  } catch (error) {
    return { ...empty, detail: `bench page failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}` };
  } finally {
    await page.close().catch(() => undefined);
  }
}

function versions(): Record<string, string> {
  const versionOf = (pkg: string) => {
    try {
      return (JSON.parse(readFileSync(join(root, 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string }).version;
    } catch {
      return 'unknown';
    }
  };
  return {
    node: process.version,
    '@tensorflow/tfjs-core': nodeTfVersion(),
    '@tensorflow/tfjs-backend-wasm': versionOf('@tensorflow/tfjs-backend-wasm'),
    '@tensorflow/tfjs-backend-webgpu': versionOf('@tensorflow/tfjs-backend-webgpu'),
    '@playwright/test': versionOf('@playwright/test'),
    vite: versionOf('vite'),
    react: versionOf('react'),
  };
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
