/**
 * CPU time of the Chromium processes this script started, from /proc (Linux): what a page cost the
 * machine beyond its main thread (the GPU process, the utility processes, the browser itself).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const TICKS_PER_SECOND = 100;

/** CPU seconds (user + system) of this script's descendant Chromium processes, by their --type. */
export function chromiumCpu(): Map<string, number> {
  const parent = new Map<number, number>();
  const stats = new Map<number, string[]>();
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(join('/proc', pid, 'stat'), 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parent.set(Number(pid), Number(fields[1]));
      stats.set(Number(pid), fields);
    } catch {
      // a process that ended meanwhile
    }
  }
  const mine = (pid: number): boolean => {
    for (let p = parent.get(pid); p !== undefined && p > 1; p = parent.get(p)) if (p === process.pid) return true;
    return false;
  };
  const byKind = new Map<string, number>();
  for (const [pid, fields] of stats) {
    if (!mine(pid)) continue;
    let cmdline: string[];
    try {
      // Chromium rewrites its title: the arguments may come as one string with spaces.
      cmdline = readFileSync(join('/proc', String(pid), 'cmdline'), 'utf8').split(/[\0 ]/);
    } catch {
      continue;
    }
    if (!/chrom/.test(cmdline[0] ?? '')) continue;
    const kind = cmdline.find((a) => a.startsWith('--type='))?.slice(7) ?? 'browser';
    const sub = cmdline.find((a) => a.startsWith('--utility-sub-type='))?.slice(19);
    const key = sub ? `${kind} (${sub})` : kind;
    byKind.set(key, (byKind.get(key) ?? 0) + (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND);
  }
  return byKind;
}

/** All of them together. */
export function totalSeconds(byKind: ReadonlyMap<string, number>): number {
  let total = 0;
  for (const seconds of byKind.values()) total += seconds;
  return total;
}
