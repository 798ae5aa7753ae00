/**
 * Where the time to the first training step goes, for one link opened as a user opens it (a fresh
 * browser, cold cache): `npx tsx bench/startTimeline.ts [--model=mlp|cnn] [--data=mnist|fashion-mnist]
 * [--query='v=3&…'] [--runs=N]` after `npm run build`. Serves dist/ on BENCH_PORT (default 4310) and
 * prints, in ms after navigation: the page's own resources, the status line's phases, the training
 * worker's resources (tfjs's wasm, the data file) and the first step shown. A diagnosis tool, not a
 * part of `npm run bench` (bench/appStart.ts and bench/streamedOpen.ts measure the same first step).
 */
import { chromium, type Worker } from '@playwright/test';
import { join } from 'node:path';
import { loadavg } from 'node:os';
import { preview } from 'vite';
import { defaultConfig, defaultsForDataset } from '../src/engine/config/defaults';
import { encodeConfig } from '../src/engine/config/urlCodec';
import { chromiumCpu, totalSeconds } from './measure/chromiumCpu';
import { START_WATCH_SCRIPT } from './streamedOpen';

const root = join(import.meta.dirname, '..');
const PORT = Number(process.env.BENCH_PORT ?? 4310);
const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);

interface Entry {
  name: string;
  start: number;
  end: number;
}

async function main(): Promise<void> {
  const data = arg('data') ?? 'mnist';
  const config = data === 'mnist' ? defaultConfig() : defaultsForDataset(data as 'fashion-mnist');
  if (arg('model')) config.model.kind = arg('model') as 'mlp' | 'cnn';
  const query = arg('query') ?? encodeConfig(config);
  const runs = Number(arg('runs') ?? 1);
  const server = await preview({ configFile: join(root, 'vite.config.ts'), root, logLevel: 'warn', preview: { port: PORT, strictPort: true, host: '127.0.0.1' } });
  try {
    for (let run = 0; run < runs; run++) {
      console.log(`\n# run ${run + 1}: ?${query.slice(0, 100)}… load ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
      const browser = await chromium.launch({
        executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
        headless: true,
        args: [
          ...['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--enable-unsafe-webgpu'],
          // As bench/run.ts measures a page's start: without the omnibox popup's WebUI (BENCH_OMNIBOX=1 keeps it).
          ...(process.env.BENCH_OMNIBOX === '1' ? [] : ['--disable-features=WebUIOmniboxPopup']),
        ],
      });
      try {
        const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
        const cpuBefore = chromiumCpu();
        await page.addInitScript(START_WATCH_SCRIPT);
        const workers: Worker[] = [];
        page.on('worker', (w) => workers.push(w));
        const tracePath = arg('trace');
        if (tracePath) await browser.startTracing(page, { path: `${tracePath}-${run + 1}.json`, categories: ['toplevel', 'devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'blink', 'cc', 'gpu', 'loading', 'disabled-by-default-v8.compile', '__metadata'] });
        await page.goto(`http://127.0.0.1:${PORT}/?${query}`, { waitUntil: 'commit' });
        await page.waitForFunction(() => (window as unknown as { __openBench: { firstStepAt: number | null } }).__openBench.firstStepAt !== null, null, { timeout: 90_000, polling: 50 });
        const cpuAtFirstStep = totalSeconds(chromiumCpu()) - totalSeconds(cpuBefore);
        if (tracePath) await browser.stopTracing();
        const byType = [...chromiumCpu()].map(([t, v]) => `${t} ${(v - (cpuBefore.get(t) ?? 0)).toFixed(2)}`).join(', ');
        console.log(`CPU by process type (s): ${byType}`);
        const pageSide = await page.evaluate(() => {
          const b = (window as unknown as { __openBench: { firstStepAt: number; phases: [string, number][] } }).__openBench;
          const entries = [
            ...performance.getEntriesByType('navigation').map((e) => ({ name: 'navigation: responseEnd / domInteractive', start: (e as PerformanceNavigationTiming).responseEnd, end: (e as PerformanceNavigationTiming).domInteractive })),
            ...performance.getEntriesByType('resource').map((e) => ({ name: e.name.replace(/^https?:\/\/[^/]+/, ''), start: e.startTime, end: (e as PerformanceResourceTiming).responseEnd })),
            ...performance.getEntriesByType('mark').map((e) => ({ name: `mark ${e.name}`, start: e.startTime, end: e.startTime })),
            ...performance.getEntriesByType('paint').map((e) => ({ name: e.name, start: e.startTime, end: e.startTime })),
          ];
          return { ...b, entries, timeOrigin: performance.timeOrigin };
        });
        const rows: Entry[] = [...pageSide.entries];
        for (const w of workers) {
          const side = await w
            .evaluate(() => ({
              timeOrigin: performance.timeOrigin,
              entries: [
                ...performance.getEntriesByType('resource').map((e) => ({ name: e.name.replace(/^https?:\/\/[^/]+/, ''), start: e.startTime, end: (e as PerformanceResourceTiming).responseEnd })),
                ...performance.getEntriesByType('mark').map((e) => ({ name: `mark ${e.name}`, start: e.startTime, end: e.startTime })),
                ...performance.getEntriesByType('measure').map((e) => ({ name: `measure ${e.name}`, start: e.startTime, end: e.startTime + e.duration })),
              ],
            }))
            .catch(() => null);
          if (!side) continue;
          // The worker's clock starts when the worker does: shift onto the page's.
          const shift = side.timeOrigin - pageSide.timeOrigin;
          rows.push({ name: `worker ${w.url().replace(/^https?:\/\/[^/]+/, '')} starts`, start: shift, end: shift });
          for (const e of side.entries) rows.push({ name: `  worker: ${e.name}`, start: e.start + shift, end: e.end + shift });
        }
        for (const [message, at] of pageSide.phases) rows.push({ name: `status: ${message.slice(0, 90)}`, start: at, end: at });
        rows.push({ name: 'FIRST STEP SHOWN', start: pageSide.firstStepAt, end: pageSide.firstStepAt });
        rows.sort((a, b) => a.start - b.start);
        const compact = pageSide.phases.map(([m, at]) => `${m.split(/[ :(…]/)[0]} ${Math.round(at)}`).join(', ');
        console.log(`SUMMARY first step ${Math.round(pageSide.firstStepAt)} ms, browser CPU ${cpuAtFirstStep.toFixed(2)} s; ${compact}`);
        if (!process.argv.includes('--quiet')) for (const r of rows) console.log(`${r.start.toFixed(0).padStart(6)} ${r.end > r.start + 0.5 ? `→ ${r.end.toFixed(0).padStart(6)}` : '        '}  ${r.name}`);
      } finally {
        await browser.close();
      }
    }
  } finally {
    await server.close();
  }
}

void main();
