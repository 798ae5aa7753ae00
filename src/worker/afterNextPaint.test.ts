import { afterEach, describe, expect, it, vi } from 'vitest';
import { afterNextPaint } from './afterNextPaint';

afterEach(() => vi.unstubAllGlobals());

describe('afterNextPaint', () => {
  it('calls back in a task after the next frame, not in the frame callback and not before it', async () => {
    const frames: FrameRequestCallback[] = [];
    vi.stubGlobal('requestAnimationFrame', (callback: FrameRequestCallback) => frames.push(callback));
    const calls: string[] = [];
    afterNextPaint(() => calls.push('after'));
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(calls).toEqual([]); // no frame yet (a hidden tab): no call

    frames[0](0);
    calls.push('frame');
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(calls).toEqual(['frame', 'after']);
  });
});
