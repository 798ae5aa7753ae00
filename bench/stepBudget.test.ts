import { describe, expect, it } from 'vitest';
import { timeSteps } from './measure/stepBudget';

/** A step that advances a fake clock: slow for the first `slowSteps` calls, then fast. */
function fakeSteps(slowSteps: number, slowMs: number, fastMs: number) {
  let clock = 0;
  let calls = 0;
  return {
    now: () => clock,
    step: () => {
      clock += calls++ < slowSteps ? slowMs : fastMs;
      return Promise.resolve();
    },
    calls: () => calls,
  };
}

describe('timeSteps', () => {
  it('times only steps after the warm-up steps when no warm-up time is asked', async () => {
    const fake = fakeSteps(30, 10, 3);
    const times = await timeSteps(fake.step, { warmUp: 2, maxSteps: 5, maxMs: 1000 }, fake.now);
    expect(times).toEqual([10, 10, 10, 10, 10]); // inside the slow phase
  });

  it('warms up for at least warmUpMs, so a slow phase after init is not what is timed', async () => {
    const fake = fakeSteps(30, 10, 3);
    const times = await timeSteps(fake.step, { warmUp: 2, warmUpMs: 300, maxSteps: 5, maxMs: 1000 }, fake.now);
    expect(times).toEqual([3, 3, 3, 3, 3]);
    expect(fake.calls()).toBe(30 + 5); // 300 ms of warm-up: the 30 slow steps
  });

  it('still takes the warm-up steps it is given when they are quicker than warmUpMs', async () => {
    const fake = fakeSteps(0, 0, 500);
    await timeSteps(fake.step, { warmUp: 3, warmUpMs: 100, maxSteps: 1, maxMs: 1000 }, fake.now);
    expect(fake.calls()).toBe(3 + 1);
  });
});
