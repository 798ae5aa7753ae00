/** Reading a Chromium CPU profile (CDP Profiler.stop) and trace: the types, a function's name, inclusive time. */

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
