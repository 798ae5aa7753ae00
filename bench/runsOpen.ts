/**
 * Opening the lab with many runs stored in IndexedDB: how long the page's main thread is blocked
 * until the Runs list shows them. `npx tsx bench/runsOpen.ts [--runs=10000] [--history=20]
 * [--rounds=3] [--dist=dist] [--versus=<another build's dist>] [--profile] [--trace]` after `npm run
 * build` (and, for --versus, a build of the other commit, e.g. `git archive 43a75bf | tar -x -C /tmp/base`
 * and `npx vite build --outDir /tmp/base-dist` there, or in this tree at that commit).
 *
 * Each round, for each build in turn (A, B, A, B…): a fresh browser context (empty IndexedDB), N run
 * records written straight into the lab's database as the lab of 43a75bf stores them (database
 * version 1, one object per run: config, `--history` evaluations, gates; a sweep group of 12 among
 * them), then the lab opened on a tiny xor link (it trains one run of its own), measured until the Runs
 * list shows the N runs and 1.5 s more; then the same page reloaded and measured again ("reopen": the
 * database already in the build's own shape, so a one-time upgrade is in "first" only).
 *
 * Per open: the long tasks (PerformanceObserver 'longtask') of the page's main thread: their total
 * blocking time (each task's time beyond 50 ms, as Lighthouse sums it) and the longest; the main
 * thread's time in tasks and its CPU time (CDP Performance.getMetrics TaskDuration, ThreadTime) from
 * navigation to the end of the window (the lab's own start and its tiny run included); and when the list showed the runs (ms after navigation). --profile adds the CPU profile of
 * the main thread by function; --trace the renderer main thread's trace events by name.
 * BENCH_PORT=n serves the builds on n and n + 1.
 */
import { chromium, type Browser, type CDPSession, type Page } from '@playwright/test';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { preview, type PreviewServer } from 'vite';
import { defaultConfig } from '../src/engine/config/defaults';
import { frameName, inclusiveByFunction, printMainThreadEvents, type CpuProfile, type TraceEvent } from './measure/cpuProfile';
import { pageWatchScript, readPageWatch, waitReached } from './measure/pageWatch';

const root = join(import.meta.dirname, '..');
const PORT = Number(process.env.BENCH_PORT ?? 4310);
const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const flag = (name: string) => process.argv.includes(`--${name}`);
const TINY = '/?v=2&name=Trained%20here&data=xor&points=200&hidden=6&lr=0.01&bs=32&epochs=2&eval=2&seed=4';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-features=WebUIOmniboxPopup'];

/** Watches the page from its first script: long tasks, and when the Runs list first counts at least `runsWanted` runs. */
const WATCH_SCRIPT = pageWatchScript(
  `((m) => m !== null && Number(m[1].replace(/,/g, '')) >= Number(sessionStorage.getItem('runsWanted') ?? 0))(/([\\d,]+) runs?/.exec(document.querySelector('.runs-sub')?.textContent ?? ''))`,
);

/**
 * A run record as the lab stores it (src/lab/history/runRecord.ts, record version 2; the bench reads
 * the engine only, so its shape is written out here), with `history` evaluations.
 */
type SeededRun = ReturnType<typeof templateRecord>;

/** One record as the lab stores a trained run; each seeded run is a copy with its own id, time and numbers. */
function templateRecord(history: number) {
  const config = defaultConfig();
  return {
    recordVersion: 2,
    id: 'template',
    name: 'template',
    createdAt: 0,
    updatedAt: 0,
    config: { ...config, dataset: { ...config.dataset, kind: 'xor' } },
    backend: 'wasm',
    history: Array.from({ length: history }, (_, k) => ({
      step: k * 10,
      epoch: k / 15,
      trainLoss: 0.69 / (1 + k),
      trainAccuracy: 0.5 + k / (3 * history),
      testLoss: 0.7 / (1 + k),
      testAccuracy: 0.5 + k / (3.1 * history),
      fractionNonlinear: 1 - k / (1.5 * history),
      aplNormalized: 2 - k / (1.5 * history),
      aplUnnormalized: 2 - k / (2 * history),
      lambda: 0.1,
      ntkDistance: k / history,
      ntkVelocity: k === 0 ? null : 0.01,
      ntkAlignment: 0.1,
    })),
    gates: [
      { name: 'dense 1', slopes: [0, 0.25, 0.5, 0.75, 1, 1, 0.5, 0.25], fractionNonlinear: 0.5 },
      { name: 'dense 2', slopes: [0, 0.25, 0.5, 0.75, 1, 1, 0.5, 0.25], fractionNonlinear: 0.5 },
    ],
    step: history * 10,
    totalSteps: history * 10,
    finished: true,
    diverged: null,
    source: 'trained',
    group: null as null | { id: string; kind: 'sweep'; name: string; member: string; label: string; index: number; size: number; linearizeAt: null; width: null },
  };
}

/** Writes `count` copies of `template` into the lab's database as version 1 (43a75bf's shape), 12 of them a sweep group. */
async function seed(page: Page, template: SeededRun, count: number): Promise<void> {
  await page.evaluate(
    async ({ template, count }) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open('nonlinear-lab', 1);
        request.onupgradeneeded = () => request.result.createObjectStore('runs', { keyPath: 'id' });
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(new Error(String(request.error)));
      });
      const base = Date.UTC(2026, 0, 1);
      for (let start = 0; start < count; start += 1000) {
        await new Promise<void>((resolve, reject) => {
          const tx = db.transaction('runs', 'readwrite');
          const store = tx.objectStore('runs');
          for (let i = start; i < Math.min(count, start + 1000); i++) {
            const r = structuredClone(template);
            r.id = `seeded-${i}`;
            r.name = `Stored run ${i + 1}`;
            r.createdAt = base + i * 60_000;
            r.updatedAt = r.createdAt + 30_000;
            r.config.training.seed = i + 1;
            for (const p of r.history) p.trainLoss *= 1 + i / count;
            if (i < 12) r.group = { id: 'seeded-sweep', kind: 'sweep', name: 'Frontier sweep, λ 2 to 200', member: `late@10epoch/λ=${i}`, label: `λ = ${i}`, index: i, size: 12, linearizeAt: null, width: null };
            store.put(r);
          }
          tx.oncomplete = () => resolve();
          tx.onerror = () => reject(new Error(String(tx.error)));
        });
      }
      db.close();
    },
    { template, count },
  );
}

interface OpenFigures {
  blockingMs: number;
  longestMs: number;
  longTasks: number;
  taskMs: number;
  threadCpuMs: number;
  listedAtMs: number;
}

async function metrics(cdp: CDPSession): Promise<Record<string, number>> {
  return Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
}

async function measureOpen(page: Page, cdp: CDPSession, go: () => Promise<unknown>, profile: boolean): Promise<{ figures: OpenFigures; profile?: CpuProfile }> {
  if (profile) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await cdp.send('Profiler.start');
  }
  await go();
  const listedAt = await waitReached(page, 120_000);
  await page.waitForTimeout(1500);
  const after = await metrics(cdp);
  const seen = await readPageWatch(page);
  const stopped = profile ? ((await cdp.send('Profiler.stop')) as unknown as { profile: CpuProfile }).profile : undefined;
  const durations = seen.longTasks.map((t) => t.duration);
  return {
    figures: {
      blockingMs: durations.reduce((s, d) => s + Math.max(0, d - 50), 0),
      longestMs: Math.max(0, ...durations),
      longTasks: durations.length,
      // Chromium starts these counters again with each navigation: they are the opened page's own.
      taskMs: after.TaskDuration * 1000,
      threadCpuMs: after.ThreadTime * 1000,
      listedAtMs: listedAt,
    },
    profile: stopped,
  };
}

function printProfile(title: string, profile: CpuProfile): void {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000));
  const bySelf = new Map<string, number>();
  for (const [id, ms] of self) {
    const frame = byId.get(id)?.callFrame;
    if (!frame || frame.functionName === '(idle)') continue;
    bySelf.set(frameName(frame), (bySelf.get(frameName(frame)) ?? 0) + ms);
  }
  const top = (m: Map<string, number>, n: number) => [...m.entries()].sort((a, b) => b[1] - a[1]).slice(0, n);
  console.log(`\n${title}: self time by function`);
  for (const [k, ms] of top(bySelf, 25)) console.log(`  ${ms.toFixed(0).padStart(7)} ms  ${k}`);
  console.log('inclusive, by function:');
  for (const [k, ms] of top(inclusiveByFunction(profile, self), 40)) console.log(`  ${ms.toFixed(0).padStart(7)} ms  ${k}`);
}


/** One build's open with `count` runs stored: the first open (from 43a75bf's database) and a reload. */
async function oneRound(browser: Browser, port: number, label: string, template: SeededRun, count: number): Promise<{ first: OpenFigures; reopen: OpenFigures }> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  try {
    const page = await context.newPage();
    const origin = `http://127.0.0.1:${port}`;
    await page.route(`${origin}/__seed`, (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>seed</title>' }));
    await page.goto(`${origin}/__seed`);
    await seed(page, template, count);
    // The lab's own run makes N + 1; the list counts as shown once it holds the N stored.
    await page.evaluate((n) => sessionStorage.setItem('runsWanted', String(n)), count);
    await page.addInitScript(WATCH_SCRIPT);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    const tracing = flag('trace');
    if (tracing) await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'blink', 'IndexedDB'] });
    const first = await measureOpen(page, cdp, () => page.goto(`${origin}${TINY}`, { waitUntil: 'commit' }), flag('profile'));
    if (tracing) printMainThreadEvents(`${label} first open`, JSON.parse((await browser.stopTracing()).toString('utf8')) as { traceEvents: TraceEvent[] });
    if (first.profile) printProfile(`${label} first open`, first.profile);
    const reopen = await measureOpen(page, cdp, () => page.reload({ waitUntil: 'commit' }), flag('profile'));
    if (reopen.profile) printProfile(`${label} reopen`, reopen.profile);
    return { first: first.figures, reopen: reopen.figures };
  } finally {
    await context.close();
  }
}

const fmt = (f: OpenFigures) =>
  `blocking ${f.blockingMs.toFixed(0).padStart(5)} ms, longest task ${f.longestMs.toFixed(0).padStart(5)} ms (${f.longTasks} long), tasks ${f.taskMs.toFixed(0).padStart(5)} ms, main-thread CPU ${f.threadCpuMs.toFixed(0).padStart(5)} ms, listed at ${f.listedAtMs.toFixed(0).padStart(5)} ms`;

async function main(): Promise<void> {
  const count = Number(arg('runs') ?? 10_000);
  const history = Number(arg('history') ?? 20);
  const rounds = Number(arg('rounds') ?? 3);
  const builds = [{ label: 'A', dist: resolve(root, arg('dist') ?? 'dist') }, ...(arg('versus') ? [{ label: 'B', dist: resolve(arg('versus')!) }] : [])];
  const servers: PreviewServer[] = [];
  for (const [i, b] of builds.entries()) {
    servers.push(await preview({ configFile: join(root, 'vite.config.ts'), root, logLevel: 'warn', build: { outDir: b.dist }, preview: { port: PORT + i, strictPort: true, host: '127.0.0.1' } }));
    console.log(`${b.label}: ${b.dist} on ${PORT + i}`);
  }
  console.log(`${count} runs stored, ${history} evaluations each; load ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  const template = templateRecord(history);
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
  const results = new Map<string, { first: OpenFigures[]; reopen: OpenFigures[] }>(builds.map((b) => [b.label, { first: [], reopen: [] }]));
  try {
    for (let round = 0; round < rounds; round++) {
      for (const [i, b] of builds.entries()) {
        const { first, reopen } = await oneRound(browser, PORT + i, b.label, template, count);
        results.get(b.label)!.first.push(first);
        results.get(b.label)!.reopen.push(reopen);
        console.log(`round ${round + 1} ${b.label} first:  ${fmt(first)}; load ${loadavg()[0].toFixed(2)}`);
        console.log(`round ${round + 1} ${b.label} reopen: ${fmt(reopen)}`);
      }
    }
  } finally {
    await browser.close();
    for (const s of servers) await s.close();
  }
  const range = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    return `${s[Math.floor(s.length / 2)].toFixed(0)} (${s[0].toFixed(0)}–${s[s.length - 1].toFixed(0)})`;
  };
  console.log(`\nmedian (range) over ${rounds} rounds; load ${loadavg().map((l) => l.toFixed(2)).join(' ')} at the end`);
  for (const b of builds) {
    for (const kind of ['first', 'reopen'] as const) {
      const fs = results.get(b.label)![kind];
      console.log(
        `${b.label} ${kind.padEnd(6)}: blocking ${range(fs.map((f) => f.blockingMs))} ms, longest task ${range(fs.map((f) => f.longestMs))} ms, main-thread CPU ${range(fs.map((f) => f.threadCpuMs))} ms, listed at ${range(fs.map((f) => f.listedAtMs))} ms`,
      );
    }
  }
}

void main();
