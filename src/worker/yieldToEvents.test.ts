import { describe, expect, it } from 'vitest';
import { createEventLoopYield } from './yieldToEvents';

describe('createEventLoopYield', () => {
  it('resolves every yield, in order, after timers already due have run', async () => {
    const yieldToEvents = createEventLoopYield();
    const order: string[] = [];
    setTimeout(() => order.push('timer'), 0);
    await new Promise((resolve) => setTimeout(resolve, 5)); // the timer is due and has run
    const yields = [1, 2, 3].map((n) => yieldToEvents().then(() => order.push(`yield ${n}`)));
    order.push('sync');
    await Promise.all(yields);
    expect(order).toEqual(['timer', 'sync', 'yield 1', 'yield 2', 'yield 3']);
  });

  it('is a real macrotask turn: microtasks queued before it run first', async () => {
    const yieldToEvents = createEventLoopYield();
    const order: string[] = [];
    const done = yieldToEvents().then(() => order.push('yield'));
    void Promise.resolve().then(() => order.push('microtask'));
    await done;
    expect(order).toEqual(['microtask', 'yield']);
  });
});
