/**
 * The page's cost of drawing the lab's snapshots, apart from training (bench/page/drawCost.tsx), after
 * `npx tsx bench/run.ts --only=pages` or `npx vite build --config bench/vite.bench.config.ts` built bench/dist:
 *
 *   npx tsx bench/drawCost.ts record events.json [seconds]   the events of the bench's MLP run on WASM,
 *                                                            played and paused as lab/bare does
 *   npx tsx bench/drawCost.ts replay events.json [rounds]    the App draws those events, `rounds` times
 *
 * replay prints, per round, the renderer process's CPU time (ProcessTime: the page with its compositor and
 * raster threads; nothing else runs in it meanwhile), the page main thread's (CDP Performance.getMetrics ThreadTime)
 * and its task, script, layout and style time, per snapshot drawn. The same file replayed by two
 * checkouts compares their drawing on the same snapshots; CPU time, unlike the lab/bare ratio, does not
 * count what other jobs on the machine take. LAB_TRACE=1 adds a Chromium trace of the main thread by
 * event (paint and the rest that a CPU profile calls "(program)"), LAB_PROFILE=1 a CPU profile by function,
 * LAB_MUTATIONS=1 the DOM mutations per snapshot by panel, element and attribute. BENCH_PORT=n serves on n + 1.
 */
import { chromium } from '@playwright/test';
import { readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { preview } from 'vite';
import type { DrawCostWindow } from './page/drawCost';
import { summarize } from './stats';
import { frameName, inclusiveByFunction, type CpuProfile, type TraceEvent } from './measure/cpuProfile';

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const port = Number(process.env.BENCH_PORT ?? 4310) + 1;
const [command, file, count] = process.argv.slice(2);
const METRICS = ['ProcessTime', 'ThreadTime', 'TaskDuration', 'ScriptDuration', 'LayoutDuration', 'RecalcStyleDuration', 'LayoutCount', 'RecalcStyleCount'] as const;

async function main(): Promise<void> {
  if ((command !== 'record' && command !== 'replay') || !file) throw new Error('usage: drawCost.ts record|replay <events.json> [seconds|rounds]');
  const server = await preview({ configFile: join(import.meta.dirname, 'vite.bench.config.ts'), logLevel: 'warn', preview: { port, strictPort: true, host: '127.0.0.1' } });
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(`http://127.0.0.1:${port}/bench.html?mode=draw`);
    await page.waitForFunction(() => typeof (window as unknown as DrawCostWindow).__drawReplay === 'function');
    if (command === 'record') {
      const seconds = Number(count ?? '20');
      const events = await page.evaluate((s) => (window as unknown as DrawCostWindow).__drawRecord?.(s) ?? [], seconds);
      writeFileSync(file, JSON.stringify(events));
      const snapshots = events.filter((e) => e.type === 'snapshot').length;
      console.log(`recorded ${events.length} events (${snapshots} snapshots) in ${seconds} s to ${file}`);
      return;
    }
    const events = JSON.parse(readFileSync(file, 'utf8')) as Parameters<NonNullable<DrawCostWindow['__drawReplay']>>[0];
    // One session for the whole replay: Chromium counts these metrics from the moment they are enabled.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const metrics = async () => Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value])) as Record<string, number>;
    const rounds = Number(count ?? '5');
    const perSnapshot: Record<string, number[]> = {};
    console.log(`load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
    for (let round = 0; round < rounds; round++) {
      const tracing = process.env.LAB_TRACE === '1' && round === rounds - 1;
      const profiling = process.env.LAB_PROFILE === '1' && round === rounds - 1;
      if (tracing) await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'cc', ...(process.env.LAB_INVALIDATIONS === '1' ? ['disabled-by-default-devtools.timeline.invalidationTracking'] : [])] });
      if (profiling) {
        await cdp.send('Profiler.enable');
        await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
        await cdp.send('Profiler.start');
      }
      const before = await metrics();
      const { snapshots, ms, mutations } = await page.evaluate((e) => {
        const replay = (window as unknown as DrawCostWindow).__drawReplay;
        if (!replay) throw new Error('the bench page has no replay (?mode=draw)');
        return replay(e);
      }, events);
      const after = await metrics();
      const delta = Object.fromEntries(METRICS.map((k) => [k, (after[k] ?? 0) - (before[k] ?? 0)]));
      const row = METRICS.map((k) => (k.endsWith('Count') ? `${k} ${(delta[k] / snapshots).toFixed(2)}` : `${k} ${((1000 * delta[k]) / snapshots).toFixed(2)} ms`));
      console.log(`round ${round + 1}: ${snapshots} snapshots in ${(ms / 1000).toFixed(1)} s; per snapshot: ${row.join(', ')}`);
      // The first round also compiles and mounts: the figures are the later rounds'.
      if (round > 0) for (const k of METRICS) (perSnapshot[k] ??= []).push(k.endsWith('Count') ? delta[k] / snapshots : (1000 * delta[k]) / snapshots);
      if (process.env.LAB_MUTATIONS === '1' && round === rounds - 1) {
        console.log('  DOM mutations per snapshot (panel element.attribute, child list +added/-removed, text):');
        for (const [k, n] of Object.entries(mutations).sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(`    ${(n / snapshots).toFixed(1).padStart(8)}  ${k}`);
      }
      if (profiling) summarizeProfile(((await cdp.send('Profiler.stop')) as unknown as { profile: CpuProfile }).profile, snapshots);
      if (tracing) summarizeTrace(JSON.parse((await browser.stopTracing()).toString('utf8')) as { traceEvents: TraceEvent[] }, snapshots);
    }
    console.log('per snapshot, rounds 2 on (median, range):');
    for (const k of METRICS) {
      const s = summarize(perSnapshot[k] ?? []);
      if (s) console.log(`  ${k.padEnd(20)} ${s.median.toFixed(2)} (${s.low.toFixed(2)}–${s.high.toFixed(2)}, n=${s.n})${k.endsWith('Count') ? '' : ' ms'}`);
    }
    console.log(`load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  } finally {
    await browser.close();
    await server.close();
  }
}

/**
 * LAB_PROFILE=1: a CPU profile of the last round, ms per snapshot by function, self and inclusive
 * (readable with a bench page built unminified: `npx vite build --config bench/vite.bench.config.ts --minify false`).
 */
function summarizeProfile(profile: CpuProfile, snapshots: number): void {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i + 1] ?? 0) / 1000));
  const name = (id: number) => {
    const f = byId.get(id)?.callFrame;
    return f ? frameName(f) : '?';
  };
  const selfByName = new Map<string, number>();
  for (const [id, ms] of self) selfByName.set(name(id), (selfByName.get(name(id)) ?? 0) + ms);
  const inclusive = inclusiveByFunction(profile, self);
  const top = (m: Map<string, number>, k: number) => [...m.entries()].sort((a, b) => b[1] - a[1]).slice(0, k);
  console.log('  CPU profile of the last round, ms per snapshot, self:');
  for (const [n, ms] of top(selfByName, 25)) console.log(`    ${(ms / snapshots).toFixed(2).padStart(8)}  ${n}`);
  console.log('  inclusive:');
  for (const [n, ms] of top(inclusive, 45)) console.log(`    ${(ms / snapshots).toFixed(2).padStart(8)}  ${n}`);
}

/** The renderer main thread's trace events, ms per snapshot by name (nested events count in their parents too). */
function summarizeTrace(trace: { traceEvents: TraceEvent[] }, snapshots: number): void {
  // The page's renderer: the process whose main thread is CrRendererMain; every thread of it, by name.
  const names = new Map(trace.traceEvents.filter((e) => e.ph === 'M' && e.name === 'thread_name').map((e) => [`${e.pid}:${e.tid}`, e.args?.name ?? '?']));
  const renderers = new Set([...names.entries()].filter(([, n]) => n === 'CrRendererMain').map(([k]) => k.split(':')[0]));
  const byName = new Map<string, { ms: number; count: number }>();
  for (const e of trace.traceEvents) {
    if (e.ph !== 'X' || !renderers.has(String(e.pid))) continue;
    const thread = (names.get(`${e.pid}:${e.tid}`) ?? '?').replace(/\d+$/, '');
    const key = `${thread}: ${e.name}`;
    const entry = byName.get(key) ?? { ms: 0, count: 0 };
    entry.ms += (e.dur ?? 0) / 1000;
    entry.count++;
    byName.set(key, entry);
  }
  // LAB_INVALIDATIONS=1: what asked for paint and layout, by event, element and reason.
  const invalidations = new Map<string, number>();
  for (const e of trace.traceEvents as (TraceEvent & { args?: { data?: { nodeName?: string; reason?: string } } })[]) {
    if (!e.name.endsWith('InvalidationTracking')) continue;
    const key = `${e.name} ${e.args?.data?.nodeName ?? '?'} (${e.args?.data?.reason ?? '?'})`;
    invalidations.set(key, (invalidations.get(key) ?? 0) + 1);
  }
  if (invalidations.size > 0) {
    console.log('  invalidations per snapshot:');
    for (const [k, n] of [...invalidations.entries()].sort((a, b) => b[1] - a[1]).slice(0, 40)) console.log(`    ${(n / snapshots).toFixed(1).padStart(8)}  ${k}`);
  }
  console.log('  trace of the last round, the renderer threads, by event (ms per snapshot, count per snapshot; wall time, nested events count in their parents):');
  for (const [name, { ms, count }] of [...byName.entries()].sort((a, b) => b[1].ms - a[1].ms).slice(0, 40)) {
    console.log(`    ${(ms / snapshots).toFixed(2).padStart(8)} ms  ${(count / snapshots).toFixed(1).padStart(6)}  ${name}`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
