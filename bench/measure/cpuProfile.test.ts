import { describe, expect, it } from 'vitest';
import { frameName, inclusiveByFunction, mainThreadEvents, type CpuProfile } from './cpuProfile';

const frame = (functionName: string, line = 0) => ({ functionName, url: 'http://x/assets/app.js', lineNumber: line });

describe('inclusiveByFunction', () => {
  it('adds callees to their callers, counts a recursive function once per stack, and idle as nothing', () => {
    // (root) -> a -> b -> a (recursion); (root) -> (idle)
    const profile: CpuProfile = {
      nodes: [
        { id: 1, callFrame: frame('(root)'), children: [2, 5] },
        { id: 2, callFrame: frame('a', 9), children: [3] },
        { id: 3, callFrame: frame('b', 19), children: [4] },
        { id: 4, callFrame: frame('a', 9) },
        { id: 5, callFrame: frame('(idle)') },
      ],
      samples: [],
      timeDeltas: [],
    };
    const self = new Map([[2, 1], [3, 2], [4, 4], [5, 100]]);
    const inclusive = inclusiveByFunction(profile, self);
    expect(inclusive.get('a app.js:10')).toBe(7);
    expect(inclusive.get('b app.js:20')).toBe(6);
    expect(inclusive.get('(root) app.js:1')).toBe(7);
    expect(inclusive.get('(idle) app.js:1')).toBe(0);
  });

  it('names a frame without a file as native', () => {
    expect(frameName({ functionName: '', url: '', lineNumber: -1 })).toBe('(anonymous) (native):0');
  });
});

describe('mainThreadEvents', () => {
  it("sums the renderer main thread's complete events by name, most time first, and leaves other threads out", () => {
    const trace = {
      traceEvents: [
        { name: 'thread_name', ph: 'M', pid: 1, tid: 7, args: { name: 'CrRendererMain' } },
        { name: 'thread_name', ph: 'M', pid: 1, tid: 8, args: { name: 'Compositor' } },
        { name: 'FunctionCall', ph: 'X', pid: 1, tid: 7, dur: 2000 },
        { name: 'Layout', ph: 'X', pid: 1, tid: 7, dur: 5000 },
        { name: 'FunctionCall', ph: 'X', pid: 1, tid: 7, dur: 4000 },
        { name: 'Layout', ph: 'X', pid: 1, tid: 8, dur: 90000 },
        { name: 'FunctionCall', ph: 'B', pid: 1, tid: 7 },
      ],
    };
    expect(mainThreadEvents(trace)).toEqual([
      { name: 'FunctionCall', ms: 6, count: 2 },
      { name: 'Layout', ms: 5, count: 1 },
    ]);
  });
});
