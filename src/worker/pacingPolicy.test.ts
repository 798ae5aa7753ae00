import { describe, expect, it } from 'vitest';
import { PacingPolicy } from './pacingPolicy';

/** A snapshot started at `at`, read back `readMs` later, while training ran (or not). */
function snapshot(pacing: PacingPolicy, at: number, readMs: number, running = true, previewMs = 0): boolean {
  const preview = pacing.snapshotStarts(at, running, previewMs);
  pacing.snapshotTaken(at + readMs, running);
  return preview;
}

describe('PacingPolicy: steps per slice', () => {
  it('starts a run with one step, then aims each slice at 40 ms from the last one’s cost per step', () => {
    const pacing = new PacingPolicy();
    expect(pacing.sliceSteps(100)).toBe(1);
    pacing.sliceTrained(1, 5); // 5 ms a step: 40 / 5 = 8
    expect(pacing.sliceSteps(100)).toBe(8);
    pacing.sliceTrained(8, 120); // 15 ms a step: floor(40 / 15) = 2
    expect(pacing.sliceSteps(100)).toBe(2);
    pacing.sliceTrained(2, 300); // 150 ms a step: never below 1
    expect(pacing.sliceSteps(100)).toBe(1);
  });

  it('caps a slice at 32 steps, also when a slice measured no time at all', () => {
    const pacing = new PacingPolicy();
    pacing.sliceTrained(4, 1); // 0.25 ms a step would be 160
    expect(pacing.sliceSteps(1000)).toBe(32);
    pacing.sliceTrained(32, 0); // counted as 0.1 ms for the slice, still capped
    expect(pacing.sliceSteps(1000)).toBe(32);
  });

  it('never trains past the limit it is given (the next evaluation, the end), but always at least one step', () => {
    const pacing = new PacingPolicy();
    pacing.sliceTrained(1, 4); // 10 steps per slice
    expect(pacing.sliceSteps(3)).toBe(3);
    expect(pacing.sliceSteps(0)).toBe(1);
    expect(pacing.sliceSteps(Number.POSITIVE_INFINITY)).toBe(10);
  });

  it('a new run starts again at one step', () => {
    const pacing = new PacingPolicy();
    pacing.sliceTrained(1, 4);
    pacing.newRun();
    expect(pacing.sliceSteps(100)).toBe(1);
  });
});

describe('PacingPolicy: slow pace', () => {
  it('one step per slice, a snapshot with a fresh preview after each, and a quarter second between steps', () => {
    const pacing = new PacingPolicy();
    pacing.sliceTrained(1, 4); // full pace would now take 10 steps
    pacing.pace = 'slow';
    expect(pacing.sliceSteps(100)).toBe(1);
    expect(pacing.waitAfterSliceMs()).toBe(250);
    // A preview that takes 100 ms would be spaced 5 s apart at full pace; slow shows every step's.
    expect(snapshot(pacing, 0, 10, true, 100)).toBe(true);
    expect(pacing.snapshotDue(260, false)).toBe(true);
    expect(snapshot(pacing, 260, 10, true, 100)).toBe(true);
    // It learns nothing about step costs from slow slices (each one step plus a wait).
    pacing.sliceTrained(1, 250);
    pacing.pace = 'full';
    expect(pacing.sliceSteps(100)).toBe(10);
    expect(pacing.waitAfterSliceMs()).toBe(0);
  });

  it('is due a snapshot after every slice, even on a software renderer and with a draw outstanding', () => {
    const pacing = new PacingPolicy();
    pacing.pace = 'slow';
    snapshot(pacing, 0, 0);
    expect(pacing.snapshotDue(1, true)).toBe(true);
  });
});

describe('PacingPolicy: snapshot spacing at full pace', () => {
  it('shows a run’s first trained slice at once, however recent the step-0 snapshot, then spaces them again', () => {
    const pacing = new PacingPolicy();
    snapshot(pacing, 0, 400, false); // the load's step-0 snapshot, read back slowly (5 s apart at 8 %)
    expect(pacing.snapshotDue(5, false)).toBe(false); // nothing trained yet
    pacing.sliceTrained(1, 5);
    expect(pacing.snapshotDue(10, false)).toBe(true);
    snapshot(pacing, 10, 40);
    pacing.sliceTrained(8, 40);
    expect(pacing.snapshotDue(60, false)).toBe(false);
    pacing.newRun(); // a reset or another run: its first slice is shown at once again
    pacing.sliceTrained(1, 5);
    expect(pacing.snapshotDue(70, true)).toBe(true);
  });

  it('250 ms apart while snapshots are cheap and the page draws fast', () => {
    const pacing = new PacingPolicy();
    expect(pacing.snapshotInterval(false)).toBe(250);
    snapshot(pacing, 0, 8); // 8 / 0.08 = 100 ms: below the floor
    pacing.snapshotDrawn(1);
    expect(pacing.snapshotInterval(false)).toBe(250);
    expect(pacing.snapshotDue(249, false)).toBe(false);
    expect(pacing.snapshotDue(250, false)).toBe(true);
  });

  it('grows with the readback so snapshots take 8 % of the time, capped at 2 s', () => {
    const pacing = new PacingPolicy();
    snapshot(pacing, 0, 40);
    pacing.snapshotDrawn(0);
    expect(pacing.snapshotInterval(false)).toBe(500); // 40 / 0.08
    snapshot(pacing, 500, 120);
    pacing.snapshotDrawn(0);
    expect(pacing.snapshotInterval(false)).toBe(1500);
    snapshot(pacing, 2000, 400);
    pacing.snapshotDrawn(0);
    expect(pacing.snapshotInterval(false)).toBe(2000); // 5 s, capped
    expect(pacing.snapshotDue(3999, false)).toBe(false);
    expect(pacing.snapshotDue(4000, false)).toBe(true);
  });

  it('counts the page’s drawing (3 times what it measures, from the third draw on) in the same 8 %', () => {
    const pacing = new PacingPolicy();
    for (const [i, drawMs] of [10, 10].entries()) {
      snapshot(pacing, i * 1000, 0);
      pacing.snapshotDrawn(drawMs);
    }
    expect(pacing.snapshotInterval(false)).toBe(250); // two draws: not counted yet
    snapshot(pacing, 2000, 0);
    pacing.snapshotDrawn(10);
    expect(pacing.snapshotInterval(false)).toBe(375); // (0 + 3 * 10) / 0.08
    snapshot(pacing, 3000, 6);
    pacing.snapshotDrawn(10);
    expect(pacing.snapshotInterval(false)).toBe(450); // (6 + 30) / 0.08
  });

  it('caps the page’s part at a 1 s spacing: a slow page alone does not space snapshots further', () => {
    const pacing = new PacingPolicy();
    for (let i = 0; i < 3; i++) {
      snapshot(pacing, i * 1000, 0);
      pacing.snapshotDrawn(200); // 600 ms of page per snapshot would mean 7.5 s apart
    }
    expect(pacing.snapshotInterval(false)).toBe(1000); // min(1000 * 0.08, 600) / 0.08
  });

  it('takes the lower median of the last five draws, so one slow frame does not hold the panels back', () => {
    const pacing = new PacingPolicy();
    const draw = (ms: number) => {
      snapshot(pacing, 0, 0);
      pacing.snapshotDrawn(ms);
    };
    [10, 25, 20].forEach(draw); // sorted 10, 20, 25
    expect(pacing.snapshotInterval(false)).toBe(750); // 3 * 20 / 0.08
    draw(15); // 10, 15, 20, 25: the lower of the middle two
    expect(pacing.snapshotInterval(false)).toBe(562.5); // 3 * 15 / 0.08
    draw(100); // 10, 15, 20, 25, 100: one slow frame moves it one place
    expect(pacing.snapshotInterval(false)).toBe(750);
    draw(100); // only the last five count: 15, 20, 25, 100, 100 (the 10 is dropped)
    expect(pacing.snapshotInterval(false)).toBe(937.5); // 3 * 25 / 0.08
  });

  it('only counts draws of snapshots sent while training ran', () => {
    const pacing = new PacingPolicy();
    for (let i = 0; i < 3; i++) {
      snapshot(pacing, i * 1000, 0, false); // a load, a pause, a step: the page may be building itself
      pacing.snapshotDrawn(100);
    }
    expect(pacing.snapshotInterval(false)).toBe(250);
  });

  it('2 s apart while the page has not drawn the last one (a busy page, a hidden tab), and on a software renderer', () => {
    const pacing = new PacingPolicy();
    snapshot(pacing, 0, 0);
    expect(pacing.snapshotInterval(false)).toBe(2000);
    pacing.snapshotDrawn(1);
    expect(pacing.snapshotInterval(false)).toBe(250);
    expect(pacing.snapshotInterval(true)).toBe(2000);
    // A snapshot sent while stopped leaves nothing pending.
    snapshot(pacing, 100, 0, false);
    expect(pacing.snapshotInterval(false)).toBe(250);
  });
});

describe('PacingPolicy: the predictions preview', () => {
  it('while training, recomputed only once its cost is 2 % of the time since the last', () => {
    const pacing = new PacingPolicy();
    expect(snapshot(pacing, 0, 0, true, 0)).toBe(true); // the first: nothing to show yet
    // The last preview took 30 ms: the next one 30 / 0.02 = 1500 ms later.
    expect(snapshot(pacing, 1000, 0, true, 30)).toBe(false);
    expect(snapshot(pacing, 1499, 0, true, 30)).toBe(false);
    expect(snapshot(pacing, 1500, 0, true, 30)).toBe(true);
    expect(snapshot(pacing, 1750, 0, true, 30)).toBe(false);
  });

  it('at most once a second while training, however cheap it is', () => {
    const pacing = new PacingPolicy();
    expect(snapshot(pacing, 0, 0, true, 1)).toBe(true);
    // 1 ms would allow one every 1 / 0.02 = 50 ms; the snapshots come every 250 ms, the preview with every fourth.
    expect([250, 500, 750, 1000, 1250, 1500, 1750, 2000].map((t) => snapshot(pacing, t, 0, true, 1))).toEqual([false, false, false, true, false, false, false, true]);
    // Slow pace shows every step's predictions.
    pacing.pace = 'slow';
    expect(snapshot(pacing, 2250, 0, true, 1)).toBe(true);
  });

  it('always when training stops (pause, a step, the end), and then counts from there', () => {
    const pacing = new PacingPolicy();
    snapshot(pacing, 0, 0, true, 30);
    expect(snapshot(pacing, 100, 0, false, 30)).toBe(true);
    expect(snapshot(pacing, 1500, 0, true, 30)).toBe(false); // 1400 ms since the stopped one
    expect(snapshot(pacing, 1600, 0, true, 30)).toBe(true);
  });
});
