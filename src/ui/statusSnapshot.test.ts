import { describe, expect, it } from 'vitest';
import { showsSnapshotAtOnce } from './statusSnapshot';

describe('showsSnapshotAtOnce', () => {
  it('renders at once a settling status with its snapshot once a step was shown, never the first snapshot', () => {
    // The load's step-0 snapshot, then 'ready' and 'running': low priority (the first step is right behind).
    expect(showsSnapshotAtOnce('ready', 1)).toBe(false);
    expect(showsSnapshotAtOnce('running', 1)).toBe(false);
    // Later: "Paused", "Finished", "Back to step 0" never sit beside an older step.
    for (const status of ['paused', 'finished', 'ready', 'error'] as const) expect(showsSnapshotAtOnce(status, 2)).toBe(true);
    // A running status has nothing to settle: its snapshots keep their low priority.
    expect(showsSnapshotAtOnce('running', 5)).toBe(false);
  });
});
