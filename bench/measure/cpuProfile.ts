/** Reading a Chromium CPU profile (CDP Profiler.stop) and trace: the types, a function's name, inclusive time, the main thread's events. */

export interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

export interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** An event of a Chromium trace (Tracing.start's JSON). */
export interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  dur?: number;
  args?: { name?: string };
}

/** "name file:line", the key the bench's tables list functions by. */
export function frameName(frame: ProfileNode['callFrame']): string {
  return `${frame.functionName || '(anonymous)'} ${frame.url.split('/').pop() || '(native)'}:${frame.lineNumber + 1}`;
}

/**
 * Inclusive ms per function (its self time plus its callees'), each function counted once per stack
 * so that recursion is not counted twice; idle and "(program)" time counts for nothing. `selfMs` is
 * the self time per node id, as the caller attributes samples.
 */
export function inclusiveByFunction(profile: CpuProfile, selfMs: ReadonlyMap<number, number>): Map<string, number> {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const inclusive = new Map<string, number>();
  const walk = (id: number, onStack: Set<string>): number => {
    const node = byId.get(id);
    if (!node) return 0;
    const name = frameName(node.callFrame);
    const idle = node.callFrame.functionName === '(idle)' || node.callFrame.functionName === '(program)';
    let ms = idle ? 0 : (selfMs.get(id) ?? 0);
    const fresh = !onStack.has(name);
    if (fresh) onStack.add(name);
    for (const child of node.children ?? []) ms += walk(child, onStack);
    if (fresh) {
      onStack.delete(name);
      inclusive.set(name, (inclusive.get(name) ?? 0) + ms);
    }
    return ms;
  };
  if (profile.nodes.length > 0) walk(profile.nodes[0].id, new Set());
  return inclusive;
}

/**
 * The renderer main thread's complete events ('X') by name: total ms and count, most time first;
 * nested events count in their parents too.
 */
export function mainThreadEvents(trace: { traceEvents: readonly TraceEvent[] }): { name: string; ms: number; count: number }[] {
  const main = new Set(trace.traceEvents.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
  const byName = new Map<string, { ms: number; count: number }>();
  for (const e of trace.traceEvents) {
    if (e.ph !== 'X' || !main.has(`${e.pid}:${e.tid}`)) continue;
    const entry = byName.get(e.name) ?? { ms: 0, count: 0 };
    entry.ms += (e.dur ?? 0) / 1000;
    entry.count++;
    byName.set(e.name, entry);
  }
  return [...byName.entries()].map(([name, totals]) => ({ name, ...totals })).sort((a, b) => b.ms - a.ms);
}

/** The top `n` of mainThreadEvents as the bench prints them, under a title. */
export function printMainThreadEvents(title: string, trace: { traceEvents: readonly TraceEvent[] }, n = 25): void {
  console.log(`\n${title}: trace, renderer main thread, by event (ms, count; nested events also count in their parents):`);
  for (const { name, ms, count } of mainThreadEvents(trace).slice(0, n)) console.log(`  ${ms.toFixed(0).padStart(7)} ms  ${String(count).padStart(6)}  ${name}`);
}
