import { describe, expect, it } from 'vitest';
import { firstTrainedStep } from './snapshotPriority';

describe('firstTrainedStep', () => {
  it('is the snapshot that follows one at step 0 with a trained step, and no other', () => {
    expect(firstTrainedStep(0, 1)).toBe(true);
    expect(firstTrainedStep(0, 4)).toBe(true); // a first slice of several steps
    expect(firstTrainedStep(null, 0)).toBe(false); // the load's snapshot
    expect(firstTrainedStep(null, 1)).toBe(false);
    expect(firstTrainedStep(0, 0)).toBe(false);
    expect(firstTrainedStep(1, 2)).toBe(false); // later snapshots keep their low priority
    expect(firstTrainedStep(120, 0)).toBe(false); // a reset
  });
});
