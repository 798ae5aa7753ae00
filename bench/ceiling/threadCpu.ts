/**
 * CPU time, in seconds: what a peak loop costs, whatever else the shared machine runs meanwhile. A
 * Chromium renderer's main thread from /proc/<pid>/task/<tid>/schedstat (Linux: nanoseconds on the
 * CPU; read after the call returned, when that thread is idle and its figure final).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

function schedstatSeconds(path: string): number {
  return Number(readFileSync(path, 'utf8').split(' ')[0]) / 1e9;
}

/**
 * This process's CPU time (user + system, all its threads; in Node the work measured here runs on the
 * main thread). Not /proc/thread-self/schedstat: the kernel updates a running thread's own figure
 * only at scheduler ticks, so it reads stale from inside.
 */
export function processCpu(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

/** The main threads (tid = pid) of this script's Chromium renderer processes: pid -> CPU seconds. */
export function rendererMainThreadsCpu(): Map<number, number> {
  const parent = new Map<number, number>();
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(join('/proc', pid, 'stat'), 'utf8');
      parent.set(Number(pid), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // ended meanwhile
    }
  }
  const mine = (pid: number): boolean => {
    for (let p = parent.get(pid); p !== undefined && p > 1; p = parent.get(p)) if (p === process.pid) return true;
    return false;
  };
  const out = new Map<number, number>();
  for (const pid of parent.keys()) {
    if (!mine(pid)) continue;
    try {
      if (!readFileSync(join('/proc', String(pid), 'cmdline'), 'utf8').includes('--type=renderer')) continue;
      out.set(pid, schedstatSeconds(join('/proc', String(pid), 'task', String(pid), 'schedstat')));
    } catch {
      // ended meanwhile
    }
  }
  return out;
}

/** The largest increase between two readings of rendererMainThreadsCpu (the renderer that ran). */
export function largestIncrease(before: Map<number, number>, after: Map<number, number>): number {
  let best = 0;
  for (const [pid, seconds] of after) best = Math.max(best, seconds - (before.get(pid) ?? seconds));
  return best;
}
