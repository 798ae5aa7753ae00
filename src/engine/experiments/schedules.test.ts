import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../config/defaults';
import { differOnlyInSchedule, earlyVersusLate, lateSchedule, lateScheduleFor } from './schedules';

describe('early versus late', () => {
  const base = { ...defaultConfig(), prior: { ...defaultConfig().prior, lambda: 50, start: 2, startUnit: 'epoch' as const } };

  it('makes two runs on the same seed that differ only in t_on', () => {
    const [early, late] = earlyVersusLate(base);
    expect(early.config.prior.start).toBe(0);
    expect([late.config.prior.start, late.config.prior.startUnit]).toEqual([2, 'epoch']);
    expect(early.config.training.seed).toBe(late.config.training.seed);
    expect(differOnlyInSchedule([early.config, late.config])).toBe(true);
    expect(early.label).toMatch(/early/);
    expect(late.label).toMatch(/late.*epoch 2/);
  });

  it('picks half the training as the late start when the lab starts the prior at 0', () => {
    const atZero = { ...base, prior: { ...base.prior, start: 0 }, training: { ...base.training, epochs: 6 } };
    expect(lateScheduleFor(atZero)).toEqual(lateSchedule(3, 'epoch'));
  });

  it('tells apart configs that differ in more than the schedule', () => {
    const other = { ...base, prior: { ...base.prior, lambda: 1 } };
    expect(differOnlyInSchedule([base, other])).toBe(false);
    expect(differOnlyInSchedule([base])).toBe(false);
  });
});
