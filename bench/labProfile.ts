/**
 * `npx tsx bench/labProfile.ts [mlp|cnn]` (after `npx tsx bench/run.ts --only=pages` built bench/dist):
 * where the lab's CPU goes in the browser while the bench page measures lab/bare (WASM unless LAB_BACKEND says). Opens the
 * bench page for one model, records a CPU profile of the page's main thread (CDP Profiler) for the
 * whole run, and the CPU time of every Chromium process (from /proc) by kind, the snapshots the page
 * received per second, and each bare phase's median step against its throughput (its steps over
 * their summed time: the bench's bare figure is the median). Prints the page's
 * self time by function and by source file, and each process kind's CPU. The lab phases are the
 * page's only work (the bench worker's bare loop and engine steps run off the main thread).
 * LAB_BACKEND=webgpu|cpu|webgl profiles that backend's page instead (bench/run.ts's budgets for it).
 * BENCH_PORT=n serves the bench page on n + 1, as bench/run.ts does.
 */
import { chromium } from '@playwright/test';
import { join } from 'node:path';
import { preview } from 'vite';
import { chromiumCpu } from './measure/chromiumCpu';
import { frameName, inclusiveByFunction, printMainThreadEvents, type CpuProfile, type TraceEvent } from './measure/cpuProfile';

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--enable-unsafe-webgpu'];
const port = Number(process.env.BENCH_PORT ?? 4310) + 1;
const model = process.argv[2] ?? 'mlp';
/** LAB_BACKEND=webgpu|cpu|webgl profiles another backend's page, with bench/run.ts's settings for it (fewer, longer phases). */
const backend = process.env.LAB_BACKEND ?? 'wasm';
const slow = backend !== 'wasm';
const budgets = slow ? { budget: backend === 'webgpu' ? 425 : 175, labBudget: backend === 'webgpu' ? 300 : 110, labSeconds: 9 } : { budget: 120, labBudget: 40, labSeconds: 10 };


function summarize(title: string, profile: CpuProfile, timeline: boolean): void {
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000));
  const byFunction = new Map<string, number>();
  const byFile = new Map<string, number>();
  let total = 0;
  for (const [id, ms] of self) {
    const frame = byId.get(id)?.callFrame;
    if (!frame) continue;
    const file = frame.url.split('/').pop() || '(native)';
    const name = frameName(frame);
    if (frame.functionName === '(idle)' || frame.functionName === '(program)') {
      byFile.set(frame.functionName, (byFile.get(frame.functionName) ?? 0) + ms);
      continue;
    }
    total += ms;
    byFunction.set(name, (byFunction.get(name) ?? 0) + ms);
    byFile.set(file, (byFile.get(file) ?? 0) + ms);
  }
  // Busy time (not idle) per second of the run: the lab phases stand out from the bare ones.
  if (timeline) {
  const perSecond: number[] = [];
  let t = 0;
  profile.samples.forEach((id, i) => {
    t += (profile.timeDeltas[i] ?? 0) / 1000;
    const name = byId.get(id)?.callFrame.functionName;
    if (name === '(idle)') return;
    const second = Math.floor(t / 1000);
    perSecond[second] = (perSecond[second] ?? 0) + (profile.timeDeltas[i + 1] ?? 0) / 1000;
  });
  console.log(`main thread busy ms per second of the run: ${Array.from(perSecond, (v) => Math.round(v ?? 0)).join(' ')}`);
  }
  const top = (m: Map<string, number>, n: number) => [...m.entries()].sort((a, b) => b[1] - a[1]).slice(0, n);
  console.log(`\n${title}: ${total.toFixed(0)} ms of script/GC/native self time sampled; by file:`);
  for (const [k, ms] of top(byFile, 12)) console.log(`  ${ms.toFixed(0).padStart(7)} ms  ${k}`);
  console.log('by function:');
  for (const [k, ms] of top(byFunction, 40)) console.log(`  ${ms.toFixed(0).padStart(7)} ms  ${k}`);
  const inclusive = inclusiveByFunction(profile, self);
  console.log('inclusive, by function:');
  for (const [k, ms] of top(inclusive, 70)) console.log(`  ${ms.toFixed(0).padStart(7)} ms  ${k}`);
}


async function main(): Promise<void> {
  const server = await preview({ configFile: join(import.meta.dirname, 'vite.bench.config.ts'), logLevel: 'warn', preview: { port, strictPort: true, host: '127.0.0.1' } });
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    // Counts the snapshots the training worker posts to the page (the bench's own worker posts none).
    await page.addInitScript(() => {
      const times: number[] = [];
      (window as unknown as { __snapshots: number[] }).__snapshots = times;
      const bare: number[][] = [];
      (window as unknown as { __bareSteps: number[][] }).__bareSteps = bare;
      const Original = window.Worker;
      window.Worker = class extends Original {
        constructor(url: string | URL, options?: WorkerOptions) {
          super(url, options);
          this.addEventListener('message', (e: MessageEvent<{ type?: string; kind?: string; stepMs?: number[] }>) => {
            if (e.data?.type === 'snapshot') times.push(performance.now());
            if (e.data?.kind === 'bare' && e.data.stepMs) bare.push(e.data.stepMs);
          });
        }
      };
    });
    // LAB_TRACE=1: a Chromium trace too (devtools.timeline), for what the CPU profile calls "(program)": style, layout, paint.
    const tracing = process.env.LAB_TRACE === '1';
    if (tracing) await browser.startTracing(page, { categories: ['devtools.timeline'] });
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
    await cdp.send('Profiler.start');
    await cdp.send('Performance.enable');
    const metrics = async () => Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
    const before = chromiumCpu();
    const started = Date.now();
    await page.goto(`http://127.0.0.1:${port}/bench.html?backend=${backend}&models=${model}&budget=${budgets.budget}&labBudget=${budgets.labBudget}&labSeconds=${budgets.labSeconds}&slow=${slow ? 1 : 0}`, { waitUntil: 'commit' });
    await page.waitForFunction(() => (window as unknown as { __bench?: { done: boolean } }).__bench?.done === true, null, { timeout: (budgets.budget + 80) * 1000, polling: 500 });
    const after = chromiumCpu();
    const m = await metrics();
    console.log(['TaskDuration', 'ScriptDuration', 'LayoutDuration', 'RecalcStyleDuration', 'ThreadTime', 'ProcessTime'].map((k) => `${k} ${Number(m[k]).toFixed(2)} s`).join(', '));
    console.log(['LayoutCount', 'RecalcStyleCount', 'Nodes', 'JSHeapUsedSize'].map((k) => `${k} ${Number(m[k]).toFixed(0)}`).join(', '));
    // Both ratios per lab phase, as the bench's table gives them (bench/report.ts).
    const lab = await page.evaluate(() => (window as unknown as { __bench?: { lab: { ratios: number[]; throughputRatios?: number[] }[] } }).__bench?.lab ?? []);
    for (const l of lab) console.log(`lab / bare per lab phase: by throughput ${(l.throughputRatios ?? []).map((r) => r.toFixed(2)).join(' ') || 'n/a'}; by median step ${l.ratios.map((r) => r.toFixed(2)).join(' ')}`);
    const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: CpuProfile };
    const snapshotTimes = await page.evaluate(() => (window as unknown as { __snapshots: number[] }).__snapshots);
    const perSecondSnapshots: number[] = [];
    for (const ts of snapshotTimes) perSecondSnapshots[Math.floor(ts / 1000)] = (perSecondSnapshots[Math.floor(ts / 1000)] ?? 0) + 1;
    console.log(`snapshots: ${snapshotTimes.length}; per second of the page: ${Array.from(perSecondSnapshots, (v) => v ?? 0).join(' ')}`);
    // The bench's bare rate is its phase's median step; a throughput (steps over their summed time) counts the slow steps too.
    const bareSteps = await page.evaluate(() => (window as unknown as { __bareSteps: number[][] }).__bareSteps);
    const batch = 64;
    for (const stepMs of bareSteps) {
      const sorted = [...stepMs].sort((a, b) => a - b);
      const median = sorted[Math.floor(sorted.length / 2)];
      const sum = stepMs.reduce((a, b) => a + b, 0);
      console.log(`bare phase: ${stepMs.length} steps; median step ${((batch * 1000) / median).toFixed(0)} ex/s, throughput ${((batch * 1000 * stepMs.length) / sum).toFixed(0)} ex/s (${(median * stepMs.length / sum).toFixed(2)} of it); slowest step ${sorted[sorted.length - 1].toFixed(1)} ms, median ${median.toFixed(1)} ms`);
    }
    const log = (await page.locator('#bench-log').textContent())?.trim() ?? '';
    console.log(log);
    console.log(`\nwall ${((Date.now() - started) / 1000).toFixed(1)} s; CPU seconds per Chromium process kind over the run:`);
    for (const [kind, s] of after) console.log(`  ${kind.padEnd(40)} ${(s - (before.get(kind) ?? 0)).toFixed(2)} s`);

    summarize('page main thread', profile, true);
    if (tracing) printMainThreadEvents('page', JSON.parse((await browser.stopTracing()).toString('utf8')) as { traceEvents: TraceEvent[] });
  } finally {
    await browser.close();
    await server.close();
  }
}

void main();
