import { describe, expect, it } from 'vitest';
import { lambdaHint, type LambdaState } from './lambdaHint';

const at = (s: Partial<LambdaState>): string =>
  lambdaHint({ lambda: 50, inForce: 50, step: 100, startStep: 0, finished: false, running: true, ...s }, String);

describe('the λ hint', () => {
  it('says the prior is in force only when it is', () => {
    expect(at({})).toBe('In force now: λ = 50');
    // t_on = 0 and λ = 0 at step 100: not "before t_on", just no pressure.
    expect(at({ lambda: 0, inForce: 0 })).toBe('λ is 0: no pressure on the gates yet.');
    expect(at({ inForce: 0, startStep: 300 })).toBe('Switches on at step 300 (t_on); now step 100.');
    expect(at({ inForce: 20 })).toBe('Ramping up: λ = 20 in force now.');
  });

  it('after the end says that Play trains on under it, not "in force now"', () => {
    expect(at({ finished: true, running: false })).toBe('Run finished: Play trains on under λ = 50.');
    expect(at({ finished: true, running: false, lambda: 0, inForce: 0 })).toBe('Run finished: dial λ, then Play to train on under it.');
  });
});
