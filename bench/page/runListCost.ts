/**
 * (In bench/page: it runs the page's own code, here in Node.)
 * `npx tsx bench/page/runListCost.ts`: the CPU time of lab/history/runList.ts's runListEntries, which the
 * Runs list runs again at every save (a sweep's run saves every 2 s while it trains), on 3,000 and
 * 20,000 kept runs: all plain, and all in sweeps of 8. Beside it, what a save cost the list before
 * (ui/history/useRuns.ts's upsertNewestFirst, one copy of the list). Median of 200 calls each.
 */
import { defaultConfig } from '../../src/engine/config/defaults';
import { runListEntries } from '../../src/lab/history/runList';
import type { RunRecord } from '../../src/lab/history/runRecord';
import { sortNewestFirst } from '../../src/lab/history/runStore';
import { upsertNewestFirst } from '../../src/ui/history/useRuns';

const CALLS = 200;
const config = defaultConfig();

function records(count: number, grouped: boolean): RunRecord[] {
  return sortNewestFirst(
    Array.from({ length: count }, (_, i) => ({
      recordVersion: 2, id: `r${i}`, name: `run ${i}`, createdAt: i * 1000, updatedAt: i * 1000, config, backend: 'wasm', history: [], gates: null,
      step: 10, totalSteps: 10, finished: true, diverged: null, source: 'trained' as const,
      group: grouped ? { id: `g${Math.floor(i / 8)}`, kind: 'sweep' as const, name: `sweep ${Math.floor(i / 8)}`, member: `m${i % 8}`, label: `λ ${i % 8}`, index: i % 8, size: 8, linearizeAt: null, width: null } : null,
    })),
  );
}

/** Median CPU time of one call, in ms. */
function cpuMs(work: () => unknown): number {
  for (let i = 0; i < 20; i++) work();
  const times: number[] = [];
  for (let i = 0; i < CALLS; i++) {
    const start = process.cpuUsage();
    work();
    const used = process.cpuUsage(start);
    times.push((used.user + used.system) / 1000);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)];
}

for (const count of [3_000, 20_000]) {
  for (const grouped of [false, true]) {
    const runs = records(count, grouped);
    const saved = { ...runs[count >> 1], step: 11 };
    const list = cpuMs(() => runListEntries(runs));
    const upsert = cpuMs(() => upsertNewestFirst(runs, saved));
    console.log(`${count.toLocaleString('en')} runs, ${grouped ? 'in sweeps of 8' : 'no group   '}: runListEntries ${list.toFixed(3)} ms, upsertNewestFirst ${upsert.toFixed(3)} ms (median CPU of ${CALLS})`);
  }
}
